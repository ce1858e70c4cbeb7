/// \file losses.hpp
/// \brief Chapter 03 — loss functions and their gradients with respect to the prediction.
/// Exercise 3.3 (your code: losses.cpp; given code: losses_given.cpp).
///
/// Legend (the notation of the notes, \ref ch03; samples are columns):
/// - A the network output, K × N; Y the target (same shape); N the samples in the batch.
/// - dA = ∂L/∂A (K × N); σ(z) = 1/(1 + e⁻ᶻ) the sigmoid.
/// - Every loss is a SUM over the K output rows and a MEAN over the N samples:
///
///       L = (1/N) Σₙ ℓ(aₙ, yₙ),   ℓ(a, y) = Σₖ ℓₖ(aₖ, yₖ),
///
///   so the gradient of every loss carries the factor 1/N. With one output and one sample
///   MSE is exactly (a − y)².
///
/// Every function checks that Y has the shape of A (std::invalid_argument naming the function).
#pragma once
#include <armadillo>
#include <string>

namespace nn {

/// \brief Exercise 3.3: mean squared error L = (1/N) Σₖₙ (Aₖₙ − Yₖₙ)².
double mse_loss(const arma::mat& A, const arma::mat& Y);
/// \brief Exercise 3.3: ∂L/∂A = (2/N)(A − Y) into dA (K × N).
void mse_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA);

/// \brief Exercise 3.3: mean absolute error L = (1/N) Σₖₙ |Aₖₙ − Yₖₙ|.
double mae_loss(const arma::mat& A, const arma::mat& Y);
/// \brief Exercise 3.3: ∂L/∂A = (1/N) sign(A − Y)
/// (0 where A = Y, the subgradient we choose at the kink).
void mae_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA);

/// \brief Clipping used by bce_loss / bce_gradient: A is clamped to [eps, 1 - eps].
inline constexpr double bce_eps = 1e-12;

/// \brief Given helper (losses_given.cpp): check the arguments of a loss.
///
/// Throws std::invalid_argument naming `where` unless A has at least one column and Y has
/// the shape of A. Every loss and gradient of this chapter starts with it.
/// \param A prediction, K x N   \param Y target   \param where the calling function's name
void check_loss_args(const arma::mat& A, const arma::mat& Y, const char* where);

/// \brief Exercise 3.3: binary cross-entropy of probabilities A in (0, 1), targets Y in {0, 1}
/// (or [0, 1]):
///
///     L = −(1/N) Σₖₙ [Y log A + (1 − Y) log(1 − A)]
///
/// with A clamped to [bce_eps, 1 - bce_eps] so that log never sees 0.
double bce_loss(const arma::mat& A, const arma::mat& Y);
/// \brief Exercise 3.3: ∂L/∂A = (1/N) (A − Y) / (A(1 − A))
/// (A clamped as in bce_loss).
void bce_gradient(const arma::mat& A, const arma::mat& Y, arma::mat& dA);

/// \brief Exercise 3.3: sigmoid + binary cross-entropy fused, from logits Z (K x N).
///
/// With A = σ(Z), the loss is computed without ever forming log(0):
///
///     ℓ(z, y) = max(z, 0) − z y + log(1 + e^(−|z|))
///
/// and the gradient with respect to the LOGITS collapses to
///
///     ∂L/∂Z = (1/N) (σ(Z) − Y).
///
/// \param Z  logits, K x N
/// \param Y  targets in {0, 1} (or [0, 1]), K x N
/// \param dZ output, K x N
/// \return the loss
double bce_with_logits(const arma::mat& Z, const arma::mat& Y, arma::mat& dZ);

/// \brief The losses by name, for training helpers and flags.
enum class Loss {
    MSE,           ///< mse_loss / mse_gradient
    MAE,           ///< mae_loss / mae_gradient
    BCE,           ///< bce_loss / bce_gradient on probabilities (sigmoid output layer)
    BCEWithLogits  ///< bce_with_logits: the output layer must be Activation::Identity
                   ///< (its output is the logit Z; apply a sigmoid to read probabilities)
};

/// \brief "mse", "mae", "bce", "bce_logits".
std::string loss_name(Loss loss);
/// \brief Parse the names of loss_name(); throws std::invalid_argument listing them.
Loss parse_loss(const std::string& name);

/// \brief The value of `loss` at prediction A (K x N) and target Y. (Dispatches to the
/// functions above; for BCEWithLogits, A holds the logits.)
double loss_value(Loss loss, const arma::mat& A, const arma::mat& Y);
/// \brief Value and gradient ∂L/∂A (into dA) of `loss` in one call.
/// For BCEWithLogits, A holds the logits and dA is ∂L/∂Z, which is
/// the same thing because the output activation is the identity.
double loss_and_gradient(Loss loss, const arma::mat& A, const arma::mat& Y, arma::mat& dA);

}  // namespace nn
