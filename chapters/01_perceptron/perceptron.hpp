/// \file perceptron.hpp
/// \brief Chapter 01 — the perceptron: one unit, a step, and a learning rule.
/// Exercises 1.1–1.3 (your code: perceptron.cpp; given code: perceptron_given.cpp).
///
/// Legend (the notation of the notes, \ref ch01; samples are columns):
/// - x ∈ ℝᵈ one sample (a column of X); X is d × N.
/// - w ∈ ℝᵈ the weights, b the bias; z = wᵀx + b the net input.
/// - h(x) = step(z) = 1 if z ≥ 0, else 0: the prediction.
/// - y ∈ {0, 1} the label; α the learning rate (`lr` in code).
/// - Augmented form: x̃ = (x, 1), θ = (w, b), so z = θᵀx̃.
#pragma once
#include <armadillo>
#include <cstddef>
#include <string>
#include <vector>

namespace nn {

/// \brief A single perceptron unit: weights and bias.
struct Perceptron {
    arma::vec w;   ///< d weights
    double b = 0;  ///< bias, the weight of a constant input 1

    /// \brief A unit with d zero weights and zero bias (the usual start).
    static Perceptron zeros(arma::uword d) {
        return Perceptron{arma::vec(d, arma::fill::zeros), 0.0};
    }
};

/// \brief Exercise 1.1: the prediction h(x) = step(wᵀx + b).
///
///     h(x) = 1 if wᵀx + b ≥ 0, else 0   (a point on the line counts as class 1)
/// \param p the unit (w has d entries)
/// \param x one sample, d x 1
/// \return 0 or 1
/// \throws std::invalid_argument if x does not have d entries
int perceptron_predict(const Perceptron& p, const arma::vec& x);

/// \brief Exercise 1.2: one step of the learning rule on one sample.
///
///     w ← w + α (y − h(x)) x,   b ← b + α (y − h(x))
/// Correct prediction: nothing changes. Output too low (h = 0, y = 1): add α x.
/// Output too high (h = 1, y = 0): subtract it.
/// \param p the unit, updated in place
/// \param x one sample, d x 1
/// \param y its label, 0 or 1
/// \param lr the learning rate α > 0
/// \return true if the sample was misclassified (and the unit changed)
bool perceptron_update(Perceptron& p, const arma::vec& x, int y, double lr);

/// \brief What a training run did.
struct PerceptronRun {
    bool converged = false;                       ///< an epoch ended with no mistake
    int epochs = 0;                               ///< passes made (including the final clean one)
    std::size_t mistakes = 0;                     ///< updates made in all epochs together
    std::vector<std::size_t> mistakes_per_epoch;  ///< one entry per epoch
    std::vector<Perceptron> history;              ///< the unit after each epoch
};

/// \brief Exercise 1.3: the training loop.
///
/// Sweep the columns of X in order, calling perceptron_update() on each; one sweep is
/// an epoch. Stop after the first epoch without a mistake (converged) or after
/// `max_epochs` epochs. Record the mistakes of each epoch and a copy of the unit
/// after each epoch.
/// \param p the unit to train (start from Perceptron::zeros(d) for the textbook algorithm)
/// \param X d x N samples, \param y N labels 0/1
/// \param lr learning rate, \param max_epochs at least 1
/// \throws std::invalid_argument on mismatched sizes, labels other than 0/1 (e.g. -1/+1: convert
///         them with to_binary_labels() first) or max_epochs < 1
PerceptronRun perceptron_train(Perceptron& p, const arma::mat& X, const arma::ivec& y, double lr,
                               int max_epochs);

// ------------------------------------------------------------------------------------
// Given helpers (not exercises): the quantities of the convergence theorem.

/// \brief Convert labels read from a file (0/1 or -1/+1) into 0/1.
/// \throws nn::DataError naming `source` if there are other values.
arma::ivec to_binary_labels(const arma::rowvec& y, const std::string& source);

/// \brief Radius R = maxᵢ ‖x̃⁽ⁱ⁾‖ of the augmented samples x̃ = (x, 1).
double augmented_radius(const arma::mat& X);

/// \brief Margin of the separator θ = (w, b): minᵢ sᵢ θᵀx̃⁽ⁱ⁾ / ‖θ‖ with sᵢ = 2yᵢ − 1 ∈ {−1, +1}.
/// Positive if and only if θ separates the data.
double augmented_margin(const arma::mat& X, const arma::ivec& y, const arma::vec& w, double b);

/// \brief Novikoff's theorem for a data set.
struct NovikoffBound {
    double radius = 0;  ///< R
    double gamma = 0;   ///< γ: the best margin found (> 0 if separable)
    double bound = 0;   ///< (R/γ)², the most mistakes the perceptron can make (inf if γ ≤ 0)
    arma::vec w;        ///< the separator that achieves γ
    double b = 0;
};

/// \brief Estimate the largest margin γ (the tightest bound) by projected subgradient
/// ascent on minᵢ sᵢ θᵀx̃⁽ⁱ⁾ over unit θ, started from `start`
/// (e.g. the perceptron's own solution). Any separator gives a valid bound; a larger γ a tighter one.
NovikoffBound novikoff_bound(const arma::mat& X, const arma::ivec& y, const Perceptron& start);

}  // namespace nn
