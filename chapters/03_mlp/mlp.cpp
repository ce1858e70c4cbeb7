/// \file mlp.cpp
/// \brief Chapter 03: dense layers, the MLP, hand-written backprop and SGD.
///
/// Legend (notation of the notes; samples are columns):
///   N        samples in the batch
///   A⁽⁰⁾ = X input, d x N
///   W⁽ˡ⁾     weights of layer l, n_l x n_{l-1};  b⁽ˡ⁾ bias, n_l x 1
///   Z⁽ˡ⁾     = W⁽ˡ⁾ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾, n_l x N;      A⁽ˡ⁾ = f_l(Z⁽ˡ⁾)
///   dX       ∂L/∂X, same shape as X (dZ⁽ˡ⁾ is the δ⁽ˡ⁾ of the notes)
/// In code, layers are counted from 0: layers_[l] is layer l+1 of the notes.
/// Init names, the Dense and Mlp constructors, Dense::init, Mlp::predict / parameters /
/// summary, train_step and train_mlp are given in mlp_given.cpp.
#include "mlp.hpp"

#include "nn/error.hpp"

namespace nn {

// ================================================================ backprop by hand (exercise 3.4)

GraphResult graph_example(double a, double b, double w, double t) {
    // TODO: Forward node by node (s, p, r, q, L), then the chain rule backwards.
    (void)a;
    (void)b;
    (void)w;
    (void)t;
    throw NotImplemented("graph_example (chapters/03_mlp/mlp.cpp, exercise 3.4)");
}

double sigmoid_neuron(const arma::vec& w, double b, const arma::vec& x, double y, arma::vec& dw,
                      double& db) {
    // TODO: z = w.x + b, a = sigma(z), E = (a - y)^2, dE/dz = 2(a - y) a (1 - a).
    (void)w;
    (void)b;
    (void)x;
    (void)y;
    (void)dw;
    (void)db;
    throw NotImplemented("sigmoid_neuron (chapters/03_mlp/mlp.cpp, exercise 3.4)");
}

// ================================================================ Dense forward / backward (exercises 3.5, 3.6)

void Dense::forward(const arma::mat& A_prev, arma::mat& Z) {
    // TODO: Check A_prev (nn::require_shape, "Dense::forward"), keep a copy, Z = W A_prev, then Z.each_col() += b.
    (void)A_prev;
    (void)Z;
    throw NotImplemented("Dense::forward (chapters/03_mlp/mlp.cpp, exercise 3.5)");
}

void Dense::backward(const arma::mat& dZ, arma::mat& dA_prev) {
    // TODO: Throw std::logic_error before forward(); check dZ is n_out x N of the last forward
    // (nn::require_shape, "Dense::backward"); dW = dZ A_prev^T, db = row sums of dZ (one per unit:
    // arma::sum(dZ, 1), n_out x 1), dA_prev = W^T dZ (n_in x N). Overwrite dW and db (=, not +=).
    (void)dZ;
    (void)dA_prev;
    throw NotImplemented("Dense::backward (chapters/03_mlp/mlp.cpp, exercise 3.6)");
}

void Dense::backward(const arma::mat& dZ) {
    // TODO: Throw std::logic_error before forward(); check dZ ("Dense::backward"); dW = dZ A_prev^T, db = row sums.
    (void)dZ;
    throw NotImplemented("Dense::backward (chapters/03_mlp/mlp.cpp, exercise 3.6)");
}

// ================================================================ Mlp forward / backward (exercises 3.7, 3.8)

void Mlp::forward(const arma::mat& X, arma::mat& Out) {
    // TODO: For each layer: Dense::forward into Z_[l], activation_forward into A_[l], the hook on hidden layers; Out = A_.back().
    (void)X;
    (void)Out;
    throw NotImplemented("Mlp::forward (chapters/03_mlp/mlp.cpp, exercise 3.7)");
}

void Mlp::backward(const arma::mat& dOut) {
    // TODO: dZ of the output = dOut % f'(Z), then the loop of backward_from_logits.
    (void)dOut;
    throw NotImplemented("Mlp::backward (chapters/03_mlp/mlp.cpp, exercise 3.8)");
}

void Mlp::backward_from_logits(const arma::mat& dZ_out) {
    // TODO: From dZ of the output layer down to layer 1: layer backward, hook, dZ = dA % f'(Z).
    (void)dZ_out;
    throw NotImplemented("Mlp::backward_from_logits (chapters/03_mlp/mlp.cpp, exercise 3.8)");
}

// ================================================================ training (exercise 3.9)

void sgd_step(const std::vector<ParamRef>& params, double lr) {
    // TODO: value -= lr * grad for every parameter.
    (void)params;
    (void)lr;
    throw NotImplemented("sgd_step (chapters/03_mlp/mlp.cpp, exercise 3.9)");
}

}  // namespace nn
