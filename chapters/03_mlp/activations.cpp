// Chapter 03 — YOUR FILE: exercises 3.1–3.2 (contracts, shapes and formulas: activations.hpp).
// Check one exercise with  scripts/check.sh 3.N   (the whole chapter: scripts/check.sh 03).
#include "activations.hpp"

#include "nn/error.hpp"

namespace nn {

void activation_forward(Activation kind, double alpha, const arma::mat& Z, arma::mat& A) {
    // TODO (3.1): A = f(Z) entry by entry, one case per kind (the table in activations.hpp).
    // Trap: e⁻ᶻ overflows for z = −1000; use σ(z) = eᶻ/(1 + eᶻ) for z < 0 and
    // softplus(z) = max(z, 0) + log(1 + e^(−|z|)).
    throw NotImplemented("activation_forward (chapters/03_mlp/activations.cpp, exercise 3.1)");
}

void activation_derivative(Activation kind, double alpha, const arma::mat& Z, arma::mat& D) {
    // TODO (3.2): D = f'(Z) entry by entry, e.g. σ' = σ(1 − σ), tanh' = 1 − tanh².
    // Trap: the kinks: ReLU'(0) = 0, LeakyReLU'(0) = α, Step' = 0 everywhere.
    throw NotImplemented("activation_derivative (chapters/03_mlp/activations.cpp, exercise 3.2)");
}

}  // namespace nn
