#include "nn/rng.hpp"

#include <armadillo>

namespace nn {

std::mt19937_64& rng() {
    static std::mt19937_64 engine(42);
    return engine;
}

void seed_all(std::uint64_t seed) {
    rng().seed(seed);
    arma::arma_rng::set_seed(seed);
}

}  // namespace nn
