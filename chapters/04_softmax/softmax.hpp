/// \file softmax.hpp
/// \brief Chapter 04 — softmax, cross-entropy, negative log-likelihood, the fused gradient
/// and one-vs-rest sigmoids.
/// Exercises 4.1–4.4 (your code: softmax.cpp). Chapter 04 also has optim.hpp (4.5–4.8) and
/// classifier.hpp (4.9).
///
/// Legend (the notation of the notes, \ref ch04; samples are columns):
/// - K: number of classes; N: samples in the batch.
/// - Z (K × N): logits, the output of the last dense layer (no activation).
/// - P = softmax(Z) (K × N): class probabilities ŷ, every column sums to 1.
/// - Y (K × N): targets, one-hot (column n has a 1 in row yₙ) or any probability vectors.
/// - labels (N): the class index yₙ in 0..K−1 of every column.
/// - mₙ = maxⱼ Zⱼₙ the maximum of column n; σ(z) = 1/(1 + e⁻ᶻ).
/// - L: the loss of the batch, the MEAN over the N columns of the per-sample loss, so
///   every gradient carries the factor 1/N.
#pragma once
#include <armadillo>

namespace nn {

/// \brief Exercise 4.1: column-wise softmax, computed stably.
///
///
///     Pₖₙ = e^(Zₖₙ − mₙ) / Σⱼ e^(Zⱼₙ − mₙ),   mₙ = maxⱼ Zⱼₙ
///
/// Subtracting the column maximum changes nothing mathematically (numerator and
/// denominator are both multiplied by e^(−mₙ)) but keeps every exponent ≤ 0,
/// so logits of ±1000 give finite probabilities and each column sums to 1.
/// \param Z K x N logits (K >= 1). \return P, K x N.
arma::mat softmax(const arma::mat& Z);

/// \brief Exercise 4.1: column-wise log-softmax, computed stably (log-sum-exp):
///
///     log Pₖₙ = Zₖₙ − mₙ − log Σⱼ e^(Zⱼₙ − mₙ)
///
/// Never takes the log of an underflowed probability: with logits (0, -1000) it returns
/// (0, -1000), not (0, -inf).
/// \param Z K × N logits. \return log P, K × N (every entry ≤ 0).
arma::mat log_softmax(const arma::mat& Z);

/// \brief Exercise 4.2: cross-entropy of predicted probabilities P against targets Y,
/// averaged over the batch:
///
///     L = (1/N) Σₙ H(yₙ, pₙ),   H(y, ŷ) = −Σₖ yₖ log ŷₖ   (yₙ, pₙ: column n of Y, P)
///
/// Terms with yₖ = 0 contribute 0 (also when ŷₖ = 0: the limit of y log y); a true class
/// with probability 0 gives +∞, honestly.
/// std::invalid_argument naming "cross_entropy" if the shapes differ or N = 0.
/// \param P K x N probabilities, \param Y K x N targets.
double cross_entropy(const arma::mat& P, const arma::mat& Y);

/// \brief Exercise 4.2: negative log-likelihood of the true classes, from log-probabilities:
///
///     L = −(1/N) Σₙ log P_{yₙ n}
///
/// With one-hot targets this equals cross_entropy(exp(logP), one_hot(labels)).
/// std::invalid_argument naming "nll_loss" if labels has not N entries, a label is ≥ K,
/// or N = 0.
/// \param logP K x N log-probabilities (e.g. log_softmax(Z)), \param labels N indices.
double nll_loss(const arma::mat& logP, const arma::uvec& labels);

/// \brief Exercise 4.3: softmax + cross-entropy fused: the loss of the logits and its
/// gradient with respect to the logits in one pass:
///
///     L = (1/N) Σₙ (log Σⱼ e^(Zⱼₙ) − Z_{yₙ n}),   ∂L/∂Z = (1/N)(P − Y),
///
/// with P = softmax(Z) and Y = one_hot(labels). The Jacobian of the softmax never has to
/// be formed: its product with ∂L/∂P collapses to P − Y.
/// std::invalid_argument naming "softmax_cross_entropy" on a label count that is not N,
/// a label ≥ K, or N = 0.
/// \param Z K x N logits, \param labels N class indices,
/// \param dZ output K × N, ∂L/∂Z (memory reused when it fits).
/// \return L, the mean loss.
double softmax_cross_entropy(const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ);

/// \brief Exercise 4.4: one-vs-rest: K independent sigmoid units, each a binary
/// classifier "class k or not", trained with binary cross-entropy summed over the K
/// units and averaged over the batch:
///
///     L = (1/N) Σₙ Σₖ [max(Zₖₙ, 0) − Zₖₙ Yₖₙ + log(1 + e^(−|Zₖₙ|))],
///     ∂L/∂Z = (1/N)(σ(Z) − Y),
///
/// with Y = one_hot(labels). The K probabilities σ(Zₖₙ) need not sum to 1.
/// Same argument checks as softmax_cross_entropy (naming "one_vs_rest_loss").
/// \param Z K x N logits, \param labels N indices, \param dZ output K x N. \return L.
double one_vs_rest_loss(const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ);

}  // namespace nn
