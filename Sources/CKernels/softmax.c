// The softmax output layer: plain C, one row at a time (an output layer is a few neurons wide,
// so there is nothing for vectors to gain), the same bits on every instruction set and thread
// count.
#include <math.h>
#include "CKernels.h"

void digits_bias_softmax(int rows, int cols, const float *Z, int ldz, const float *bias, float *out,
                         int ldo) {
    for (int i = 0; i < rows; i++) {
        const float *z = Z + (long)i * ldz;
        float *a = out + (long)i * ldo;
        // z + b into out first (out may be Z), then the largest: e^(z − max) never overflows
        // and the largest term is exactly 1. A NaN makes the row NaN (it is never > m, but
        // e^(NaN − m) is NaN and so is the sum).
        for (int j = 0; j < cols; j++) a[j] = bias ? z[j] + bias[j] : z[j];
        float m = a[0];
        for (int j = 1; j < cols; j++)
            if (a[j] > m) m = a[j];
        float sum = 0.0f;
        for (int j = 0; j < cols; j++) {
            a[j] = expf(a[j] - m);
            sum += a[j];
        }
        for (int j = 0; j < cols; j++) a[j] = a[j] / sum;
    }
}
