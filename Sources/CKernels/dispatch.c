// The public entry points: argument edge cases, the choice of instruction set, the split of
// sgemm over threads, the reference sgemm and the plain element-wise helpers.
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "CKernels.h"
#include "kernels_internal.h"

// Below this many multiply-adds a second thread costs more than it saves.
#define THREAD_MIN_WORK 1000000L

static const digits_isa *_Atomic chosen;
static _Thread_local const digits_isa *thread_isa;  // this thread's override (NULL: none), see digits_set_thread_isa
static atomic_int thread_setting;  // 0: not set yet
static _Thread_local int thread_limit;  // this thread's cap (0: none), see digits_set_thread_limit

static const digits_isa *auto_isa(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq"))
        return &digits_isa_avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &digits_isa_avx2;
#endif
    return &digits_isa_generic;
}

static const digits_isa *isa(void) {
    if (thread_isa) return thread_isa;
    const digits_isa *p = atomic_load(&chosen);
    if (!p) {
        p = auto_isa();
        atomic_store(&chosen, p);
    }
    return p;
}

const char *digits_kernel_isa(void) { return isa()->name; }

/// The table for an instruction-set name, or NULL when unknown or not runnable on this CPU.
static const digits_isa *isa_named(const char *name) {
    if (!name) return isa();
    if (strcmp(name, "generic") == 0) return &digits_isa_generic;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (strcmp(name, "avx2") == 0 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return &digits_isa_avx2;
    if (strcmp(name, "avx512") == 0 && auto_isa() == &digits_isa_avx512) return &digits_isa_avx512;
#endif
    return 0;
}

int digits_isa_available(const char *name) { return isa_named(name) != 0; }

int digits_set_thread_isa(const char *name) {
    if (!name) {
        thread_isa = 0;
        return 1;
    }
    const digits_isa *p = isa_named(name);
    if (!p) return 0;
    thread_isa = p;
    return 1;
}

void digits_set_threads(int n) {
    if (n <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        n = cpus < 1 ? 1 : cpus > 64 ? 64 : (int)cpus;
    }
    atomic_store(&thread_setting, n > 64 ? 64 : n);
}

int digits_threads(void) {
    int n = atomic_load(&thread_setting);
    if (n == 0) {
        digits_set_threads(0);
        n = atomic_load(&thread_setting);
    }
    return thread_limit > 0 && thread_limit < n ? thread_limit : n;
}

int digits_set_thread_limit(int n) {
    int old = thread_limit;
    thread_limit = n < 0 ? 0 : n;
    return old;
}

long digits_parallel_min_work(void) { return THREAD_MIN_WORK; }

// ------------------------------------------------------------------------------------- sgemm

typedef struct {
    const digits_isa *isa;
    int nt;             // 1: B is N×K (dot-product kernel); 0: B is K×N (outer-product kernel)
    int M, N, K;
    float alpha, beta;
    const float *A, *B;
    int ars, acs, lda, ldb;
    float *C;
    int ldc;
    int split_rows;     // split rows (else columns) over parts, in units of `unit`
    int unit;
    int skip_zero_a;    // NT form: skip whole k-vectors where a band of A is zero
} gemm_job;

static void gemm_part(void *vctx, int part, int parts) {
    gemm_job *j = vctx;
    int extent = j->split_rows ? j->M : j->N;
    int units = (extent + j->unit - 1) / j->unit;
    int u0 = (int)((long)units * part / parts), u1 = (int)((long)units * (part + 1) / parts);
    int lo = u0 * j->unit, hi = u1 * j->unit;
    if (hi > extent) hi = extent;
    if (lo >= hi) return;
    int i0 = 0, i1 = j->M, j0 = 0, j1 = j->N;
    if (j->split_rows) { i0 = lo; i1 = hi; } else { j0 = lo; j1 = hi; }
    if (j->nt)
        j->isa->nt_block(i0, i1, j0, j1, j->K, j->skip_zero_a, j->alpha, j->A, j->lda, j->B, j->ldb, j->beta,
                         j->C, j->ldc);
    else
        j->isa->nn_block(i0, i1, j0, j1, j->K, j->alpha, j->A, j->ars, j->acs, j->B, j->ldb, j->beta, j->C, j->ldc);
}

static void scale_c(int M, int N, float beta, float *C, int ldc) {
    for (int i = 0; i < M; i++) {
        float *c = C + (long)i * ldc;
        if (beta == 0) memset(c, 0, (size_t)N * sizeof(float));
        else if (beta != 1) for (int j = 0; j < N; j++) c[j] = beta * c[j];
    }
}

static void gemm_run(const digits_isa *isa, int threads, int flags, int transA, int transB, int M, int N,
                     int K, float alpha, const float *A, int lda, const float *B, int ldb, float beta,
                     float *C, int ldc) {
    if (M <= 0 || N <= 0) return;
    if (alpha == 0 || K <= 0) {
        scale_c(M, N, beta, C, ldc);
        return;
    }
    float *bt = 0;
    if (transA && transB) {
        // Aᵀ·Bᵀ (unused by training): transpose B into a K×N panel and take the TN path.
        bt = malloc((size_t)K * (size_t)N * sizeof(float));
        if (!bt) {
            digits_sgemm_reference(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
            return;
        }
        for (int n = 0; n < N; n++)
            for (int k = 0; k < K; k++) bt[(long)k * N + n] = B[(long)n * ldb + k];
        B = bt;
        ldb = N;
        transB = 0;
    }
    gemm_job job = {
        .isa = isa, .nt = transB && !transA, .M = M, .N = N, .K = K, .alpha = alpha, .beta = beta,
        .A = A, .B = B, .lda = lda, .ldb = ldb, .C = C, .ldc = ldc,
        .ars = transA ? 1 : lda, .acs = transA ? lda : 1,
        .skip_zero_a = (flags & DIGITS_SGEMM_SKIP_ZERO_A) != 0,
    };
    int mr = job.nt ? job.isa->nt_mr : job.isa->nn_mr;
    int nr = job.nt ? job.isa->nt_nr : job.isa->vl;
    int parts = 1;
    if (threads > 1 && (long)M * N * K >= THREAD_MIN_WORK) {
        // Split the dimension with more tiles; tile-aligned, so each part runs whole tiles.
        int rowTiles = (M + mr - 1) / mr, colTiles = (N + nr - 1) / nr;
        job.split_rows = rowTiles >= colTiles;
        job.unit = job.split_rows ? mr : nr;
        int tiles = job.split_rows ? rowTiles : colTiles;
        parts = tiles < threads ? tiles : threads;
    }
    if (parts <= 1 || !digits_pool_run(gemm_part, &job, parts)) {
        job.split_rows = 1;
        job.unit = M;
        gemm_part(&job, 0, 1);
    }
    free(bt);
}

void digits_sgemm(int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
                  const float *B, int ldb, float beta, float *C, int ldc) {
    gemm_run(isa(), digits_threads(), 0, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

int digits_sgemm_ex(const char *isa_name, int threads, int flags, int transA, int transB, int M, int N, int K,
                    float alpha, const float *A, int lda, const float *B, int ldb, float beta, float *C,
                    int ldc) {
    const digits_isa *p = isa_named(isa_name);
    if (!p) return 0;
    gemm_run(p, threads < 1 ? digits_threads() : threads, flags, transA, transB, M, N, K, alpha, A, lda, B, ldb,
             beta, C, ldc);
    return 1;
}

void digits_sgemm_reference(int transA, int transB, int M, int N, int K, float alpha, const float *A,
                            int lda, const float *B, int ldb, float beta, float *C, int ldc) {
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float sum = 0;
            if (alpha != 0)
                for (int k = 0; k < K; k++) {
                    float a = transA ? A[(long)k * lda + i] : A[(long)i * lda + k];
                    float b = transB ? B[(long)j * ldb + k] : B[(long)k * ldb + j];
                    sum += a * b;
                }
            float *c = C + (long)i * ldc + j;
            *c = beta == 0 ? alpha * sum : alpha * sum + beta * *c;
        }
}

// ------------------------------------------------------------------------------- element-wise

void digits_bias_sigmoid(int rows, int cols, const float *Z, int ldz, const float *bias, float *out,
                         int ldo) {
    if (rows > 0 && cols > 0) isa()->bias_sigmoid(rows, cols, Z, ldz, bias, out, ldo);
}

int digits_bias_sigmoid_using(const char *isa_name, int rows, int cols, const float *Z, int ldz,
                               const float *bias, float *out, int ldo) {
    const digits_isa *p = isa_named(isa_name);
    if (!p) return 0;
    if (rows > 0 && cols > 0) p->bias_sigmoid(rows, cols, Z, ldz, bias, out, ldo);
    return 1;
}

void digits_output_delta(int rows, int cols, const float *A, int lda, const float *Y, int ldy,
                         float *D, int ldd, int quadratic) {
    if (rows > 0 && cols > 0) isa()->output_delta(rows, cols, A, lda, Y, ldy, D, ldd, quadratic);
}

void digits_mul_sigmoid_prime(int rows, int cols, float *D, int ldd, const float *A, int lda) {
    if (rows > 0 && cols > 0) isa()->mul_sigmoid_prime(rows, cols, D, ldd, A, lda);
}

void digits_column_sums(int rows, int cols, const float *D, int ldd, float alpha, float beta,
                        float *out) {
    if (cols <= 0) return;
    if (beta == 0) {  // sum straight into out (no scratch buffer): same order, same bits
        memset(out, 0, (size_t)cols * sizeof(float));
        for (int i = 0; i < rows; i++) {
            const float *d = D + (long)i * ldd;
            for (int j = 0; j < cols; j++) out[j] += d[j];
        }
        if (alpha != 1)
            for (int j = 0; j < cols; j++) out[j] = alpha * out[j];
        return;
    }
    // Onto out: each column summed down the rows (the same order, so the same bits), no scratch.
    for (int j = 0; j < cols; j++) {
        float s = 0;
        for (int i = 0; i < rows; i++) s += D[(long)i * ldd + j];
        out[j] = beta * out[j] + alpha * s;
    }
}

void digits_gather_bytes(const unsigned char *src, long cols, const long *rows, int count, float scale,
                         float *dst) {
    const digits_isa *p = isa();
    for (int r = 0; r < count; r++) p->widen_bytes(src + rows[r] * cols, cols, scale, dst + (long)r * cols);
}

typedef struct {
    const digits_isa *isa;
    long n;
    float l2;
    float *v, *w;
} momentum_job;

static void momentum_part(void *vctx, int part, int parts) {
    momentum_job *j = vctx;
    long blocks = (j->n + 15) / 16;  // parts start on 16-float boundaries
    long lo = blocks * part / parts * 16, hi = blocks * (part + 1) / parts * 16;
    if (hi > j->n) hi = j->n;
    if (lo < hi) j->isa->momentum_apply(hi - lo, j->l2, j->v + lo, j->w + lo);
}

void digits_momentum_apply(long n, float l2, float *v, float *w) {
    if (n <= 0) return;
    momentum_job job = {isa(), n, l2, v, w};
    int threads = digits_threads();
    // Element-wise, so any split gives the same bits; only large layers are worth a second thread.
    int parts = threads > 1 && n >= THREAD_MIN_WORK / 4 ? threads : 1;
    if (parts <= 1 || !digits_pool_run(momentum_part, &job, parts)) momentum_part(&job, 0, 1);
}

typedef struct {
    const digits_isa *isa;
    long n;
    float step, mu, l2;
    const float *g;
    float *v, *w;
} nesterov_job;

static void nesterov_part(void *vctx, int part, int parts) {
    nesterov_job *j = vctx;
    long blocks = (j->n + 15) / 16;  // parts start on 16-float boundaries
    long lo = blocks * part / parts * 16, hi = blocks * (part + 1) / parts * 16;
    if (hi > j->n) hi = j->n;
    if (lo < hi) j->isa->nesterov_apply(hi - lo, j->step, j->mu, j->l2, j->g + lo, j->v + lo, j->w + lo);
}

void digits_nesterov_apply(long n, float step, float mu, float l2, const float *g, float *v, float *w) {
    if (n <= 0) return;
    nesterov_job job = {isa(), n, step, mu, l2, g, v, w};
    int threads = digits_threads();
    // Element-wise, so any split gives the same bits (as digits_momentum_apply).
    int parts = threads > 1 && n >= THREAD_MIN_WORK / 4 ? threads : 1;
    if (parts <= 1 || !digits_pool_run(nesterov_part, &job, parts)) nesterov_part(&job, 0, 1);
}

void digits_max_norm_rows(int rows, int cols, float *W, int ldw, float c) {
    if (rows > 0 && cols > 0) isa()->max_norm_rows(rows, cols, W, ldw, c);
}

void digits_multiply(long n, const float *x, const float *m, float *out) {
    for (long i = 0; i < n; i++) out[i] = x[i] * m[i];
}

void digits_widen_bytes(const unsigned char *src, long n, float scale, float *dst) {
    if (n > 0) isa()->widen_bytes(src, n, scale, dst);
}

// Locality 1 (prefetcht2 on x86), not 3: measured here (AMD EPYC VM) with a mini-batch of compute
// between prefetch and use, the gather then waited 2.4 ms per epoch instead of 7.5 ms (t0/nta).
void digits_prefetch_rows(const unsigned char *src, long cols, const long *rows, int count) {
    for (int r = 0; r < count; r++) {
        const unsigned char *s = src + rows[r] * cols;
        for (long p = 0; p < cols; p += 64) __builtin_prefetch(s + p, 0, 1);
        __builtin_prefetch(s + cols - 1, 0, 1);
    }
}
