// The kernels, written once with clang vector extensions and compiled once per instruction set
// by kernels_<isa>.c, which define before including this file:
//   VL (floats per vector), NT_MR, NT_NR, NN_MR, NN_NV (vectors per NN tile row),
//   ISA_NAME (string), ISA_TABLE (name of the exported digits_isa), HAVE_FMA (0/1).
// Every output element is computed the same way whatever tile it falls in (k-ordered lane-wise
// multiply-adds from zero, zero-padded tails, one fixed reduction tree, one epilogue), which is
// what makes results independent of the thread split.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "kernels_internal.h"

#pragma clang fp contract(off)

typedef float vf __attribute__((vector_size(VL * 4), aligned(4), __may_alias__));
typedef int vi __attribute__((vector_size(VL * 4), aligned(4), __may_alias__));

#define AI static inline __attribute__((always_inline))
#define UNROLL _Pragma("clang loop unroll(full)")
#define LOADV(p) (*(const vf *)(p))
#define STOREV(p, v) (*(vf *)(p) = (v))
#define SPLAT(s) ((float)(s) - (vf){0})
#define SPLATI(s) ((vi){0} + (int)(s))
#if HAVE_FMA
#define VFMA(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#else
#define VFMA(a, b, c) ((a) * (b) + (c))
#endif

/// The first n (0 < n < VL) floats at p, zeros after; reads nothing past p[n-1]. Masked
/// loads and stores where the instruction set has them (a memcpy through the stack stalls on
/// store forwarding), an element loop otherwise.
AI vf load_partial(const float *p, int n) {
#if VL == 16
    return (vf)_mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), p);
#elif VL == 8
    __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return (vf)_mm256_maskload_ps(p, _mm256_cmpgt_epi32(_mm256_set1_epi32(n), lanes));
#else
    vf v = {0};
    for (int i = 0; i < n; i++) v[i] = p[i];
    return v;
#endif
}

/// Writes the first n (0 < n < VL) lanes of v to p; touches nothing past p[n-1].
AI void store_partial(float *p, vf v, int n) {
#if VL == 16
    _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1), (__m512)v);
#elif VL == 8
    __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    _mm256_maskstore_ps(p, _mm256_cmpgt_epi32(_mm256_set1_epi32(n), lanes), (__m256)v);
#else
    for (int i = 0; i < n; i++) p[i] = v[i];
#endif
}

/// Sum of the lanes by a fixed halving tree (lane i + lane i+w, w = VL/2, …, 1).
typedef float vf8 __attribute__((vector_size(32)));
typedef float vf4 __attribute__((vector_size(16)));
typedef float vf2 __attribute__((vector_size(8)));
AI float hsum(vf v) {
#if VL == 16
    vf8 h = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
            __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
#elif VL == 8
    vf8 h = v;
#endif
#if VL >= 8
    vf4 q = __builtin_shufflevector(h, h, 0, 1, 2, 3) + __builtin_shufflevector(h, h, 4, 5, 6, 7);
#else
    vf4 q = v;
#endif
    vf2 d = __builtin_shufflevector(q, q, 0, 1) + __builtin_shufflevector(q, q, 2, 3);
    return d[0] + d[1];
}

AI float epilogue(float acc, float alpha, float beta, const float *c) {
    float v = alpha * acc;
    if (beta != 0) v = v + beta * *c;
    return v;
}

// ---------------------------------------------------------------- NT: C = A·Bᵀ (dot products)

/// The most whole k-vectors a band tracks for zero-skipping (K ≤ 256·VL); longer K is never skipped.
#define NT_MAX_KV 256

