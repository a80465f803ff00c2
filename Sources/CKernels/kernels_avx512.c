// The kernels for AVX-512 CPUs (32 vector registers of 16 floats).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#pragma clang attribute push(__attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma"))), apply_to = function)
#define VL 16
#define NT_MR 4
#define NT_NR 6
#define NN_MR 6
#define NN_NV 4
#define HAVE_FMA 1
#define ISA_NAME "avx512"
#define ISA_TABLE digits_isa_avx512
#include "kernels_impl.h"
#pragma clang attribute pop
#endif
