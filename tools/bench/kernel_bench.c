// Kernel micro-benchmark: GFLOP/s of digits_sgemm for the shapes training and inference use.
//
// Built by tools/bench/run with the toolchain's clang at -O2 from the same sources as the
// CKernels target:  clang -O2 -pthread -I Sources/CKernels/include tools/bench/kernel_bench.c \
//                   Sources/CKernels/*.c -lm -o kernel_bench
// Usage: kernel_bench [--threads N] [--isa avx512|avx2|generic] [--reps R]   (prints JSON)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "CKernels.h"

typedef struct { const char *name; int tA, tB, M, N, K; } shape;

// Keep in sync with MATMUL_SHAPES in reference.py (same names, same operand layouts).
static const shape shapes[] = {
    {"fwd 784->30 b10 (A*Wt)", 0, 1, 10, 30, 784},
    {"fwd 784->100 b10 (A*Wt)", 0, 1, 10, 100, 784},
    {"fwd 784->100 b100 (A*Wt)", 0, 1, 100, 100, 784},
    {"bp2 100->... b10 (d*W)", 0, 0, 10, 100, 10},
    {"bp4 30x784 b10 (dT*A)", 1, 0, 30, 784, 10},
    {"bp4 100x784 b10 (dT*A)", 1, 0, 100, 784, 10},
    {"bp4 100x784 b100 (dT*A)", 1, 0, 100, 784, 100},
    {"infer 10000x100x784 (X*Wt)", 0, 1, 10000, 100, 784},
};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int threads = 1, reps = 5;
    const char *isa = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--isa") && i + 1 < argc) isa = argv[++i];
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else { fprintf(stderr, "usage: kernel_bench [--threads N] [--isa NAME] [--reps R]\n"); return 2; }
    }
    if (reps < 1 || reps > 101) reps = 5;
    if (isa && !digits_isa_available(isa)) { fprintf(stderr, "instruction set %s not available\n", isa); return 2; }
    printf("{\"isa\": \"%s\", \"threads\": %d, \"results\": [\n", isa ? isa : digits_kernel_isa(), threads);
    int count = (int)(sizeof shapes / sizeof shapes[0]);
    for (int s = 0; s < count; s++) {
        shape sh = shapes[s];
        int ar = sh.tA ? sh.K : sh.M, ac = sh.tA ? sh.M : sh.K;
        int br = sh.tB ? sh.N : sh.K, bc = sh.tB ? sh.K : sh.N;
        float *A = malloc(sizeof(float) * ar * ac), *B = malloc(sizeof(float) * br * bc),
              *C = malloc(sizeof(float) * sh.M * sh.N);
        for (long i = 0; i < (long)ar * ac; i++) A[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
        for (long i = 0; i < (long)br * bc; i++) B[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
        double flops = 2.0 * sh.M * sh.N * sh.K;
        // Calls per timing: about 50 ms of work at ~20 GFLOP/s, at least 1.
        long calls = (long)(1e9 / flops);
        if (calls < 1) calls = 1;
        double t[101];
        digits_sgemm_ex(isa, threads, 0, sh.tA, sh.tB, sh.M, sh.N, sh.K, 1, A, ac, B, bc, 0, C, sh.N);
        for (int r = 0; r < reps; r++) {
            double t0 = now();
            for (long c = 0; c < calls; c++)
                digits_sgemm_ex(isa, threads, 0, sh.tA, sh.tB, sh.M, sh.N, sh.K, 1, A, ac, B, bc, 0, C, sh.N);
            t[r] = (now() - t0) / calls;
        }
        qsort(t, reps, sizeof t[0], cmp);
        double med = t[reps / 2];
        printf("  {\"name\": \"%s\", \"m\": %d, \"n\": %d, \"k\": %d, \"seconds\": %.9g, \"gflops\": %.4g}%s\n",
               sh.name, sh.M, sh.N, sh.K, med, flops / med * 1e-9, s + 1 < count ? "," : "");
        free(A); free(B); free(C);
    }
    printf("]}\n");
    return 0;
}