/// `ks`: the offsets of the whole k-vectors to visit, `nk` of them, or NULL for all of them. A
/// vector left out is one where every row of this tile's A is zero: its products 0·b add exactly
/// nothing (the accumulators start at +0 and never become −0), so the result is the same bits
/// as visiting it, provided B is finite there.
AI void nt_tile(const int mr, const int nr, int K, const int *ks, int nk, float alpha, const float *A,
                int lda, const float *B, int ldb, float beta, float *C, int ldc) {
    vf acc[NT_MR][NT_NR];
    UNROLL for (int r = 0; r < mr; r++)
        UNROLL for (int c = 0; c < nr; c++) acc[r][c] = (vf){0};
#define NT_STEP(k)                                                                      \
    do {                                                                                \
        vf a[NT_MR];                                                                    \
        UNROLL for (int r = 0; r < mr; r++) a[r] = LOADV(A + (long)r * lda + (k));      \
        UNROLL for (int c = 0; c < nr; c++) {                                           \
            vf b = LOADV(B + (long)c * ldb + (k));                                      \
            UNROLL for (int r = 0; r < mr; r++) acc[r][c] = VFMA(a[r], b, acc[r][c]);   \
        }                                                                               \
    } while (0)
    int k = K - K % VL;  // where the partial tail starts
    if (ks) {
        for (int t = 0; t < nk; t++) NT_STEP(ks[t]);
    } else {
        for (int kk = 0; kk < k; kk += VL) NT_STEP(kk);
    }
#undef NT_STEP
    if (k < K) {
        int rem = K - k;
        vf a[NT_MR];
        for (int r = 0; r < mr; r++) a[r] = load_partial(A + (long)r * lda + k, rem);
        for (int c = 0; c < nr; c++) {
            vf b = load_partial(B + (long)c * ldb + k, rem);
            UNROLL for (int r = 0; r < mr; r++) acc[r][c] = VFMA(a[r], b, acc[r][c]);
        }
    }
    UNROLL for (int r = 0; r < mr; r++)
        UNROLL for (int c = 0; c < nr; c++) {
            float *p = C + (long)r * ldc + c;
            *p = epilogue(hsum(acc[r][c]), alpha, beta, p);
        }
}

/// One band of `mr` rows (mr ≤ NT_MR, a constant after inlining) across columns [j0, j1). With
/// `skip_zero_a`, the whole k-vectors where all `mr` rows of A are zero are left out.
AI void nt_band(const int mr, int i, int j0, int j1, int K, int skip_zero_a, float alpha, const float *A,
                int lda, const float *B, int ldb, float beta, float *C, int ldc) {
    const float *a = A + (long)i * lda;
    int ks[NT_MAX_KV], nk = 0, whole = K / VL;
    const int *list = 0;
    if (skip_zero_a && whole <= NT_MAX_KV) {
        for (int v = 0; v < whole; v++) {
            vi any = (vi){0};
            UNROLL for (int r = 0; r < mr; r++) any |= LOADV(a + (long)r * lda + v * VL) != SPLAT(0.0f);
            if (__builtin_reduce_or(any)) ks[nk++] = v * VL;
        }
        if (nk < whole) list = ks;
    }
    int j = j0;
    for (; j + NT_NR <= j1; j += NT_NR)
        nt_tile(mr, NT_NR, K, list, nk, alpha, a, lda, B + (long)j * ldb, ldb, beta, C + (long)i * ldc + j, ldc);
    for (; j < j1; j++)
        nt_tile(mr, 1, K, list, nk, alpha, a, lda, B + (long)j * ldb, ldb, beta, C + (long)i * ldc + j, ldc);
}

static void nt_block(int i0, int i1, int j0, int j1, int K, int skip_zero_a, float alpha, const float *A,
                     int lda, const float *B, int ldb, float beta, float *C, int ldc) {
    int i = i0;
    for (; i + NT_MR <= i1; i += NT_MR)
        nt_band(NT_MR, i, j0, j1, K, skip_zero_a, alpha, A, lda, B, ldb, beta, C, ldc);
    switch (i1 - i) {  // the remaining rows as one band of 1…NT_MR-1 rows
#if NT_MR > 3
    case 3: nt_band(3, i, j0, j1, K, skip_zero_a, alpha, A, lda, B, ldb, beta, C, ldc); break;
#endif
#if NT_MR > 2
    case 2: nt_band(2, i, j0, j1, K, skip_zero_a, alpha, A, lda, B, ldb, beta, C, ldc); break;
#endif
    case 1: nt_band(1, i, j0, j1, K, skip_zero_a, alpha, A, lda, B, ldb, beta, C, ldc); break;
    default: break;
    }
}

// ------------------------------------------------- NN / TN: C = op(A)·B (outer products, B rows)

