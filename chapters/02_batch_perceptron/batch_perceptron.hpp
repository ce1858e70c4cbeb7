/// \file batch_perceptron.hpp
/// \brief Chapter 02 — the batch perceptron: one update per epoch, from all the mistakes at once.
/// Exercises 2.1–2.4 (your code: batch_perceptron.cpp; given code: batch_perceptron_given.cpp).
///
/// Legend (the notation of the notes, \ref ch02; samples are columns):
/// - x ∈ ℝᵈ one sample; x̃ = (x, 1) ∈ ℝᵈ⁺¹ the augmented sample.
///   `Xt` is the (d+1) × N matrix of augmented samples, one per column (last row all ones).
/// - θ = (w, b) ∈ ℝᵈ⁺¹ weights and bias in one vector, (d+1) × 1.
/// - y⁽ⁱ⁾ ∈ {−1, +1} the label of sample i; `y` is a 1 × N row.
/// - Sample i is a **mistake** when y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾ ≤ 0 (a point on the line counts).
/// - Δ the update direction of one epoch, (d+1) × 1; n = N the number of samples.
/// - α the learning rate, ε the stopping tolerance on ‖Δ‖₂.
/// - J(θ) = Σ_{i mistake} −y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾ ≥ 0 the perceptron criterion.
#pragma once
#include <armadillo>
#include <cstddef>
#include <string>
#include <vector>

#include "perceptron.hpp"

