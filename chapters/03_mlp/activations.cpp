/// \file activations.cpp
/// \brief Chapter 03: activation functions and their derivatives.
///
/// Legend: Z pre-activations (n x N), A = f(Z), D = f'(Z), all entry by entry;
/// alpha the parameter of ISRU, LeakyReLU, ELU.
/// The names, default alphas and parse_activation() are given in activations_given.cpp.
#include "activations.hpp"

#include "nn/error.hpp"

namespace nn {

// ---------------------------------------------------------------- exercises

void activation_forward(Activation kind, double alpha, const arma::mat& Z, arma::mat& A) {
    // TODO: Fill A = f(Z) for every kind (see the table in activations.hpp); keep sigmoid and softplus finite for |z| = 1000.
    (void)kind;
    (void)alpha;
    (void)Z;
    (void)A;
    throw NotImplemented("activation_forward (chapters/03_mlp/activations.cpp, exercise 3.1)");
}

void activation_derivative(Activation kind, double alpha, const arma::mat& Z, arma::mat& D) {
    // TODO: Fill D = f'(Z) for every kind; ReLU'(0) = 0, LeakyReLU'(0) = alpha, Step' = 0.
    (void)kind;
    (void)alpha;
    (void)Z;
    (void)D;
    throw NotImplemented("activation_derivative (chapters/03_mlp/activations.cpp, exercise 3.2)");
}

}  // namespace nn