/// A tile of mr rows × nv vectors; B points at K rows (stride ldb) of nv vectors' columns.
/// `last` valid columns in the last vector (VL when full): B and C are read/written only there.
AI void nn_tile(const int mr, const int nv, int last, int K, float alpha, const float *A, int ars,
                int acs, const float *B, int ldb, float beta, float *C, int ldc) {
    vf acc[NN_MR][NN_NV];
    UNROLL for (int r = 0; r < mr; r++)
        UNROLL for (int v = 0; v < nv; v++) acc[r][v] = (vf){0};
    for (int k = 0; k < K; k++) {
        vf b[NN_NV];
        const float *bk = B + (long)k * ldb;
        UNROLL for (int v = 0; v < nv; v++)
            b[v] = v == nv - 1 && last < VL ? load_partial(bk + v * VL, last) : LOADV(bk + v * VL);
        const float *ak = A + (long)k * acs;
        UNROLL for (int r = 0; r < mr; r++) {
            vf a = SPLAT(ak[(long)r * ars]);
            UNROLL for (int v = 0; v < nv; v++) acc[r][v] = VFMA(a, b[v], acc[r][v]);
        }
    }
    UNROLL for (int r = 0; r < mr; r++)
        UNROLL for (int v = 0; v < nv; v++) {
            float *p = C + (long)r * ldc + v * VL;
            int n = (v == nv - 1) ? last : VL;
            vf out = SPLAT(alpha) * acc[r][v];
            if (n == VL) {
                if (beta != 0) out = out + SPLAT(beta) * LOADV(p);
                STOREV(p, out);
            } else {
                if (beta != 0) out = out + SPLAT(beta) * load_partial(p, n);
                store_partial(p, out, n);
            }
        }
}

/// Rows [i0, i1) for one column strip of nv vectors (the last with `last` valid columns).
AI void nn_strip(const int nv, int last, int i0, int i1, int K, float alpha, const float *A,
                 int ars, int acs, const float *B, int ldb, float beta, float *C, int ldc) {
    int i = i0;
    for (; i + NN_MR <= i1; i += NN_MR)
        nn_tile(NN_MR, nv, last, K, alpha, A + (long)i * ars, ars, acs, B, ldb, beta, C + (long)i * ldc, ldc);
    const float *a = A + (long)i * ars;
    float *c = C + (long)i * ldc;
    switch (i1 - i) {
#if NN_MR > 5
    case 5: nn_tile(5, nv, last, K, alpha, a, ars, acs, B, ldb, beta, c, ldc); break;
#endif
#if NN_MR > 4
    case 4: nn_tile(4, nv, last, K, alpha, a, ars, acs, B, ldb, beta, c, ldc); break;
#endif
#if NN_MR > 3
    case 3: nn_tile(3, nv, last, K, alpha, a, ars, acs, B, ldb, beta, c, ldc); break;
#endif
#if NN_MR > 2
    case 2: nn_tile(2, nv, last, K, alpha, a, ars, acs, B, ldb, beta, c, ldc); break;
#endif
    case 1: nn_tile(1, nv, last, K, alpha, a, ars, acs, B, ldb, beta, c, ldc); break;
    default: break;
    }
}

static void nn_block(int i0, int i1, int j0, int j1, int K, float alpha, const float *A, int ars,
                     int acs, const float *B, int ldb, float beta, float *C, int ldc) {
    const int W = NN_NV * VL;
    int j = j0;
    for (; j + W <= j1; j += W)
        nn_strip(NN_NV, VL, i0, i1, K, alpha, A, ars, acs, B + j, ldb, beta, C + j, ldc);
    for (; j + VL <= j1; j += VL)
        nn_strip(1, VL, i0, i1, K, alpha, A, ars, acs, B + j, ldb, beta, C + j, ldc);
    if (j < j1)  // the last partial vector: B's columns read zero-padded, C's written masked
        nn_strip(1, j1 - j, i0, i1, K, alpha, A, ars, acs, B + j, ldb, beta, C + j, ldc);
}

// ------------------------------------------------------------------------ element-wise kernels

/// Lane-wise `mask ? a : b` for a comparison mask (every lane all ones or all zeros), done on
/// the bits. A cast between vf and vi, vectors of the same size, reinterprets the bits (like
/// memcpy); it converts no value.
AI vf v_select(vi mask, vf a, vf b) { return (vf)((mask & (vi)a) | (~mask & (vi)b)); }

