/// CKernels: the fast fp32 kernels behind DigitsKit's matrix products and element-wise passes.
///
/// Every matrix is row-major. Vector code is compiled per instruction set inside the library
/// (AVX-512, AVX2+FMA, plain SSE2) and chosen once at run time with __builtin_cpu_supports, so the
/// package needs no special compiler flags and runs on any x86-64 (and, through the plain C
/// path, on other CPUs).
///
/// Determinism: for a given machine (instruction set), every output element is computed by one
/// thread in a fixed order that does not depend on the thread count or on how the work is split,
/// so 1 and 2 threads give identical bits.
#ifndef DIGITS_CKERNELS_H
#define DIGITS_CKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// C = alpha · op(A) · op(B) + beta · C, with exactly cblas_sgemm(CblasRowMajor, ...) semantics.
///
/// op(A) is M×K (A is M×K, or K×M when transA != 0), op(B) is K×N (B is K×N, or N×K when
/// transB != 0), C is M×N. lda/ldb/ldc are row strides in floats. When beta == 0, C is not read
/// (NaN in C is overwritten); when alpha == 0 or K == 0, A and B are not read.
void digits_sgemm(int transA, int transB, int M, int N, int K, float alpha,
                  const float *A, int lda, const float *B, int ldb,
                  float beta, float *C, int ldc);

/// The plain triple-loop sgemm (same semantics, float accumulation in k order). Tests hold the
/// fast one to it.
void digits_sgemm_reference(int transA, int transB, int M, int N, int K, float alpha,
                            const float *A, int lda, const float *B, int ldb,
                            float beta, float *C, int ldc);

/// out[i][j] = σ(Z[i][j] + bias[j]) for a rows×cols block (bias may be NULL: no bias).
/// out may equal Z (in place). σ uses a vectorised exp: max relative error < 1e-6 for
/// z ≥ −87; σ(z) = 0 exactly for z < −87.33 (true value < 1.2e-38), 1 for large z,
/// σ(+inf) = 1, σ(−inf) = 0, σ(NaN) = NaN.
void digits_bias_sigmoid(int rows, int cols, const float *Z, int ldz, const float *bias,
                         float *out, int ldo);

/// out[i][·] = softmax(Z[i][·] + bias) for each row of a rows×cols block: e^(z_j − m) / Σ_k
/// e^(z_k − m) with m the row's largest z (no overflow; the sum is ≥ 1), summed in column order,
/// with the C library's expf (bias may be NULL; out may equal Z). A NaN in a row makes the whole
/// row NaN. Plain C: the same bits on every instruction set and thread count.
void digits_bias_softmax(int rows, int cols, const float *Z, int ldz, const float *bias,
                         float *out, int ldo);

/// BP1, output error: D = (A − Y) ⊙ A ⊙ (1 − A) when quadratic != 0 (quadratic cost with
/// σ'(z) = a(1 − a)), D = A − Y otherwise (cross-entropy with a sigmoid output, log-likelihood
/// with a softmax output). D may equal A.
void digits_output_delta(int rows, int cols, const float *A, int lda, const float *Y, int ldy,
                         float *D, int ldd, int quadratic);

/// BP2's element-wise half, in place: D = D ⊙ A ⊙ (1 − A) (σ'(z) from the stored activations).
void digits_mul_sigmoid_prime(int rows, int cols, float *D, int ldd, const float *A, int lda);

/// out[j] = beta · out[j] + alpha · Σ_i D[i][j] (bias gradients; rows summed in order 0, 1, …).
/// When beta == 0, out is not read.
void digits_column_sums(int rows, int cols, const float *D, int ldd, float alpha, float beta,
                        float *out);

/// The end of a momentum SGD step over n parameters whose velocities v already hold
/// mu·v − step·g (see sgemm's beta): v = v − l2·w when l2 != 0, then w = w + v, element-wise,
/// each operation rounded. Large n is split over the threads (same bits).
void digits_momentum_apply(long n, float l2, float *v, float *w);

/// A Nesterov momentum step over n parameters from their gradients summed over the mini-batch,
/// g: u = step·g, then u = u + l2·w when l2 != 0 (u is η∇C), v = mu·v − u, w = (w + mu·v) − u
/// (with the new v), element-wise, each operation rounded. Large n is split over the threads
/// (same bits).
void digits_nesterov_apply(long n, float step, float mu, float l2, const float *g, float *v, float *w);

/// Max-norm: every row of the rows×cols block W (row stride ldw) whose L2 norm exceeds c is
/// scaled by c/‖row‖. The norm is summed in float in a fixed order per instruction set.
void digits_max_norm_rows(int rows, int cols, float *W, int ldw, float c);

