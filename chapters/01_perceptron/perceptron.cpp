// Chapter 01 — YOUR FILE: exercises 1.1–1.3 (contracts, shapes and formulas: perceptron.hpp).
// Check one exercise with  scripts/check.sh 1.N   (the whole chapter: scripts/check.sh 01).
#include "perceptron.hpp"

#include "nn/error.hpp"

namespace nn {

int perceptron_predict(const Perceptron& p, const arma::vec& x) {
    // TODO (1.1): z = wᵀx + b, h = 1 if z ≥ 0 else 0; first check that x has as many entries as w
    // (std::invalid_argument, e.g. with nn::require) — a point exactly on the line is class 1.
    throw NotImplemented(
        "perceptron_predict (chapters/01_perceptron/perceptron.cpp, "
        "exercise 1.1)");
}

bool perceptron_update(Perceptron& p, const arma::vec& x, int y, double lr) {
    // TODO (1.2): e = y − h(x) ∈ {−1, 0, +1}; w ← w + α e x, b ← b + α e.
    // Judge the sample with the unit as it was BEFORE the update; return whether it changed.
    throw NotImplemented("perceptron_update (chapters/01_perceptron/perceptron.cpp, exercise 1.2)");
}

PerceptronRun perceptron_train(Perceptron& p, const arma::mat& X, const arma::ivec& y, double lr,
                               int max_epochs) {
    // TODO (1.3): epochs of perceptron_update() over the columns of X in order; record the
    // mistakes and a copy of p after each epoch; stop after the first epoch with 0 mistakes.
    throw NotImplemented("perceptron_train (chapters/01_perceptron/perceptron.cpp, exercise 1.3)");
}

}  // namespace nn
