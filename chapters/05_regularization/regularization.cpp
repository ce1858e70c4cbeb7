// Chapter 05 — YOUR FILE: exercises 5.1–5.7 (contracts, shapes and formulas: regularization.hpp).
// Check one exercise with  scripts/check.sh 5.N   (the whole chapter: scripts/check.sh 05).
#include "regularization.hpp"

#include "nn/error.hpp"

namespace nn {

double l1_penalty(const arma::mat& W) {
    // TODO (5.1): Ω₁(W) = Σᵢⱼ |Wᵢⱼ| (a sum over every entry, rows and columns).
    throw NotImplemented(
        "l1_penalty (chapters/05_regularization/regularization.cpp, "
        "exercise 5.1)");
}

arma::mat l1_penalty_gradient(const arma::mat& W) {
    // TODO (5.1): ∂Ω₁/∂W = sign(W), same shape as W, with sign(0) = 0 (not +1).
    throw NotImplemented(
        "l1_penalty_gradient (chapters/05_regularization/regularization.cpp, "
        "exercise 5.1)");
}

double l2_penalty(const arma::mat& W) {
    // TODO (5.2): Ω₂(W) = ½ Σᵢⱼ Wᵢⱼ². Trap: the ½ (without it the gradient would be 2W).
    throw NotImplemented(
        "l2_penalty (chapters/05_regularization/regularization.cpp, "
        "exercise 5.2)");
}

arma::mat l2_penalty_gradient(const arma::mat& W) {
    // TODO (5.2): ∂Ω₂/∂W = W.
    throw NotImplemented(
        "l2_penalty_gradient (chapters/05_regularization/regularization.cpp, "
        "exercise 5.2)");
}

double weight_penalty(const std::vector<ParamRef>& params, const Regularization& reg) {
    // TODO (5.3): λ₁ Σ_W Ω₁(W) + λ₂ Σ_W Ω₂(W) over the parameters with is_bias == false;
    // reject a negative strength. Trap: the biases are never penalised.
    throw NotImplemented(
        "weight_penalty (chapters/05_regularization/regularization.cpp, "
        "exercise 5.3)");
}

void add_penalty_gradients(const std::vector<ParamRef>& params, const Regularization& reg) {
    // TODO (5.4): for every weight, *p.grad += λ₁ sign(W) + λ₂ W, in place.
    // Trap: ADD to the gradient backward() left there (do not overwrite it); skip the biases.
    throw NotImplemented(
        "add_penalty_gradients (chapters/05_regularization/regularization.cpp, "
        "exercise 5.4)");
}

double regularized_cost(double data_loss, const std::vector<ParamRef>& params, double lambda,
                        arma::uword n) {
    // TODO (5.5): J(Θ) = L + (λ/2n) Σₗ Σᵢⱼ (Θ⁽ˡ⁾ᵢⱼ)², weights only; reject λ < 0 and n = 0.
    // Trap: 2n, not n or 2 (in double arithmetic).
    throw NotImplemented(
        "regularized_cost (chapters/05_regularization/regularization.cpp, "
        "exercise 5.5)");
}

double regularized_gradients(Mlp& net, const arma::mat& X, const arma::mat& Y,
                             const LogitLoss& loss, const Regularization& reg) {
    // TODO (5.6): require an identity output layer; forward → logits Z; L and dZ = ∂L/∂Z from
    // loss(Z, Y, dZ); backward_from_logits(dZ); add_penalty_gradients; return L̃ = L + penalty.
    // Trap: add the penalty gradients AFTER backward (which overwrites the gradients).
    throw NotImplemented(
        "regularized_gradients (chapters/05_regularization/regularization.cpp, "
        "exercise 5.6)");
}

double zero_fraction(const std::vector<ParamRef>& params, double tol) {
    // TODO (5.7): #{weights w : |w| < tol} / #{weights}, all weight matrices together (0 if none);
    // reject tol ≤ 0. Trap: count over all matrices at once, not the mean of per-matrix fractions.
    throw NotImplemented(
        "zero_fraction (chapters/05_regularization/regularization.cpp, "
        "exercise 5.7)");
}

}  // namespace nn
