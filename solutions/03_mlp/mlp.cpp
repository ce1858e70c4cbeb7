// Chapter 03 — reference solution of chapters/03_mlp/mlp.cpp (exercises 3.4–3.9).
// Contracts, shapes and notation: chapters/03_mlp/mlp.hpp (layers_[l] is layer l+1 of the notes).
#include "mlp.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "nn/error.hpp"

namespace nn {

// ================================================================ backprop by hand (exercise 3.4)

GraphResult graph_example(double a, double b, double w, double t) {
    GraphResult g;
    // forward, one node at a time
    const double s = a + b;  // s = a + b
    const double p = s * w;  // p = s w
    const double r = p - t;  // r = p - t
    const double q = r * r;  // q = r²
    g.L = q + w * w;         // L = q + w²
    // backward: each local derivative times the gradient arriving from above
    const double dq = 1.0;           // ∂L/∂q = 1
    const double dr = 2.0 * r * dq;  // ∂L/∂r = 2r ∂L/∂q
    const double dp = dr;            // ∂r/∂p = 1
    g.dL_dt = -dr;                   // ∂r/∂t = -1
    const double ds = dp * w;        // ∂p/∂s = w
    g.dL_dw = dp * s + 2.0 * w;  // w feeds two nodes: p (∂p/∂w = s) and w² (2w); the paths add
    g.dL_da = ds;                // ∂s/∂a = 1
    g.dL_db = ds;                // ∂s/∂b = 1
    return g;
}

double sigmoid_neuron(const arma::vec& w, double b, const arma::vec& x, double y, arma::vec& dw,
                      double& db) {
    require(w.n_elem == x.n_elem, "sigmoid_neuron",
            "w and x must have the same length, got " + std::to_string(w.n_elem) + " and " +
                std::to_string(x.n_elem));
    // z = wᵀx + b
    const double z = arma::dot(w, x) + b;
    // a = σ(z), stable for both signs of z
    const double a = z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
    // E = (a − y)²
    const double E = (a - y) * (a - y);
    // ∂E/∂z = 2(a - y) σ'(z), with σ'(z) = a(1 - a)
    const double dz = 2.0 * (a - y) * a * (1.0 - a);
    // ∂E/∂w = ∂E/∂z x ;  ∂E/∂b = ∂E/∂z
    dw = dz * x;
    db = dz;
    return E;
}

// ================================================================ Dense forward / backward (exercises 3.5, 3.6)

void Dense::forward(const arma::mat& A_prev, arma::mat& Z) {
    require_shape(A_prev, n_in(), any, "Dense::forward", "A_prev");
    // keep the input: backward needs it for dW = dZ A_prevᵀ
    A_prev_ = A_prev;
    has_cache_ = true;
    // Z = W A_prev  (one GEMM, written into Z's memory)
    Z = W * A_prev;
    // Z += b, the bias column added to every sample
    Z.each_col() += b.col(0);
}

void Dense::backward(const arma::mat& dZ, arma::mat& dA_prev) {
    // dW and db first (this also checks the cache and the shape)
    backward(dZ);
    // dA_prev = Wᵀ dZ   (n_in x N)
    dA_prev = W.t() * dZ;
}

void Dense::backward(const arma::mat& dZ) {
    if (!has_cache_)
        throw std::logic_error(
            "Dense::backward: no cached input; call forward() before backward()");
    require_shape(dZ, n_out(), A_prev_.n_cols, "Dense::backward", "dZ");
    // dW = dZ A_prevᵀ   (n_out x N times N x n_in: the sum over samples is inside the product)
    dW = dZ * A_prev_.t();
    // db = row sums of dZ   (the bias touches every column)
    db = arma::sum(dZ, 1);
}

// ================================================================ Mlp forward / backward (exercises 3.7, 3.8)

void Mlp::forward(const arma::mat& X, arma::mat& Out) {
    require_shape(X, input_size(), any, "Mlp::forward", "X");
    const std::size_t L = layers_.size();
    const arma::mat* A_prev = &X;  // A⁽⁰⁾ = X
    for (std::size_t l = 0; l < L; ++l) {
        // Z⁽ˡ⁾ = W⁽ˡ⁾ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾   (the layer keeps A⁽ˡ⁻¹⁾ for dW)
        layers_[l].forward(*A_prev, Z_[l]);
        // A⁽ˡ⁾ = f_l(Z⁽ˡ⁾)
        activation_forward(acts_[l], alphas_[l], Z_[l], A_[l]);
        A_prev = &A_[l];
    }
    has_cache_ = true;
    // Out = A⁽ᴸ⁾
    Out = A_.back();
}

void Mlp::backward(const arma::mat& dOut) {
    if (!has_cache_)
        throw std::logic_error("Mlp::backward: nothing cached; call forward() before backward()");
    require_shape(dOut, output_size(), A_.back().n_cols, "Mlp::backward", "dOut");
    const std::size_t L = layers_.size();
    // dZ⁽ᴸ⁾ = dA⁽ᴸ⁾ ⊙ f_L'(Z⁽ᴸ⁾)
    activation_derivative(acts_[L - 1], alphas_[L - 1], Z_[L - 1], D_);
    dZ_[L - 1] = dOut % D_;
    backward_from_logits(dZ_[L - 1]);
}

void Mlp::backward_from_logits(const arma::mat& dZ_out) {
    if (!has_cache_)
        throw std::logic_error(
            "Mlp::backward_from_logits: nothing cached; call forward() before backward()");
    require_shape(dZ_out, output_size(), A_.back().n_cols, "Mlp::backward_from_logits", "dZ_out");
    const std::size_t L = layers_.size();
    dZ_[L - 1] = dZ_out;  // dZ⁽ᴸ⁾ (a no-op when backward() passed its own buffer)
    for (std::size_t l = L - 1; l > 0; --l) {
        // dW⁽ˡ⁾ = dZ⁽ˡ⁾ A⁽ˡ⁻¹⁾ᵀ, db⁽ˡ⁾ = row sums of dZ⁽ˡ⁾, dA⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀ dZ⁽ˡ⁾
        layers_[l].backward(dZ_[l], dA_[l - 1]);
        // dZ⁽ˡ⁻¹⁾ = dA⁽ˡ⁻¹⁾ ⊙ f'(Z⁽ˡ⁻¹⁾)
        activation_derivative(acts_[l - 1], alphas_[l - 1], Z_[l - 1], D_);
        dZ_[l - 1] = dA_[l - 1] % D_;
    }
    // first layer: dW⁽¹⁾, db⁽¹⁾ only (nobody needs ∂L/∂X)
    layers_[0].backward(dZ_[0]);
}

// ================================================================ training (exercise 3.9)

void sgd_step(const std::vector<ParamRef>& params, double lr) {
    for (const ParamRef& p : params) {
        require(p.value != nullptr && p.grad != nullptr, "sgd_step", "null parameter " + p.name);
        require_shape(*p.grad, p.value->n_rows, p.value->n_cols, "sgd_step",
                      "gradient of " + p.name);
        // θ ← θ - η ∇θ L
        *p.value -= lr * *p.grad;
    }
}

}  // namespace nn
