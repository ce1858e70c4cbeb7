// Chapter 03 — YOUR FILE: exercise 3.3 (contracts, shapes and formulas: losses.hpp).
// Check it with  scripts/check.sh 3.3   (the whole chapter: scripts/check.sh 03).
#include "losses.hpp"

#include "nn/error.hpp"

namespace nn {

double mse_loss(const arma::mat& A, const arma::mat& Y) {
    // TODO (3.3): check_loss_args(A, Y, "mse_loss"), then L = (1/N) Σₖₙ (A − Y)².
    // Trap: N is the number of COLUMNS (samples), not of entries.
    throw NotImplemented("mse_loss (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

void mse_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA) {
    // TODO (3.3): dA = (2/N)(A − Y); the factor 2 and the 1/N both belong there.
    throw NotImplemented("mse_gradient (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

double mae_loss(const arma::mat& A, const arma::mat& Y) {
    // TODO (3.3): L = (1/N) Σₖₙ |A − Y|.
    throw NotImplemented("mae_loss (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

void mae_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA) {
    // TODO (3.3): dA = (1/N) sign(A − Y), with 0 where A = Y.
    throw NotImplemented("mae_gradient (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

double bce_loss(const arma::mat& A, const arma::mat& Y) {
    // TODO (3.3): L = −(1/N) Σₖₙ [Y log A + (1 − Y) log(1 − A)].
    // Trap: clamp A to [bce_eps, 1 − bce_eps] first, so that log never sees 0.
    throw NotImplemented("bce_loss (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

void bce_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA) {
    // TODO (3.3): dA = (1/N) (A − Y) / (A(1 − A)), with A clamped as in bce_loss.
    throw NotImplemented("bce_gradient (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

double bce_with_logits(const arma::mat& Z, const arma::mat& Y, arma::mat& dZ) {
    // TODO (3.3): ℓ(z, y) = max(z, 0) − z y + log(1 + e^(−|z|)), L = (1/N) Σₖₙ ℓ;
    // dZ = (1/N)(σ(Z) − Y). Trap: never form log(σ(z)), it is −∞ for z = −1000.
    throw NotImplemented("bce_with_logits (chapters/03_mlp/losses.cpp, exercise 3.3)");
}

}  // namespace nn
