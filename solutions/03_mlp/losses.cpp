// Chapter 03 — reference solution of chapters/03_mlp/losses.cpp (exercise 3.3).
// Contracts, shapes and notation: chapters/03_mlp/losses.hpp.
#include "losses.hpp"

#include <algorithm>
#include <cmath>

#include "nn/error.hpp"

namespace nn {

// ---------------------------------------------------------------- exercises

double mse_loss(const arma::mat& A, const arma::mat& Y) {
    check_loss_args(A, Y, "mse_loss");
    const double N = static_cast<double>(A.n_cols);
    // L = (1/N) Σₖₙ (A − Y)²
    return arma::accu(arma::square(A - Y)) / N;
}

void mse_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA) {
    check_loss_args(A, Y, "mse_gradient");
    const double N = static_cast<double>(A.n_cols);
    // dA = (2/N) (A − Y)
    dA = (2.0 / N) * (A - Y);
}

double mae_loss(const arma::mat& A, const arma::mat& Y) {
    check_loss_args(A, Y, "mae_loss");
    const double N = static_cast<double>(A.n_cols);
    // L = (1/N) Σₖₙ |A − Y|
    return arma::accu(arma::abs(A - Y)) / N;
}

void mae_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA) {
    check_loss_args(A, Y, "mae_gradient");
    const double N = static_cast<double>(A.n_cols);
    // dA = (1/N) sign(A − Y), with sign(0) = 0
    dA = arma::sign(A - Y) / N;
}

double bce_loss(const arma::mat& A, const arma::mat& Y) {
    check_loss_args(A, Y, "bce_loss");
    const double N = static_cast<double>(A.n_cols);
    // clamp the probabilities away from 0 and 1 so that log stays finite
    const arma::mat P = arma::clamp(A, bce_eps, 1.0 - bce_eps);
    // L = −(1/N) Σₖₙ [Y log P + (1 − Y) log(1 − P)]
    return -arma::accu(Y % arma::log(P) + (1.0 - Y) % arma::log(1.0 - P)) / N;
}

void bce_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA) {
    check_loss_args(A, Y, "bce_gradient");
    const double N = static_cast<double>(A.n_cols);
    const arma::mat P = arma::clamp(A, bce_eps, 1.0 - bce_eps);
    // dA = (1/N) (P − Y) / (P (1 − P))
    dA = (P - Y) / (P % (1.0 - P)) / N;
}

double bce_with_logits(const arma::mat& Z, const arma::mat& Y, arma::mat& dZ) {
    check_loss_args(Z, Y, "bce_with_logits");
    const double N = static_cast<double>(Z.n_cols);
    double loss = 0;
    dZ.set_size(Z.n_rows, Z.n_cols);
    for (arma::uword i = 0; i < Z.n_elem; ++i) {
        const double z = Z(i), y = Y(i);
        // l = max(z, 0) − z y + log(1 + e^(−|z|))   (= −y log s − (1 − y) log(1 − s), s = σ(z))
        loss += std::max(z, 0.0) - z * y + std::log1p(std::exp(-std::abs(z)));
        // s = σ(z), computed without overflow
        const double s = z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
        // dZ = (s − y) / N
        dZ(i) = (s - y) / N;
    }
    return loss / N;
}

}  // namespace nn