/// σ(z) from e = exp(−|z|) ∈ (0, 1], which never overflows: σ = 1/(1+e) for z ≥ 0 and
/// e/(1+e) for z < 0. exp: Cody–Waite reduction to |r| ≤ ln2/2 and the Cephes degree-7
/// polynomial (≈1 ulp), scaled by 2^n built from the exponent bits.
///
/// The bit tricks, each exact: setting the sign bit gives −|z| (NaN stays NaN); n is a whole
/// number in [−126, 0] (t ∈ [−87.33, 0]), so putting n + 127 in a float's exponent field (bits
/// 23–30, mantissa zero) is exactly the normal float 2^n; the selects pick whole lanes. What is
/// approximate is the polynomial: relative error < 1e-6 (measured 1.9e-7) against the exact
/// σ, far below what a float network's training can tell (KernelElementwiseTests holds it).
AI vf v_sigmoid(vf z) {
    const float lo = -87.33f;  // exp(lo) ≈ 1.2e-38, the smallest normal float
    vf t = (vf)((vi)z | SPLATI(INT32_MIN));  // the sign bit set: −|z| (NaN stays NaN)
    vi under = t < SPLAT(lo);  // NaN: false
    t = v_select(under, SPLAT(lo), t);
    const float magic = 12582912.0f;  // 1.5·2^23: adding it rounds to an integer
    vf n = (t * SPLAT(1.44269504088896341f) + SPLAT(magic)) - SPLAT(magic);
    vf r = t - n * SPLAT(0.693359375f);
    r = r - n * SPLAT(-2.12194440e-4f);
    vf p = SPLAT(1.9875691500e-4f);
    p = VFMA(p, r, SPLAT(1.3981999507e-3f));
    p = VFMA(p, r, SPLAT(8.3334519073e-3f));
    p = VFMA(p, r, SPLAT(4.1665795894e-2f));
    p = VFMA(p, r, SPLAT(1.6666665459e-1f));
    p = VFMA(p, r, SPLAT(5.0000001201e-1f));
    vf e = VFMA(p, r * r, r) + SPLAT(1.0f);
    vi biased = __builtin_convertvector(n, vi) + SPLATI(127);  // n as an int, plus the exponent bias
    e = e * (vf)(biased << 23);                                 // × 2^n
    e = v_select(under, SPLAT(0.0f), e);  // exp underflow: exactly 0
    vf pos = SPLAT(1.0f) / (SPLAT(1.0f) + e);
    vi nonneg = z >= SPLAT(0.0f);  // NaN: false, then e·pos is NaN
    return v_select(nonneg, pos, e * pos);
}

static void bias_sigmoid(int rows, int cols, const float *Z, int ldz, const float *bias, float *out,
                         int ldo) {
    for (int i = 0; i < rows; i++) {
        const float *z = Z + (long)i * ldz;
        float *o = out + (long)i * ldo;
        int j = 0;
        for (; j + VL <= cols; j += VL) {
            vf v = LOADV(z + j);
            if (bias) v = v + LOADV(bias + j);
            STOREV(o + j, v_sigmoid(v));
        }
        if (j < cols) {
            int n = cols - j;
            vf v = load_partial(z + j, n);
            if (bias) v = v + load_partial(bias + j, n);
            store_partial(o + j, v_sigmoid(v), n);
        }
    }
}

static void output_delta(int rows, int cols, const float *A, int lda, const float *Y, int ldy,
                         float *D, int ldd, int quadratic) {
    for (int i = 0; i < rows; i++) {
        const float *a = A + (long)i * lda, *y = Y + (long)i * ldy;
        float *d = D + (long)i * ldd;
        if (quadratic)
            for (int j = 0; j < cols; j++) d[j] = (a[j] - y[j]) * (a[j] * (1.0f - a[j]));
        else
            for (int j = 0; j < cols; j++) d[j] = a[j] - y[j];
    }
}