/// out[i] = x[i] · m[i] for i < n (out may be x): a dropout mask applied.
void digits_multiply(long n, const float *x, const float *m, float *out);

/// Widens bytes to floats: dst[i] = scale · src[i] for i < n (pixels scaled to [0, 1]).
void digits_widen_bytes(const unsigned char *src, long n, float scale, float *dst);

/// Gathers rows of bytes as floats: dst[r][p] = scale · src[rows[r]·cols + p] for r < count,
/// p < cols (a mini-batch of images, pixels scaled to [0, 1]).
void digits_gather_bytes(const unsigned char *src, long cols, const long *rows, int count, float scale,
                         float *dst);

/// Asks the CPU to start fetching byte rows src[rows[r]·cols ..< (rows[r]+1)·cols] into cache
/// (the next mini-batch's images, while this one computes). Has no visible effect.
void digits_prefetch_rows(const unsigned char *src, long cols, const long *rows, int count);

/// Sets the number of threads sgemm may use (n <= 0: the number of online CPUs, at most 64).
/// Work below ~1e6 multiply-adds always runs on the calling thread.
void digits_set_threads(int n);

/// The threads sgemm may use on the calling thread: the count set by digits_set_threads
/// (default: online CPUs), lowered to this thread's limit if it has one.
int digits_threads(void);

/// Caps the threads sgemm uses when called from this thread (n <= 0: no cap), whatever
/// digits_set_threads says; returns the previous cap. For work that runs beside other work.
int digits_set_thread_limit(int n);

/// The fewest multiply-adds (M·N·K) for which sgemm splits a product over threads.
long digits_parallel_min_work(void);

/// The instruction set the kernels run with: "avx512", "avx2" or "generic".
const char *digits_kernel_isa(void);

/// 1 if the named instruction set ("avx512", "avx2", "generic") can run on this CPU.
int digits_isa_available(const char *name);
/// Makes the calling thread's kernels (and the sgemm work it hands to other threads) use the named
/// instruction set; NULL restores the automatic choice. Returns 0, changing nothing, when the
/// name is unknown or cannot run on this CPU. For tests and benchmarks that pin results per
/// instruction set.
int digits_set_thread_isa(const char *name);

/// digits_sgemm_ex flag: in the A·Bᵀ form (transA 0, transB 1), skip the whole vectors of k
/// where every row of a band of A is zero (inputs such as images, mostly blank). The products
/// skipped are 0·b, which add exactly nothing: the result is the same bits as without the flag
/// whenever B is finite there (a non-finite b would have made NaN).
#define DIGITS_SGEMM_SKIP_ZERO_A 1

/// digits_sgemm with options, leaving the global settings alone (for the network's first layer,
/// tests and benchmarks): an instruction set (NULL: the automatic one), a thread count (<= 0:
/// digits_threads()) and flags (DIGITS_SGEMM_*). Returns 0, doing nothing, when the instruction
/// set cannot run here.
int digits_sgemm_ex(const char *isa, int threads, int flags, int transA, int transB, int M, int N, int K,
                    float alpha, const float *A, int lda, const float *B, int ldb, float beta, float *C,
                    int ldc);

/// digits_bias_sigmoid with an explicit instruction set; 0 when it cannot run here.
int digits_bias_sigmoid_using(const char *isa, int rows, int cols, const float *Z, int ldz,
                              const float *bias, float *out, int ldo);

/// Bilinear samples of a width × height byte image (the per-epoch distortions): out[i] is the
/// image sampled at (xs[i], ys[i]), 0 unless −1 < x < width and −1 < y < height (NaN: 0), with
/// taps outside the image reading 0, rounded half up to a byte. `image` is stored with a border
/// of one 0 pixel all round: (height + 2) rows of width + 2 bytes, pixel (x, y) at
/// (y + 1)·(width + 2) + x + 1, and at least 4 readable bytes after it (the vector loop reads
/// 4 bytes per tap pair). Uses AVX2 where the CPU has it; the same bits either way.
void digits_bilinear_bytes(const unsigned char *image, int width, int height, const float *xs,
                           const float *ys, long n, unsigned char *out);

/// digits_bilinear_bytes one sample at a time (tests hold the vector loop to it).
void digits_bilinear_bytes_scalar(const unsigned char *image, int width, int height, const float *xs,
                                  const float *ys, long n, unsigned char *out);

#ifdef __cplusplus
}
#endif
#endif
