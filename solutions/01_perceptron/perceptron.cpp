// Chapter 01 — reference solution of chapters/01_perceptron/perceptron.cpp (exercises 1.1–1.3).
// Contracts, shapes and notation: chapters/01_perceptron/perceptron.hpp.
#include "perceptron.hpp"
#include "nn/error.hpp"

namespace nn {

// Exercise 1.1: h(x) = step(wᵀx + b), with step(z) = 1 for z ≥ 0.
int perceptron_predict(const Perceptron& p, const arma::vec& x) {
    require(
        x.n_elem == p.w.n_elem, "perceptron_predict",
        "x has " + std::to_string(x.n_elem) + " entries but w has " + std::to_string(p.w.n_elem));
    const double z = arma::dot(p.w, x) + p.b;  // net input z = wᵀx + b
    return z >= 0 ? 1 : 0;                     // step(z)
}

// Exercise 1.2: w ← w + α (y − h(x)) x,  b ← b + α (y − h(x)).
bool perceptron_update(Perceptron& p, const arma::vec& x, int y, double lr) {
    require(y == 0 || y == 1, "perceptron_update",
            "label must be 0 or 1, got " + std::to_string(y));
    const int error = y - perceptron_predict(p, x);  // 0 (correct), +1 (too low) or -1 (too high)
    if (error == 0) return false;                    // correct: nothing changes
    p.w += (lr * error) * x;                         // add or subtract the input
    p.b += lr * error;                               // the bias sees a constant input 1
    return true;
}

// Exercise 1.3: sweep the samples in order until an epoch makes no mistake.
PerceptronRun perceptron_train(Perceptron& p, const arma::mat& X, const arma::ivec& y, double lr,
                               int max_epochs) {
    require(X.n_cols == y.n_elem, "perceptron_train",
            "X has " + std::to_string(X.n_cols) + " samples (columns) but y has " +
                std::to_string(y.n_elem) + " labels");
    require(X.n_rows == p.w.n_elem, "perceptron_train",
            "X has " + std::to_string(X.n_rows) + " features (rows) but w has " +
                std::to_string(p.w.n_elem));
    require(max_epochs >= 1, "perceptron_train", "max_epochs must be at least 1");
    PerceptronRun run;
    for (int epoch = 1; epoch <= max_epochs; ++epoch) {
        std::size_t mistakes = 0;
        for (arma::uword i = 0; i < X.n_cols; ++i) {
            if (perceptron_update(p, X.col(i), static_cast<int>(y(i)), lr)) ++mistakes;
        }
        run.epochs = epoch;
        run.mistakes += mistakes;
        run.mistakes_per_epoch.push_back(mistakes);
        run.history.push_back(p);
        if (mistakes == 0) {  // a clean pass: every sample is on its side
            run.converged = true;
            break;
        }
    }
    return run;
}

}  // namespace nn
