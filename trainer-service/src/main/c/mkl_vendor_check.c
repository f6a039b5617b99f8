/*
 * Answers MKL's "is this an Intel processor?" question with yes.
 *
 * libtorch links oneMKL statically and exports MKL's vendor check. On other vendors' processors MKL
 * then keeps to its generic kernels even where the processor has the instructions of its fast ones:
 * on an AMD EPYC with AVX-512 the tutorial's matrix products ran at about 80 GFLOP/s instead of 180
 * (docs/benchmarks.md). MKL still checks the instruction sets themselves before it picks a kernel,
 * so a processor without AVX-512 keeps getting AVX2 kernels.
 *
 * Loaded with RTLD_GLOBAL before libtorch (MklVendorCheck.java), this definition comes first in the
 * global scope, so libtorch's calls bind to it. The counter lets a test see that they do.
 */
#include <stdatomic.h>

static atomic_long consultations;

int mkl_serv_intel_cpu_true(void) {
    atomic_fetch_add_explicit(&consultations, 1, memory_order_relaxed);
    return 1;
}

long trainboard_mkl_vendor_check_consultations(void) {
    return atomic_load_explicit(&consultations, memory_order_relaxed);
}
