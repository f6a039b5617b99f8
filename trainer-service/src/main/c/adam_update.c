/*
 * One Adam step over one parameter tensor, in place: FusedAdam.java's update, done here because in Java
 * it had to copy each chunk of the tensor's weight and gradient onto the heap and back (Java arrays
 * cannot point into a tensor's memory), which took as long as the arithmetic (docs/benchmarks.md).
 *
 * One pass reads the gradient, and reads and writes the weight and both moments, once each; the
 * gradient is left as it is (FusedAdam drops it after the update). Built with -ffp-contract=off, as Java
 * rounds (no fused multiply-add), so both give the same weights bit for bit; target_clones picks the
 * widest vector instructions the processor has when the library loads.
 */
#include <math.h>

__attribute__((target_clones("avx512f", "avx2", "default")))
void trainboard_adam_update(float *restrict weight, const float *restrict gradient, float *restrict mean,
        float *restrict variance, long length, float beta1, float beta2, float epsilon, float stepSize,
        float varianceCorrection) {
    for (long i = 0; i < length; i++) {
        float g = gradient[i];
        float m = beta1 * mean[i] + (1 - beta1) * g;
        float v = beta2 * variance[i] + (1 - beta2) * g * g;
        mean[i] = m;
        variance[i] = v;
        weight[i] -= stepSize * m / (sqrtf(v) * varianceCorrection + epsilon);
    }
}