static void mul_sigmoid_prime(int rows, int cols, float *D, int ldd, const float *A, int lda) {
    for (int i = 0; i < rows; i++) {
        const float *a = A + (long)i * lda;
        float *d = D + (long)i * ldd;
        for (int j = 0; j < cols; j++) d[j] = d[j] * (a[j] * (1.0f - a[j]));
    }
}

/// The end of a momentum step over n parameters whose velocities already hold μ·v − step·g:
/// v = v − l2·w (when l2 ≠ 0), then w = w + v, each operation rounded (no fused multiply-adds).
static void momentum_apply(long n, float l2, float *v, float *w) {
    long i = 0;
    for (; i + VL <= n; i += VL) {
        vf nv = LOADV(v + i);
        if (l2 != 0) nv = nv - SPLAT(l2) * LOADV(w + i);
        STOREV(v + i, nv);
        STOREV(w + i, LOADV(w + i) + nv);
    }
    for (; i < n; i++) {
        float nv = v[i];
        if (l2 != 0) nv = nv - l2 * w[i];
        v[i] = nv;
        w[i] = w[i] + nv;
    }
}

/// A Nesterov momentum step over n parameters from their summed gradients g (see
/// digits_nesterov_apply): u = step·g (+ l2·w), v = mu·v − u, w = (w + mu·v) − u, each
/// operation rounded (no fused multiply-adds), so the vector loop is the scalar one's bits.
static void nesterov_apply(long n, float step, float mu, float l2, const float *g, float *v, float *w) {
    long i = 0;
    for (; i + VL <= n; i += VL) {
        vf u = SPLAT(step) * LOADV(g + i);
        if (l2 != 0) u = u + SPLAT(l2) * LOADV(w + i);
        vf nv = SPLAT(mu) * LOADV(v + i) - u;
        STOREV(v + i, nv);
        STOREV(w + i, (LOADV(w + i) + SPLAT(mu) * nv) - u);
    }
    for (; i < n; i++) {
        float u = step * g[i];
        if (l2 != 0) u = u + l2 * w[i];
        float nv = mu * v[i] - u;
        v[i] = nv;
        w[i] = (w[i] + mu * nv) - u;
    }
}

/// Max-norm (see digits_max_norm_rows): each row's Σ w² summed lane-wise from zero in k order
/// (the tail zero-padded), the lanes by hsum's fixed tree; a row whose √ exceeds c is scaled by
/// c/‖w‖. The same bits for a row wherever it is, on one instruction set.
static void max_norm_rows(int rows, int cols, float *W, int ldw, float c) {
    for (int i = 0; i < rows; i++) {
        float *w = W + (long)i * ldw;
        vf acc = (vf){0};
        int k = 0;
        for (; k + VL <= cols; k += VL) {
            vf x = LOADV(w + k);
            acc = acc + x * x;
        }
        if (k < cols) {
            vf x = load_partial(w + k, cols - k);
            acc = acc + x * x;
        }
        float norm = __builtin_sqrtf(hsum(acc));
        if (norm > c) {
            float f = c / norm;
            for (int j = 0; j < cols; j++) w[j] = w[j] * f;
        }
    }
}

typedef unsigned char vb __attribute__((vector_size(VL), aligned(1), __may_alias__));

/// dst[i] = scale · src[i] for n bytes, VL at a time (the int → float conversion is exact, so
/// the result is the same bits as the scalar loop).
static void widen_bytes(const unsigned char *src, long n, float scale, float *dst) {
    long i = 0;
    for (; i + VL <= n; i += VL) STOREV(dst + i, __builtin_convertvector(*(const vb *)(src + i), vf) * SPLAT(scale));
    for (; i < n; i++) dst[i] = (float)src[i] * scale;
}

const digits_isa ISA_TABLE = {
    .name = ISA_NAME,
    .vl = VL,
    .nt_mr = NT_MR, .nt_nr = NT_NR,
    .nn_mr = NN_MR,
    .nt_block = nt_block,
    .nn_block = nn_block,
    .bias_sigmoid = bias_sigmoid,
    .output_delta = output_delta,
    .mul_sigmoid_prime = mul_sigmoid_prime,
    .widen_bytes = widen_bytes,
    .momentum_apply = momentum_apply,
    .nesterov_apply = nesterov_apply,
    .max_norm_rows = max_norm_rows,
};
