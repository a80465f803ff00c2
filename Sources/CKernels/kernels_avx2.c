// The kernels for AVX2 + FMA CPUs (16 vector registers of 8 floats).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define VL 8
#define NT_MR 3
#define NT_NR 4
#define NN_MR 6
#define NN_NV 2
#define HAVE_FMA 1
#define ISA_NAME "avx2"
#define ISA_TABLE digits_isa_avx2
#include "kernels_impl.h"
#pragma clang attribute pop
#endif
