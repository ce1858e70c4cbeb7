// Chapter 02 — YOUR FILE: exercises 2.1–2.4 (contracts, shapes and formulas: batch_perceptron.hpp).
// Check one exercise with  scripts/check.sh 2.N   (the whole chapter: scripts/check.sh 02).
// Given helpers you may call: check_batch_inputs(), augment_with_ones(), to_signed_labels().
#include "batch_perceptron.hpp"

#include "nn/error.hpp"

namespace nn {

BatchDelta batch_delta(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y,
                       bool normalize) {
    // TODO (2.1): Δ = Σ_{mistakes} y⁽ⁱ⁾ x̃⁽ⁱ⁾, a mistake being y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾ ≤ 0; divide by n if
    // normalize. Judge every sample with the SAME θ (do not update θ inside the loop).
    throw NotImplemented(
        "batch_delta (chapters/02_batch_perceptron/batch_perceptron.cpp, "
        "exercise 2.1)");
}

bool batch_should_stop(const arma::vec& delta, double epsilon) {
    // TODO (2.2): stop when ‖Δ‖₂ < ε, strictly (‖Δ‖₂ = ε goes on); reject ε < 0 or not finite.
    throw NotImplemented(
        "batch_should_stop (chapters/02_batch_perceptron/batch_perceptron.cpp, "
        "exercise 2.2)");
}

BatchRun batch_perceptron_train(arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y,
                                const BatchOptions& opt) {
    // TODO (2.3): each epoch Δ = batch_delta(θ, …), θ ← θ + α Δ, record ‖Δ‖₂, the mistakes and θ,
    // then test batch_should_stop(Δ, ε): the update comes BEFORE the test.
    throw NotImplemented(
        "batch_perceptron_train "
        "(chapters/02_batch_perceptron/batch_perceptron.cpp, exercise 2.3)");
}

double perceptron_criterion(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y) {
    // TODO (2.4): J(θ) = Σᵢ max(0, −y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾): a sum over the mistakes, not a mean, never < 0.
    throw NotImplemented(
        "perceptron_criterion (chapters/02_batch_perceptron/batch_perceptron.cpp, "
        "exercise 2.4)");
}

}  // namespace nn
