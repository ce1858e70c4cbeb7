/// \file losses.cpp
/// \brief Chapter 03: losses and their gradients with respect to the prediction.
///
/// Legend: A prediction (K x N), Y target (K x N), N samples (columns), dA = ∂L/∂A.
/// Every loss sums over the K rows and averages over the N columns.
/// loss_name(), parse_loss(), loss_value() and loss_and_gradient() are given in losses_given.cpp.
#include "losses.hpp"

#include "nn/error.hpp"

namespace nn {

// ---------------------------------------------------------------- exercises

double mse_loss(const arma::mat& A, const arma::mat& Y) {
    // TODO: check_loss_args(A, Y, "mse_loss"), then L = (1/N) sum (A - Y)^2.
    (void)A;
    (void)Y;
    throw NotImplemented("mse_loss (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

void mse_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA) {
    // TODO: dA = (2/N)(A - Y).
    (void)A;
    (void)Y;
    (void)dA;
    throw NotImplemented("mse_gradient (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

double mae_loss(const arma::mat& A, const arma::mat& Y) {
    // TODO: L = (1/N) sum |A - Y|.
    (void)A;
    (void)Y;
    throw NotImplemented("mae_loss (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

void mae_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA) {
    // TODO: dA = sign(A - Y) / N.
    (void)A;
    (void)Y;
    (void)dA;
    throw NotImplemented("mae_gradient (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

double bce_loss(const arma::mat& A, const arma::mat& Y) {
    // TODO: Clamp A to [bce_eps, 1 - bce_eps]; L = -(1/N) sum [Y log A + (1 - Y) log(1 - A)].
    (void)A;
    (void)Y;
    throw NotImplemented("bce_loss (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

void bce_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA) {
    // TODO: dA = (A - Y) / (A (1 - A)) / N with A clamped.
    (void)A;
    (void)Y;
    (void)dA;
    throw NotImplemented("bce_gradient (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

double bce_with_logits(const arma::mat& Z, const arma::mat& Y, arma::mat& dZ) {
    // TODO: l = max(z,0) - z y + log(1 + e^{-|z|}); dZ = (sigma(Z) - Y) / N.
    (void)Z;
    (void)Y;
    (void)dZ;
    throw NotImplemented("bce_with_logits (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

}  // namespace nn
