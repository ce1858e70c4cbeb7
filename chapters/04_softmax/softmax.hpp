/// \file softmax.hpp
/// \brief Chapter 04: softmax, cross-entropy, negative log-likelihood, the fused gradient
/// and one-vs-rest sigmoids.
///
/// Legend (the notation of the notes; samples are columns):
/// - K: number of classes; N: samples in the batch.
/// - Z (K x N): logits, the output of the last dense layer (no activation).
/// - P = softmax(Z) (K x N): class probabilities \f$ \hat y \f$, every column sums to 1.
/// - Y (K x N): targets, one-hot (column n has a 1 in row y_n) or any probability vectors.
/// - labels (N): the class index y_n in 0..K-1 of every column.
/// - L: the loss of the batch, the MEAN over the N columns of the per-sample loss, so
///   every gradient carries the factor 1/N.
#pragma once
#include <armadillo>

namespace nn {

/// \brief Exercise 4.1: column-wise softmax, computed stably.
///
/// \f[ P_{kn} = \frac{e^{Z_{kn} - m_n}}{\sum_{j=1}^{K} e^{Z_{jn} - m_n}}, \qquad
///     m_n = \max_j Z_{jn}. \f]
/// Subtracting the column maximum changes nothing mathematically (numerator and
/// denominator are both multiplied by \f$ e^{-m_n} \f$) but keeps every exponent <= 0,
/// so logits of +-1000 give finite probabilities and each column sums to 1.
/// \param Z K x N logits (K >= 1). \return P, K x N.
arma::mat softmax(const arma::mat& Z);

/// \brief Exercise 4.1: column-wise log-softmax, computed stably (log-sum-exp):
/// \f[ \log P_{kn} = Z_{kn} - m_n - \log \sum_{j} e^{Z_{jn} - m_n}. \f]
/// Never takes the log of an underflowed probability: with logits (0, -1000) it returns
/// (0, -1000), not (0, -inf).
/// \param Z K x N logits. \return log P, K x N (every entry <= 0).
arma::mat log_softmax(const arma::mat& Z);

/// \brief Exercise 4.2: cross-entropy of predicted probabilities P against targets Y,
/// averaged over the batch:
/// \f[ L = \frac{1}{N} \sum_{n=1}^{N} H(Y_{:n}, P_{:n}), \qquad
///     H(y, \hat y) = -\sum_{k=1}^{K} y_k \log \hat y_k. \f]
/// Terms with \f$ y_k = 0 \f$ contribute 0 (also when \f$ \hat y_k = 0 \f$: the limit of
/// \f$ y \log y \f$); a true class with probability 0 gives +inf, honestly.
/// std::invalid_argument naming "cross_entropy" if the shapes differ or N = 0.
/// \param P K x N probabilities, \param Y K x N targets.
double cross_entropy(const arma::mat& P, const arma::mat& Y);

/// \brief Exercise 4.2: negative log-likelihood of the true classes, from log-probabilities:
/// \f[ L = -\frac{1}{N} \sum_{n=1}^{N} \log P_{y_n n}. \f]
/// With one-hot targets this equals cross_entropy(exp(logP), one_hot(labels)).
/// std::invalid_argument naming "nll_loss" if labels has not N entries, a label is >= K,
/// or N = 0.
/// \param logP K x N log-probabilities (e.g. log_softmax(Z)), \param labels N indices.
double nll_loss(const arma::mat& logP, const arma::uvec& labels);

/// \brief Exercise 4.3: softmax + cross-entropy fused: the loss of the logits and its
/// gradient with respect to the logits in one pass.
/// \f[ L = \frac{1}{N}\sum_{n} \Big( \log\sum_j e^{Z_{jn}} - Z_{y_n n} \Big), \qquad
///     \frac{\partial L}{\partial Z} = \frac{1}{N}\,(P - Y), \f]
/// with P = softmax(Z) and Y = one_hot(labels). The Jacobian of the softmax never has to
/// be formed: its product with \f$ \partial L / \partial P \f$ collapses to P - Y.
/// std::invalid_argument naming "softmax_cross_entropy" on a label count that is not N,
/// a label >= K, or N = 0.
/// \param Z K x N logits, \param labels N class indices,
/// \param dZ output K x N, \f$ \partial L/\partial Z \f$ (memory reused when it fits).
/// \return L, the mean loss.
double softmax_cross_entropy(const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ);

/// \brief Exercise 4.4: one-vs-rest: K independent sigmoid units, each a binary
/// classifier "class k or not", trained with binary cross-entropy summed over the K
/// units and averaged over the batch:
/// \f[ L = \frac{1}{N}\sum_{n}\sum_{k} \Big[ \max(Z_{kn}, 0) - Z_{kn} Y_{kn}
///        + \log\big(1 + e^{-|Z_{kn}|}\big) \Big], \qquad
///     \frac{\partial L}{\partial Z} = \frac{1}{N}\,(\sigma(Z) - Y), \f]
/// with Y = one_hot(labels). The K probabilities \f$ \sigma(Z_{kn}) \f$ need not sum
/// to 1. Same argument checks as softmax_cross_entropy (naming "one_vs_rest_loss").
/// \param Z K x N logits, \param labels N indices, \param dZ output K x N. \return L.
double one_vs_rest_loss(const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ);

}  // namespace nn
