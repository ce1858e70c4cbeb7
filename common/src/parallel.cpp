// Data-parallel training on two threads, and the numeric settings that make it fast
// (contracts: nn/parallel.hpp).
#include "nn/parallel.hpp"

#include <dlfcn.h>
#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

#include <exception>
#include <string>
#include <thread>

#include "nn/error.hpp"

namespace nn {

namespace {
// flush-to-zero (bit 15) and denormals-are-zero (bit 6) of the calling thread's MXCSR
void flush_subnormals_to_zero() {
#if defined(__SSE2__)
    _mm_setcsr(_mm_getcsr() | 0x8040);
#endif
}
}  // namespace

void fast_numerics() {
    // OpenBLAS, when it is the BLAS under Armadillo: one thread per call
    if (void* f = dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))
        reinterpret_cast<void (*)(int)>(f)(1);
    flush_subnormals_to_zero();
}

DataParallel::DataParallel(Layer& master, Layer& replica, int threads)
    : net_{&master, &replica}, parallel_(threads == 2) {
    require(threads == 1 || threads == 2, "DataParallel",
            "threads must be 1 or 2, got " + std::to_string(threads));
    params_[0] = master.parameters("");
    params_[1] = replica.parameters("");
    require(params_[0].size() == params_[1].size(), "DataParallel",
            "the master and the replica must have the same parameters");
    fast_numerics();
    sync_replica();
}

void DataParallel::run(arma::uword n,
                       const std::function<void(int, Layer&, arma::uword, arma::uword)>& work) {
    const arma::uword cut = (n + 1) / 2, from[2] = {0, cut}, to[2] = {cut, n};
    replica_ran_ = cut < n;
    const auto half = [&](int i) {
        if (from[i] < to[i]) work(i, *net_[i], from[i], to[i]);
    };
    if (!parallel_) {
        half(0);
        half(1);
        return;
    }
    std::exception_ptr error1;
    std::thread second([&] {
        flush_subnormals_to_zero();  // the setting is per thread
        try {
            half(1);
        } catch (...) {
            error1 = std::current_exception();
        }
    });
    try {
        half(0);
    } catch (...) {
        second.join();
        throw;
    }
    second.join();
    if (error1) std::rethrow_exception(error1);
}

void DataParallel::add_replica_gradients() {
    if (!replica_ran_) return;  // a batch of one sample: the master's gradient is the whole one
    for (std::size_t i = 0; i < params_[0].size(); ++i) *params_[0][i].grad += *params_[1][i].grad;
}

void DataParallel::sync_replica() {
    for (std::size_t i = 0; i < params_[0].size(); ++i) *params_[1][i].value = *params_[0][i].value;
}

}  // namespace nn
