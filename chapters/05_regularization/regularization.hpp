/// \file regularization.hpp
/// \brief Chapter 05 — L1 and L2 penalties on the weights, and a training step that uses them.
/// Exercises 5.1–5.7 (your code: regularization.cpp; given code: regularization_given.cpp).
///
/// Legend (the notation of the notes, \ref ch05):
/// - w — all WEIGHTS of the network (every entry of every W⁽ˡ⁾); biases b⁽ˡ⁾ are not penalised.
/// - L(w) — the data loss of a batch (mean over its N columns, chapters 03/04).
/// - Ω(w) — the penalty: Ω₁ = ‖w‖₁ = Σ |wᵢ| (L1) or Ω₂ = ½ ‖w‖₂² = ½ Σ wᵢ² (L2).
/// - λ — its strength; the objective is L̃(w) = L(w) + λ₁ Ω₁(w) + λ₂ Ω₂(w) and its gradient
///   ∇L̃ = ∇L + λ₁ sign(w) + λ₂ w.
/// - n — the size of the training set in the notes' cost J(Θ) = L + (λ/2n) Σ θ²
///   (that is λ₂ = λ/n).
///
/// Every function is an exercise except weights_of().
#pragma once
#include <armadillo>
#include <functional>
#include <vector>

#include "mlp.hpp"

namespace nn {

/// \brief Exercise 5.1: the L1 penalty Ω₁(W) = Σᵢⱼ |Wᵢⱼ| of one matrix.
double l1_penalty(const arma::mat& W);

/// \brief Exercise 5.1: its (sub)gradient ∂Ω₁/∂W = sign(W),
/// same shape as W, with sign(0) = 0 (the subgradient we choose at the kink).
arma::mat l1_penalty_gradient(const arma::mat& W);

/// \brief Exercise 5.2: the L2 penalty Ω₂(W) = ½ Σᵢⱼ Wᵢⱼ²
/// (one half of the squared Frobenius norm).
double l2_penalty(const arma::mat& W);

/// \brief Exercise 5.2: its gradient ∂Ω₂/∂W = W.
arma::mat l2_penalty_gradient(const arma::mat& W);

/// \brief The strengths of the two penalties (both ≥ 0; 0 switches one off).
struct Regularization {
    double l1 = 0;  ///< λ₁ (flag --l1)
    double l2 = 0;  ///< λ₂ (flag --l2)
};

/// \brief Exercise 5.3: the penalty term of the objective over a parameter list,
/// λ₁ Σ_W Ω₁(W) + λ₂ Σ_W Ω₂(W), summed over the
/// parameters with `is_bias == false` only.
/// \throws std::invalid_argument (naming "weight_penalty") if a strength is negative
double weight_penalty(const std::vector<ParamRef>& params, const Regularization& reg);

/// \brief Exercise 5.4: add the penalty's gradient to the gradients of the weights,
/// dW += λ₁ sign(W) + λ₂ W (in place, into
/// `*p.grad`), and leave the gradients of the biases untouched.
///
/// Call it after backward() (which overwrites the gradients) and before the optimiser step.
/// \throws std::invalid_argument (naming "add_penalty_gradients") if a strength is negative
void add_penalty_gradients(const std::vector<ParamRef>& params, const Regularization& reg);

/// \brief Exercise 5.5: the regularised cost of the notes,
///
///     J(Θ) = L + (λ/2n) Σₗ Σᵢⱼ (Θ⁽ˡ⁾ᵢⱼ)²,
///
/// the sum over the weights only (no biases). It equals
/// `data_loss + weight_penalty(params, {0, lambda / n})`.
/// \param data_loss the mean data loss L over the n training samples
/// \param params    the parameters of the network (Mlp::parameters()); biases are skipped
/// \param lambda    λ ≥ 0
/// \param n         number of training samples, > 0
/// \throws std::invalid_argument if lambda < 0 or n == 0
double regularized_cost(double data_loss, const std::vector<ParamRef>& params, double lambda,
                        arma::uword n);

/// \brief A data loss given the LOGITS of the output layer (whose activation must be
/// Activation::Identity): returns L and fills dZ = ∂L/∂Z (K × N).
/// Examples: nn::bce_with_logits (chapter 03), softmax cross-entropy (chapter 04), or MSE on
/// an identity output (then ∂L/∂Z = ∂L/∂A).
using LogitLoss = std::function<double(const arma::mat& Z, const arma::mat& Y, arma::mat& dZ)>;

/// \brief Exercise 5.6: the gradients of one regularised training step on a batch.
///
/// forward X through `net` (output = logits Z⁽ᴸ⁾), data loss L and dZ⁽ᴸ⁾ with `loss`,
/// net.backward_from_logits(dZ⁽ᴸ⁾), then add_penalty_gradients(net.parameters(), reg).
/// After the call every gradient in net.parameters() is ∇L̃, ready for
/// any optimiser (nn::sgd_step or the optimisers of chapter 04).
/// \param net  the network; its output layer must use Activation::Identity
/// \param X    d x N batch
/// \param Y    K x N targets (one-hot for softmax cross-entropy)
/// \param loss the data loss of the logits, e.g. a lambda calling nn::softmax_cross_entropy
/// \param reg  the strengths of the penalties
/// \return the objective L̃ = L + weight_penalty(params, reg)
/// \throws std::invalid_argument if the output activation is not Activation::Identity
double regularized_gradients(Mlp& net, const arma::mat& X, const arma::mat& Y,
                             const LogitLoss& loss, const Regularization& reg);

/// \brief Exercise 5.7: the fraction of weights (not biases) with |w| < tol,
/// over all weight matrices together (a number in [0, 1]; 0 if there are no weights).
/// \throws std::invalid_argument if tol ≤ 0
double zero_fraction(const std::vector<ParamRef>& params, double tol);

/// \brief Not an exercise: every weight (not bias) of the list in one vector, W1 first
/// (for histograms).
arma::vec weights_of(const std::vector<ParamRef>& params);

}  // namespace nn
