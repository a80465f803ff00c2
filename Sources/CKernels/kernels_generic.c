// The kernels for any CPU: 4-float vectors (SSE2 on x86-64, NEON elsewhere), no FMA.
#define VL 4
#define NT_MR 3
#define NT_NR 4
#define NN_MR 6
#define NN_NV 2
#define HAVE_FMA 0
#define ISA_NAME "generic"
#define ISA_TABLE digits_isa_generic
#include "kernels_impl.h"
