/// \file rng.hpp
/// \brief One seed for everything random (docs/DESIGN.md rule 10).
#pragma once
#include <cstdint>
#include <random>

namespace nn {

/// \brief Seed both Armadillo's generator (arma::randu/randn/randi) and nn::rng().
/// Call once at program start (the `--seed` flag) and at the top of every test
/// that draws random numbers: the same seed gives the same numbers.
void seed_all(std::uint64_t seed);

/// \brief The C++ engine of the project (std::shuffle, distributions).
std::mt19937_64& rng();

}  // namespace nn
