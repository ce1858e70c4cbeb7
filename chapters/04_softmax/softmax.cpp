// Chapter 04 — YOUR FILE: exercises 4.1–4.4 (contracts, shapes and formulas: softmax.hpp).
// Check one exercise with  scripts/check.sh 4.N   (the whole chapter: scripts/check.sh 04).
#include "softmax.hpp"

#include <cmath>

#include "nn/error.hpp"

namespace nn {

arma::mat softmax(const arma::mat& Z) {
    // TODO (4.1): per column n, Pₖₙ = e^(Zₖₙ − mₙ) / Σⱼ e^(Zⱼₙ − mₙ) with mₙ = maxⱼ Zⱼₙ.
    // Trap: the maximum is per COLUMN (per sample), not of the whole matrix.
    throw NotImplemented("softmax (chapters/04_softmax/softmax.cpp, exercise 4.1)");
}

arma::mat log_softmax(const arma::mat& Z) {
    // TODO (4.1): log Pₖₙ = Zₖₙ − mₙ − log Σⱼ e^(Zⱼₙ − mₙ) (log-sum-exp).
    // Trap: log(softmax(Z)) gives −∞ where e^(Z − m) underflows; never take the log of P.
    throw NotImplemented("log_softmax (chapters/04_softmax/softmax.cpp, exercise 4.1)");
}

double cross_entropy(const arma::mat& P, const arma::mat& Y) {
    // TODO (4.2): L = −(1/N) Σₙ Σₖ Yₖₙ log Pₖₙ; check the shapes first.
    // Trap: a term with Yₖₙ = 0 is 0 even when Pₖₙ = 0 (0 · log 0 would be NaN: skip it).
    throw NotImplemented("cross_entropy (chapters/04_softmax/softmax.cpp, exercise 4.2)");
}

double nll_loss(const arma::mat& logP, const arma::uvec& labels) {
    // TODO (4.2): L = −(1/N) Σₙ logP(yₙ, n); reject a label count ≠ N, a label ≥ K and N = 0.
    throw NotImplemented("nll_loss (chapters/04_softmax/softmax.cpp, exercise 4.2)");
}

double softmax_cross_entropy(const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ) {
    // TODO (4.3): L = (1/N) Σₙ (log Σⱼ e^(Zⱼₙ) − Z(yₙ, n)), stably; dZ = (1/N)(P − Y),
    // P = softmax(Z), Y = one_hot(labels). Trap: the 1/N is in dZ too.
    throw NotImplemented("softmax_cross_entropy (chapters/04_softmax/softmax.cpp, exercise 4.3)");
}

double one_vs_rest_loss(const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ) {
    // TODO (4.4): L = (1/N) Σₙ Σₖ [max(z, 0) − z y + log(1 + e^(−|z|))], dZ = (1/N)(σ(Z) − Y),
    // with z = Zₖₙ, y = Yₖₙ, Y = one_hot(labels). Trap: sum over the K units, mean over N only.
    throw NotImplemented("one_vs_rest_loss (chapters/04_softmax/softmax.cpp, exercise 4.4)");
}

}  // namespace nn
