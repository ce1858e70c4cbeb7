// Chapter 05 — reference solution of chapters/05_regularization/regularization.cpp (5.1–5.7).
// Contracts, shapes and notation: chapters/05_regularization/regularization.hpp.
#include "regularization.hpp"

#include <cmath>
#include <string>

#include "nn/error.hpp"

namespace nn {

double l1_penalty(const arma::mat& W) {
    return arma::accu(arma::abs(W));  // Ω₁ = Σᵢⱼ |Wᵢⱼ|
}

arma::mat l1_penalty_gradient(const arma::mat& W) {
    return arma::sign(W);  // ∂Ω₁/∂W = sign(W), with sign(0) = 0
}

double l2_penalty(const arma::mat& W) {
    return 0.5 * arma::accu(arma::square(W));  // Ω₂ = ½ Σᵢⱼ Wᵢⱼ²
}

arma::mat l2_penalty_gradient(const arma::mat& W) {
    return W;  // ∂Ω₂/∂W = W
}

namespace {
void require_strengths(const Regularization& reg, const std::string& where) {
    require(reg.l1 >= 0 && reg.l2 >= 0, where,
            "penalty strengths must be >= 0, got l1 = " + std::to_string(reg.l1) +
                ", l2 = " + std::to_string(reg.l2));
}
}  // namespace

double weight_penalty(const std::vector<ParamRef>& params, const Regularization& reg) {
    require_strengths(reg, "weight_penalty");
    double total = 0;
    for (const ParamRef& p : params) {
        if (p.is_bias) continue;                                 // biases are not penalised
        if (reg.l1 > 0) total += reg.l1 * l1_penalty(*p.value);  // λ₁ Ω₁(W)
        if (reg.l2 > 0) total += reg.l2 * l2_penalty(*p.value);  // λ₂ Ω₂(W)
    }
    return total;
}

void add_penalty_gradients(const std::vector<ParamRef>& params, const Regularization& reg) {
    require_strengths(reg, "add_penalty_gradients");
    for (const ParamRef& p : params) {
        if (p.is_bias) continue;  // db stays the gradient of the data loss
        if (reg.l1 > 0) *p.grad += reg.l1 * l1_penalty_gradient(*p.value);  // dW += λ₁ sign(W)
        if (reg.l2 > 0) *p.grad += reg.l2 * l2_penalty_gradient(*p.value);  // dW += λ₂ W
    }
}

double regularized_cost(double data_loss, const std::vector<ParamRef>& params, double lambda,
                        arma::uword n) {
    require(lambda >= 0, "regularized_cost", "lambda must be >= 0");
    require(n > 0, "regularized_cost", "the number of training samples n must be > 0");
    double sum_sq = 0;
    for (const ParamRef& p : params)
        if (!p.is_bias) sum_sq += arma::accu(arma::square(*p.value));  // Σ Θᵢⱼ²
    return data_loss + lambda / (2.0 * static_cast<double>(n)) * sum_sq;  // J = L + (λ/2n) Σ Θᵢⱼ²
}

double regularized_gradients(Mlp& net, const arma::mat& X, const arma::mat& Y,
                             const LogitLoss& loss, const Regularization& reg) {
    require(net.activation(net.num_layers() - 1) == Activation::Identity, "regularized_gradients",
            "the output layer must use Activation::Identity (its output are the logits)");
    arma::mat Z, dZ;
    net.forward(X, Z);                   // Z = logits of the output layer (K x N)
    const double data = loss(Z, Y, dZ);  // L and dZ = ∂L/∂Z
    net.backward_from_logits(dZ);        // dW, db of every layer: gradient of L
    const std::vector<ParamRef> params = net.parameters();
    add_penalty_gradients(params, reg);         // dW += λ₁ sign(W) + λ₂ W
    return data + weight_penalty(params, reg);  // L̃ = L + λ₁ Ω₁ + λ₂ Ω₂
}

double zero_fraction(const std::vector<ParamRef>& params, double tol) {
    require(tol > 0, "zero_fraction", "the tolerance must be > 0");
    double zeros = 0, total = 0;
    for (const ParamRef& p : params) {
        if (p.is_bias) continue;
        zeros += static_cast<double>(arma::accu(arma::abs(*p.value) < tol));  // #{|w| < tol}
        total += static_cast<double>(p.value->n_elem);
    }
    return total > 0 ? zeros / total : 0.0;
}

}  // namespace nn
