// Private to CKernels: the per-instruction-set kernel table and the thread pool.
#ifndef DIGITS_KERNELS_INTERNAL_H
#define DIGITS_KERNELS_INTERNAL_H

/// C block [i0,i1)×[j0,j1) of alpha·A·Bᵀ + beta·C (A: M×K rows, B: N×K rows: dot-product form).
/// With skip_zero_a, whole vectors of k where a band's rows of A are all zero are not visited
/// (the same bits when B is finite).
typedef void (*digits_nt_block_fn)(int i0, int i1, int j0, int j1, int K, int skip_zero_a, float alpha,
                                   const float *A, int lda, const float *B, int ldb,
                                   float beta, float *C, int ldc);
/// C block [i0,i1)×[j0,j1) of alpha·op(A)·B + beta·C (B: K×N rows: outer-product form).
/// op(A)(i,k) = A[i*ars + k*acs].
typedef void (*digits_nn_block_fn)(int i0, int i1, int j0, int j1, int K, float alpha,
                                  const float *A, int ars, int acs, const float *B, int ldb,
                                  float beta, float *C, int ldc);

typedef struct {
    const char *name;
    int vl;             // floats per vector
    int nt_mr, nt_nr;   // NT tile: rows of A × rows of B
    int nn_mr;          // NN tile rows (a split by columns is in whole vectors, vl)
    digits_nt_block_fn nt_block;
    digits_nn_block_fn nn_block;
    void (*bias_sigmoid)(int rows, int cols, const float *Z, int ldz, const float *bias,
                         float *out, int ldo);
    void (*output_delta)(int rows, int cols, const float *A, int lda, const float *Y, int ldy,
                         float *D, int ldd, int quadratic);
    void (*mul_sigmoid_prime)(int rows, int cols, float *D, int ldd, const float *A, int lda);
    void (*widen_bytes)(const unsigned char *src, long n, float scale, float *dst);
    void (*momentum_apply)(long n, float l2, float *v, float *w);
    void (*nesterov_apply)(long n, float step, float mu, float l2, const float *g, float *v, float *w);
    void (*max_norm_rows)(int rows, int cols, float *W, int ldw, float c);
} digits_isa;

extern const digits_isa digits_isa_generic;
#if defined(__x86_64__) || defined(__i386__)
extern const digits_isa digits_isa_avx2;
extern const digits_isa digits_isa_avx512;
#endif

/// Runs fn(ctx, p, parts) for p in 0..<parts, part 0 on the calling thread, the others on the
/// persistent workers. Returns 0 without running anything when the pool is busy (another
/// thread's call is using it) or cannot start threads; the caller then runs the work alone.
typedef void (*digits_task_fn)(void *ctx, int part, int parts);
int digits_pool_run(digits_task_fn fn, void *ctx, int parts);

#endif
