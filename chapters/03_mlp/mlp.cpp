// Chapter 03 — YOUR FILE: exercises 3.4–3.9 of mlp.hpp (contracts, shapes and formulas: mlp.hpp).
// Check one exercise with  scripts/check.sh 3.N   (the whole chapter: scripts/check.sh 03).
#include "mlp.hpp"

#include "nn/error.hpp"

namespace nn {

// ================================================================ backprop by hand (exercise 3.4)

GraphResult graph_example(double a, double b, double w, double t) {
    // TODO (3.4): forward node by node (s = a + b, p = s w, r = p − t, q = r², L = q + w²), then
    // the chain rule backwards; w feeds two nodes, so its two paths add.
    throw NotImplemented("graph_example (chapters/03_mlp/mlp.cpp, exercise 3.4)");
}

double sigmoid_neuron(const arma::vec& w, double b, const arma::vec& x, double y, arma::vec& dw,
                      double& db) {
    // TODO (3.4): z = wᵀx + b, a = σ(z), E = (a − y)², ∂E/∂z = 2(a − y) a(1 − a);
    // dw = ∂E/∂z · x, db = ∂E/∂z. Check that w and x have the same length.
    throw NotImplemented("sigmoid_neuron (chapters/03_mlp/mlp.cpp, exercise 3.4)");
}

// ================================================================ Dense forward / backward (exercises 3.5, 3.6)

void Dense::forward(const arma::mat& A_prev, arma::mat& Z) {
    // TODO (3.5): Z = W A_prev + b, b added to every column (Z.each_col() += b); check A_prev
    // with nn::require_shape(..., "Dense::forward") and keep a copy of it for backward().
    throw NotImplemented("Dense::forward (chapters/03_mlp/mlp.cpp, exercise 3.5)");
}

void Dense::backward(const arma::mat& dZ, arma::mat& dA_prev) {
    // TODO (3.6): dW = dZ A_prevᵀ, db = Σ_n dZ(:, n) (arma::sum(dZ, 1)), dA_prev = Wᵀ dZ.
    // Overwrite dW and db (=, not +=); std::logic_error before forward().
    throw NotImplemented("Dense::backward (chapters/03_mlp/mlp.cpp, exercise 3.6)");
}

void Dense::backward(const arma::mat& dZ) {
    // TODO (3.6): dW = dZ A_prevᵀ, db = Σ_n dZ(:, n), without dA_prev; check dZ is n_out x N of
    // the last forward ("Dense::backward").
    throw NotImplemented("Dense::backward (chapters/03_mlp/mlp.cpp, exercise 3.6)");
}

// ================================================================ Mlp forward / backward (exercises 3.7, 3.8)

void Mlp::forward(const arma::mat& X, arma::mat& Out) {
    // TODO (3.7): for l = 1..L: Z⁽ˡ⁾ = layer forward of A⁽ˡ⁻¹⁾ (into Z_[l]), A⁽ˡ⁾ = f_l(Z⁽ˡ⁾)
    // (activation_forward into A_[l]); Out = A⁽ᴸ⁾. Remember that forward has run.
    throw NotImplemented("Mlp::forward (chapters/03_mlp/mlp.cpp, exercise 3.7)");
}

void Mlp::backward(const arma::mat& dOut) {
    // TODO (3.8): dZ⁽ᴸ⁾ = dOut ⊙ f_L'(Z⁽ᴸ⁾), then the loop of backward_from_logits.
    throw NotImplemented("Mlp::backward (chapters/03_mlp/mlp.cpp, exercise 3.8)");
}

void Mlp::backward_from_logits(const arma::mat& dZ_out) {
    // TODO (3.8): for l = L..2: layer backward gives dW⁽ˡ⁾, db⁽ˡ⁾ and dA⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀdZ⁽ˡ⁾, then
    // dZ⁽ˡ⁻¹⁾ = dA⁽ˡ⁻¹⁾ ⊙ f'(Z⁽ˡ⁻¹⁾); layer 1 needs no dA⁽⁰⁾ (the one-argument backward).
    throw NotImplemented("Mlp::backward_from_logits (chapters/03_mlp/mlp.cpp, exercise 3.8)");
}

// ================================================================ training (exercise 3.9)

void sgd_step(const std::vector<ParamRef>& params, double lr) {
    // TODO (3.9): θ ← θ − η ∇θL for every parameter (value −= lr · grad).
    throw NotImplemented("sgd_step (chapters/03_mlp/mlp.cpp, exercise 3.9)");
}

}  // namespace nn
