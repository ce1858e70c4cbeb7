// Chapter 09 — YOUR FILE: exercises 9.1–9.4 (contracts, shapes and formulas: dropout.hpp).
// Check one exercise with  scripts/check.sh 9.N   (the whole chapter: scripts/check.sh 09).
#include "dropout.hpp"

#include "nn/error.hpp"
#include "nn/rng.hpp"

namespace nn {

void dropout_mask(double p, arma::uword rows, arma::uword cols, arma::mat& mask) {
    // TODO (9.1): M_ij = 1/(1 − p) if u ≥ p else 0, with one u ∈ [0, 1) per entry from nn::rng();
    // check p first (require_drop_probability); with p = 0 draw nothing.
    throw NotImplemented("dropout_mask (chapters/09_dropout/dropout.cpp, exercise 9.1)");
}

void Dropout::forward(const arma::mat& X, arma::mat& Y) {
    // TODO (9.2): training with p > 0: a new mask M, Y = X ⊙ M; otherwise Y = X (no draws).
    // Remember X's shape and whether a mask was applied; X and Y may be the same matrix.
    throw NotImplemented("Dropout::forward (chapters/09_dropout/dropout.cpp, exercise 9.2)");
}

void Dropout::backward(const arma::mat& dY, arma::mat& dX) {
    // TODO (9.3): dX = dY ⊙ M if the LAST forward applied a mask, else dX = dY (the current mode
    // does not matter); std::logic_error before any forward, check dY's shape.
    throw NotImplemented("Dropout::backward (chapters/09_dropout/dropout.cpp, exercise 9.3)");
}

Sequential mlp_with_dropout(const std::vector<arma::uword>& widths, Activation hidden, double p,
                            Init init) {
    // TODO (9.4): per hidden layer "fc<l>" Dense (init it right away), "act<l>", "drop<l>";
    // then the output Dense "fc<L>": no activation and no dropout on the logits.
    throw NotImplemented("mlp_with_dropout (chapters/09_dropout/dropout.cpp, exercise 9.4)");
}

}  // namespace nn
