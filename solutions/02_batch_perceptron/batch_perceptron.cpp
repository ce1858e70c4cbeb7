// Chapter 02 — reference solution of chapters/02_batch_perceptron/batch_perceptron.cpp (2.1–2.4).
// Contracts, shapes and notation: chapters/02_batch_perceptron/batch_perceptron.hpp.
#include <cmath>
#include <string>

#include "batch_perceptron.hpp"
#include "nn/error.hpp"

namespace nn {

// Exercise 2.1: Δ = (1/n) Σ_{mistakes} yᵢ x̃ᵢ (without 1/n: fixed increment).
BatchDelta batch_delta(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y,
                       bool normalize) {
    check_batch_inputs(theta, Xt, y, "batch_delta");
    BatchDelta out;
    out.delta.zeros(Xt.n_rows);  // Δ ← 0
    for (arma::uword i = 0; i < Xt.n_cols; ++i) {
        const double margin = y(i) * arma::dot(theta, Xt.col(i));  // yᵢ θᵀx̃ᵢ, the SAME θ for all i
        if (margin <= 0) {                                         // wrong side, or on the line
            out.delta += y(i) * Xt.col(i);                         // Δ ← Δ + yᵢ x̃ᵢ
            ++out.mistakes;
        }
    }
    if (normalize) out.delta /= static_cast<double>(Xt.n_cols);  // Δ ← Δ / n
    return out;
}

// Exercise 2.2: stop when ‖Δ‖₂ < ε (strictly).
bool batch_should_stop(const arma::vec& delta, double epsilon) {
    require(std::isfinite(epsilon) && epsilon >= 0, "batch_should_stop",
            "epsilon must be a finite number >= 0, got " + std::to_string(epsilon));
    return arma::norm(delta, 2) < epsilon;
}

// Exercise 2.3: repeat { Δ ← batch_delta; θ ← θ + α Δ } until ‖Δ‖₂ < ε.
BatchRun batch_perceptron_train(arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y,
                                const BatchOptions& opt) {
    check_batch_inputs(theta, Xt, y, "batch_perceptron_train");
    require(std::isfinite(opt.lr) && opt.lr > 0, "batch_perceptron_train",
            "lr must be a finite number > 0, got " + std::to_string(opt.lr));
    require(std::isfinite(opt.epsilon) && opt.epsilon >= 0, "batch_perceptron_train",
            "epsilon must be a finite number >= 0, got " + std::to_string(opt.epsilon));
    require(opt.max_epochs >= 1, "batch_perceptron_train", "max_epochs must be at least 1");
    BatchRun run;
    for (int epoch = 1; epoch <= opt.max_epochs; ++epoch) {
        const BatchDelta step = batch_delta(theta, Xt, y, opt.normalize);  // all samples, one θ
        theta += opt.lr * step.delta;                                      // θ ← θ + α Δ
        run.epochs = epoch;
        run.delta_norm = arma::norm(step.delta, 2);
        run.delta_norms.push_back(run.delta_norm);
        run.mistakes_per_epoch.push_back(step.mistakes);
        run.history.push_back(theta);
        if (batch_should_stop(step.delta, opt.epsilon)) {  // until ‖Δ‖₂ < ε
            run.converged = true;
            break;
        }
    }
    return run;
}

// Exercise 2.4: J(θ) = Σ_{mistakes} −yᵢ θᵀx̃ᵢ.
double perceptron_criterion(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y) {
    check_batch_inputs(theta, Xt, y, "perceptron_criterion");
    double J = 0;
    for (arma::uword i = 0; i < Xt.n_cols; ++i) {
        const double margin = y(i) * arma::dot(theta, Xt.col(i));  // yᵢ θᵀx̃ᵢ
        if (margin <= 0) J -= margin;                              // add −yᵢ θᵀx̃ᵢ ≥ 0
    }
    return J;
}

}  // namespace nn