namespace nn {

/// \brief What exercise 2.1 computes: the update direction of one epoch and how many mistakes fed it.
struct BatchDelta {
    arma::vec delta;           ///< Δ, (d+1) × 1
    std::size_t mistakes = 0;  ///< number of samples with y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾ ≤ 0
};

/// \brief Exercise 2.1: the Δ accumulation of one epoch, all samples judged by the same θ.
///
///     Δ = (1/n) Σ_{i : y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾ ≤ 0} y⁽ⁱ⁾ x̃⁽ⁱ⁾     (normalize = true)
///     Δ =       Σ_{i : y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾ ≤ 0} y⁽ⁱ⁾ x̃⁽ⁱ⁾     (normalize = false)
///
/// The averaged Δ is minus the gradient of the average criterion: Δ = −(1/n) ∇J(θ)
/// wherever no sample lies exactly on the line.
/// \param theta (d+1) x 1, the parameters at the start of the epoch (not changed)
/// \param Xt (d+1) x N augmented samples (see augment_with_ones())
/// \param y 1 x N labels, each -1 or +1
/// \param normalize divide the sum by n (the averaged update of the notes) or not (fixed increment)
/// \return Δ, (d+1) x 1, and the number of mistakes
/// \throws std::invalid_argument on mismatched shapes, N = 0 or a label other than ±1
///         (check_batch_inputs() does all of this)
BatchDelta batch_delta(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y,
                       bool normalize);

/// \brief Exercise 2.2: the stopping rule: stop when ‖Δ‖₂ < ε.
///
/// The inequality is strict: ‖Δ‖₂ = ε does not stop, and ε = 0 never stops (the loop then
/// runs to its epoch limit).
/// \param delta the Δ of the epoch, any length
/// \param epsilon the tolerance ε ≥ 0
/// \return true if the loop should stop
/// \throws std::invalid_argument if epsilon is negative or not finite
bool batch_should_stop(const arma::vec& delta, double epsilon);

/// \brief Settings of a batch run.
struct BatchOptions {
    double lr = 1.0;        ///< α > 0
    double epsilon = 1e-6;  ///< ε ≥ 0: stop when ‖Δ‖₂ < ε
    int max_epochs = 1000;  ///< at least 1
    bool normalize =
        true;  ///< average the update (true) or sum it (false; with lr = 1: fixed increment)
};

/// \brief What a batch run did.
struct BatchRun {
    bool converged = false;  ///< the stopping rule fired (‖Δ‖ < ε) before the epoch limit
    int epochs = 0;          ///< epochs made, including the final one whose Δ met the rule
    double delta_norm = 0;   ///< ‖Δ‖₂ of the last epoch
    std::vector<double> delta_norms;              ///< ‖Δ‖₂ of each epoch
    std::vector<std::size_t> mistakes_per_epoch;  ///< mistakes of θ at the start of each epoch
    std::vector<arma::vec> history;               ///< θ after each epoch's update
};

/// \brief Exercise 2.3: the training loop of the batch perceptron.
///
/// \code
/// repeat (epoch = 1, 2, ..., max_epochs):
///     Δ ← batch_delta(θ, Xt, y, normalize)          // every sample judged by the same θ
///     θ ← θ + α Δ                                    // one update per epoch
///     record ‖Δ‖, the mistakes and θ
/// until batch_should_stop(Δ, ε)                      // converged
/// \endcode
/// The update is made before the test, as in the notes (it is zero when there is no mistake).
/// \param theta (d+1) x 1, the start (zeros for the textbook algorithm), updated in place
/// \param Xt (d+1) x N augmented samples, \param y 1 x N labels ±1
/// \param opt learning rate, tolerance, epoch limit, averaging
/// \throws std::invalid_argument on mismatched shapes, bad labels, lr ≤ 0, epsilon < 0 or max_epochs < 1
BatchRun batch_perceptron_train(arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y,
                                const BatchOptions& opt);

/// \brief Exercise 2.4: the perceptron criterion, the loss the batch perceptron descends.
///
///     J(θ)  = Σ_{i : y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾ ≤ 0} −y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾ = Σᵢ max(0, −y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾) ≥ 0
///     ∇J(θ) = −Σ_{i : y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾ < 0} y⁽ⁱ⁾ x̃⁽ⁱ⁾
///
/// (the gradient exists wherever no sample lies exactly on the line).
/// \param theta (d+1) x 1, \param Xt (d+1) x N augmented samples, \param y 1 x N labels ±1
/// \return J(θ), a sum over the mistakes (not an average)
/// \throws std::invalid_argument like batch_delta()
double perceptron_criterion(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y);

// ------------------------------------------------------------------------------------
// Given helpers (not exercises): the augmented form and conversions to chapter 01.

/// \brief Append a row of ones: X̃ = [X; 1 … 1].
/// \param X d x N samples
/// \return (d+1) x N augmented samples
arma::mat augment_with_ones(const arma::mat& X);

/// \brief Labels 0/1 (chapter 01) to −1/+1: s = 2y − 1.
/// \param y01 N labels, each 0 or 1
/// \return 1 x N labels ±1
/// \throws std::invalid_argument if a label is not 0 or 1
arma::rowvec to_signed_labels(const arma::ivec& y01);

/// \brief Split θ = (w, b) into chapter 01's unit.
/// \param theta (d+1) x 1, d ≥ 1
/// \return the unit with w = the first d entries and b = the last
Perceptron perceptron_from_theta(const arma::vec& theta);

/// \brief Join chapter 01's unit into θ = (w, b), (d+1) × 1.
/// \param p the unit
/// \return (d+1) x 1
arma::vec theta_from_perceptron(const Perceptron& p);

/// \brief Fraction of samples strictly on their side: y⁽ⁱ⁾ θᵀx̃⁽ⁱ⁾ > 0.
/// A sample on the line counts as wrong, as in the batch rule.
/// \param theta (d+1) x 1, \param Xt (d+1) x N augmented samples, \param y 1 x N labels ±1
/// \return a number in [0, 1]
double signed_accuracy(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y);

/// \brief The input checks of exercises 2.1, 2.3 and 2.4 in one call.
///
/// Throws std::invalid_argument naming `where` unless theta is (d+1) x 1 with d + 1 = Xt.n_rows ≥ 1,
/// Xt has N ≥ 1 columns, y has N entries, and every label is -1 or +1.
/// \param theta (d+1) x 1, \param Xt (d+1) x N, \param y 1 x N
/// \param where the calling function, for the message
void check_batch_inputs(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y,
                        const std::string& where);

}  // namespace nn
