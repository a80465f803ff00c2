// Bilinear resampling of byte images: the inner loop of the per-epoch distortions (DigitsKit's
// Augmenter.warp). The arithmetic is the same, operation for operation and lane for lane, in the
// scalar and the AVX2 loop, and the same as the Swift code it replaced (the test target keeps
// that as a reference): trained networks' bits depend on it, so do not reorder anything here.
#include "CKernels.h"
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

// No a·b + c may become a fused multiply-add: that would round once instead of twice.
#pragma clang fp contract(off)
#pragma STDC FP_CONTRACT OFF

/// One sample (see digits_bilinear_bytes).
static inline unsigned char sample(const unsigned char *image, int width, int height, float x, float y) {
    if (!(x > -1.0f && y > -1.0f && x < (float)width && y < (float)height)) return 0;
    int x0 = (int)(x + 1.0f) - 1, y0 = (int)(y + 1.0f) - 1;  // ⌊x⌋, ⌊y⌋ (x, y > −1)
    float fx = x - (float)x0, fy = y - (float)y0;
    long stride = width + 2;
    const unsigned char *row = image + (y0 + 1) * stride + (x0 + 1);
    float p00 = row[0], p10 = row[1], p01 = row[stride], p11 = row[stride + 1];
    float top = p00 + (p10 - p00) * fx;
    float bottom = p01 + (p11 - p01) * fx;
    float v = top + (bottom - top) * fy;
    int r = (int)(v + 0.5f);  // v ≥ 0: rounds half up
    return (unsigned char)(r < 0 ? 0 : r > 255 ? 255 : r);
}

void digits_bilinear_bytes_scalar(const unsigned char *image, int width, int height, const float *xs,
                                  const float *ys, long n, unsigned char *out) {
    for (long i = 0; i < n; i++) out[i] = sample(image, width, height, xs[i], ys[i]);
}

#if defined(__x86_64__) || defined(__i386__)
/// Eight samples at a time: the same operations as sample(), per lane; the four taps come from
/// two 32-bit gathers (row y0 and row y0 + 1, bytes x0 and x0 + 1 of each).
__attribute__((target("avx2")))
static void bilinear_avx2(const unsigned char *image, int width, int height, const float *xs,
                          const float *ys, long n, unsigned char *out) {
    const __m256 minus1 = _mm256_set1_ps(-1.0f), one = _mm256_set1_ps(1.0f), half = _mm256_set1_ps(0.5f);
    const __m256 w = _mm256_set1_ps((float)width), h = _mm256_set1_ps((float)height);
    const __m256i onei = _mm256_set1_epi32(1), stride = _mm256_set1_epi32(width + 2);
    const __m256i byte = _mm256_set1_epi32(0xff), zero = _mm256_setzero_si256();
    const int *below = (const int *)(image + width + 2);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(xs + i), y = _mm256_loadu_ps(ys + i);
        // Ordered comparisons: NaN is outside, as in sample().
        __m256 inside = _mm256_and_ps(_mm256_and_ps(_mm256_cmp_ps(x, minus1, _CMP_GT_OQ), _mm256_cmp_ps(y, minus1, _CMP_GT_OQ)),
                                      _mm256_and_ps(_mm256_cmp_ps(x, w, _CMP_LT_OQ), _mm256_cmp_ps(y, h, _CMP_LT_OQ)));
        // Lanes outside sample (0, 0) instead (in range for the conversions and the gathers)
        // and are set to 0 at the end.
        x = _mm256_and_ps(x, inside);
        y = _mm256_and_ps(y, inside);
        __m256i x0 = _mm256_sub_epi32(_mm256_cvttps_epi32(_mm256_add_ps(x, one)), onei);
        __m256i y0 = _mm256_sub_epi32(_mm256_cvttps_epi32(_mm256_add_ps(y, one)), onei);
        __m256 fx = _mm256_sub_ps(x, _mm256_cvtepi32_ps(x0)), fy = _mm256_sub_ps(y, _mm256_cvtepi32_ps(y0));
        __m256i at = _mm256_add_epi32(_mm256_mullo_epi32(_mm256_add_epi32(y0, onei), stride), _mm256_add_epi32(x0, onei));
        __m256i upper = _mm256_i32gather_epi32((const int *)image, at, 1);
        __m256i lower = _mm256_i32gather_epi32(below, at, 1);
        __m256 p00 = _mm256_cvtepi32_ps(_mm256_and_si256(upper, byte));
        __m256 p10 = _mm256_cvtepi32_ps(_mm256_and_si256(_mm256_srli_epi32(upper, 8), byte));
        __m256 p01 = _mm256_cvtepi32_ps(_mm256_and_si256(lower, byte));
        __m256 p11 = _mm256_cvtepi32_ps(_mm256_and_si256(_mm256_srli_epi32(lower, 8), byte));
        __m256 top = _mm256_add_ps(p00, _mm256_mul_ps(_mm256_sub_ps(p10, p00), fx));
        __m256 bottom = _mm256_add_ps(p01, _mm256_mul_ps(_mm256_sub_ps(p11, p01), fx));
        __m256 v = _mm256_add_ps(top, _mm256_mul_ps(_mm256_sub_ps(bottom, top), fy));
        __m256i r = _mm256_cvttps_epi32(_mm256_add_ps(v, half));
        r = _mm256_min_epi32(_mm256_max_epi32(r, zero), byte);
        r = _mm256_and_si256(r, _mm256_castps_si256(inside));
        __m128i words = _mm_packus_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
        _mm_storel_epi64((__m128i *)(out + i), _mm_packus_epi16(words, words));
    }
    for (; i < n; i++) out[i] = sample(image, width, height, xs[i], ys[i]);
}
#endif

void digits_bilinear_bytes(const unsigned char *image, int width, int height, const float *xs,
                           const float *ys, long n, unsigned char *out) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();  // cheap after the first call
    if (__builtin_cpu_supports("avx2")) {
        bilinear_avx2(image, width, height, xs, ys, n, out);
        return;
    }
#endif
    digits_bilinear_bytes_scalar(image, width, height, xs, ys, n, out);
}
