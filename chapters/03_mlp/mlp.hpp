/// \file mlp.hpp
/// \brief Chapter 03 — dense layers, the multi-layer perceptron, hand-written backprop, SGD.
/// Exercises 3.4–3.9 (your code: mlp.cpp; given code: mlp_given.cpp).
///
/// Legend (the notation of the notes; samples are columns):
/// - N: samples in the batch; n_in, n_out: widths of a layer; L: number of dense layers.
/// - A⁽⁰⁾ = X (d x N) the input; for layer l = 1..L:
///   Z⁽ˡ⁾ = W⁽ˡ⁾ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾ (W⁽ˡ⁾ is n_l x n_{l-1}, b⁽ˡ⁾ is n_l x 1, broadcast over the N columns),
///   A⁽ˡ⁾ = f_l(Z⁽ˡ⁾). The network output is A⁽ᴸ⁾.
/// - dX means ∂L/∂X, same shape as X: dA⁽ˡ⁾, dZ⁽ˡ⁾ (= δ⁽ˡ⁾), dW⁽ˡ⁾, db⁽ˡ⁾.
/// - Backprop: dZ⁽ˡ⁾ = dA⁽ˡ⁾ ⊙ f_l'(Z⁽ˡ⁾); dW⁽ˡ⁾ = dZ⁽ˡ⁾ A⁽ˡ⁻¹⁾ᵀ; db⁽ˡ⁾ = row sums of dZ⁽ˡ⁾;
///   dA⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀ dZ⁽ˡ⁾.
///
/// Everything a later chapter needs is here: include "mlp.hpp" (it includes
/// activations.hpp and losses.hpp).
#pragma once
#include <armadillo>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "activations.hpp"
#include "losses.hpp"
#include "nn/layer.hpp"  // nn::Layer, nn::ParamRef

namespace nn {

// ------------------------------------------------------------------ backprop by hand

/// \brief Value and gradients of the small graph of the notes.
struct GraphResult {
    double L = 0;                                       ///< the loss
    double dL_da = 0, dL_db = 0, dL_dw = 0, dL_dt = 0;  ///< its partial derivatives
};

/// \brief Exercise 3.4: forward and backward through the computational graph
/// L(a, b, w, t) = ((a + b) w − t)² + w²
/// node by node: s = a + b, p = s w, r = p - t, q = r², L = q + w², then the chain rule
/// backwards. At (1, 2, 2, 4): L = 8, dL/da = dL/db = 8, dL/dw = 16, dL/dt = -4.
GraphResult graph_example(double a, double b, double w, double t);

/// \brief Exercise 3.4: one sigmoid neuron with squared error
/// E = (σ(wᵀx + b) − y)²; returns E and fills
/// ∂E/∂w = 2(σ(z) − y) σ'(z) x,  ∂E/∂b = 2(σ(z) − y) σ'(z),  z = wᵀx + b.
/// \param w  weights, d-vector
/// \param b  bias
/// \param x  input, d-vector (the length of w; std::invalid_argument otherwise)
/// \param y  target
/// \param dw output: ∂E/∂w, d-vector
/// \param db output: ∂E/∂b
double sigmoid_neuron(const arma::vec& w, double b, const arma::vec& x, double y, arma::vec& dw,
                      double& db);

// ------------------------------------------------------------------ dense layer

/// \brief How weights are drawn (biases always start at 0).
enum class Init {
    He,      ///< W ~ N(0, 2 / n_in): the default for ReLU-like activations
    Xavier,  ///< W ~ N(0, 2 / (n_in + n_out)) (Glorot normal): for tanh / sigmoid
    Zero     ///< W = 0: shows the symmetry problem (all hidden units stay identical)
};
/// \brief "he", "xavier", "zero".
std::string init_name(Init init);
/// \brief Parse "he", "xavier" (or "glorot"), "zero"; std::invalid_argument otherwise.
Init parse_init(const std::string& name);
/// \brief Draw W in place by `init` from arma::randn (seeded by nn::seed_all), keeping its
/// shape: He W ~ N(0, 2/fan_in), Xavier W ~ N(0, 2/(fan_in + fan_out)), Zero W = 0.
/// Dense uses fan_in = n_in, fan_out = n_out; chapter 07's Conv2d fan_in = C_in·k²,
/// fan_out = C_out·k².
void init_weights(arma::mat& W, Init init, double fan_in, double fan_out);

/// \brief A fully connected (dense, affine) layer Z = W A_prev + b.
///
/// Shapes: W is n_out x n_in, b is n_out x 1; A_prev is n_in x N, Z is n_out x N.
/// The layer keeps a copy of its last input (needed for dW); backward() overwrites dW and db.
/// It implements nn::Layer (common/include/nn/layer.hpp), the contract that chapter 07's
/// nn::Sequential chains; this chapter's Mlp calls it directly.
class Dense : public Layer {
public:
    /// \brief W, b, dW, db all zero (call init() for random weights).
    Dense(arma::uword n_in, arma::uword n_out);

    arma::mat W;   ///< n_out x n_in weights
    arma::mat b;   ///< n_out x 1 biases (a column)
    arma::mat dW;  ///< n_out x n_in, ∂L/∂W of the last backward()
    arma::mat db;  ///< n_out x 1,    ∂L/∂b of the last backward()

    arma::uword n_in() const { return W.n_cols; }
    arma::uword n_out() const { return W.n_rows; }

    /// \brief Draw W by `init` (from arma::randn, seeded by nn::seed_all); set b = 0.
    void init(Init init);

    /// \brief Exercise 3.5: Z = W A_prev + b, b added to every column.
    ///
    /// Keeps a copy of A_prev for backward(). Throws std::invalid_argument naming
    /// "Dense::forward" if A_prev does not have n_in rows.
    /// \param A_prev n_in x N input, \param Z output n_out x N (memory reused when it fits)
    void forward(const arma::mat& A_prev, arma::mat& Z) override;

    /// \brief Exercise 3.6: gradients from dZ = ∂L/∂Z (n_out x N):
    /// dW = dZ A_prevᵀ,  db = Σ_n dZ(:, n),  dA_prev = Wᵀ dZ.
    /// Overwrites dW, db and dA_prev (n_in x N). Throws std::logic_error before any
    /// forward(), std::invalid_argument naming "Dense::backward" if dZ is not n_out x N
    /// (N of the last forward()).
    void backward(const arma::mat& dZ, arma::mat& dA_prev) override;

    /// \brief Exercise 3.6: the same without dA_prev (the first layer needs no input
    /// gradient: saves one GEMM).
    void backward(const arma::mat& dZ) override;

    /// \brief Given: (W, dW) named prefix + ".W" and (b, db) named prefix + ".b" (is_bias).
    std::vector<ParamRef> parameters(const std::string& prefix) override;
    /// \brief Given: "dense 784 -> 10, 7850 parameters".
    std::string summary() const override;

    /// \brief True once forward() has run (backward() is allowed).
    bool has_cache() const { return has_cache_; }
    /// \brief The input of the last forward() (n_in x N).
    const arma::mat& cached_input() const { return A_prev_; }

private:
    arma::mat A_prev_;        // copy of the last input
    bool has_cache_ = false;  // forward() has run
};

// ------------------------------------------------------------------ the network

/// \brief A multi-layer perceptron: L dense layers, each followed by its activation.
///
/// \code
/// nn::Mlp net({2, 8, 1}, nn::Activation::Tanh, nn::Activation::Sigmoid, nn::Init::Xavier);
/// arma::mat Out, dOut;
/// net.forward(X, Out);                         // X is 2 x N, Out is 1 x N
/// double loss = nn::loss_and_gradient(nn::Loss::BCE, Out, Y, dOut);
/// net.backward(dOut);                          // fills every layer's dW, db
/// nn::sgd_step(net.parameters(), 0.5);
/// \endcode
///
/// The loop is written out by hand on purpose (it is this chapter's lesson); from chapter
/// 07 on, networks are chains of nn::Layer in an nn::Sequential.
class Mlp {
public:
    /// \brief widths = {d, n_1, ..., n_L}: input width then each layer's width (at least 2
    /// entries, all > 0). Hidden layers use `hidden`, the last layer `output`; alphas are
    /// default_alpha(); weights drawn by `init`. std::invalid_argument on bad widths.
    Mlp(const std::vector<arma::uword>& widths, Activation hidden, Activation output,
        Init init = Init::He);

    /// \brief One activation per layer (activations.size() == widths.size() - 1).
    Mlp(const std::vector<arma::uword>& widths, const std::vector<Activation>& activations,
        Init init = Init::He);

    /// \brief Exercise 3.7: the forward pass. For l = 1..L: Z⁽ˡ⁾ = W⁽ˡ⁾A⁽ˡ⁻¹⁾ + b⁽ˡ⁾,
    /// A⁽ˡ⁾ = f_l(Z⁽ˡ⁾); Out = A⁽ᴸ⁾.
    /// Keeps Z⁽ˡ⁾, A⁽ˡ⁾ for backward(). std::invalid_argument naming "Mlp::forward" if X
    /// does not have input_size() rows.
    /// \param X d x N, \param Out n_L x N
    void forward(const arma::mat& X, arma::mat& Out);

    /// \brief Exercise 3.8: backprop from dOut = ∂L/∂A⁽ᴸ⁾ (n_L x N):
    /// dZ⁽ᴸ⁾ = dOut ⊙ f_L'(Z⁽ᴸ⁾), then for l = L..1: dW⁽ˡ⁾, db⁽ˡ⁾ from the layer, and for
    /// l > 1: dA⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀdZ⁽ˡ⁾, dZ⁽ˡ⁻¹⁾ = dA⁽ˡ⁻¹⁾ ⊙ f'(Z⁽ˡ⁻¹⁾).
    /// Overwrites every layer's dW, db. std::logic_error before forward(),
    /// std::invalid_argument naming "Mlp::backward" on a wrong shape.
    void backward(const arma::mat& dOut);

    /// \brief Exercise 3.8: the same, starting from dZ⁽ᴸ⁾ = ∂L/∂Z⁽ᴸ⁾ of the output layer
    /// (skips f_L'): for fused losses such as bce_with_logits or softmax cross-entropy,
    /// where ∂L/∂Z = (Â − Y)/N is known directly.
    void backward_from_logits(const arma::mat& dZ_out);

    /// \brief The output for X without touching the caches (evaluation mode). X is d x N; returns n_L x N.
    arma::mat predict(const arma::mat& X) const;

    /// \brief Every W and b with its gradient, in order W1, b1, W2, b2, ...
    std::vector<ParamRef> parameters();

    std::size_t num_layers() const { return layers_.size(); }           ///< L
    arma::uword input_size() const { return layers_.front().n_in(); }   ///< d
    arma::uword output_size() const { return layers_.back().n_out(); }  ///< n_L
    arma::uword num_parameters() const;                    ///< total entries of all W and b
    Dense& layer(std::size_t l) { return layers_.at(l); }  ///< layer l (from 0)
    const Dense& layer(std::size_t l) const { return layers_.at(l); }
    Activation activation(std::size_t l) const { return acts_.at(l); }  ///< f of layer l
    double alpha(std::size_t l) const { return alphas_.at(l); }         ///< its parameter
    void set_alpha(std::size_t l, double alpha) { alphas_.at(l) = alpha; }
    const arma::mat& Z(std::size_t l) const { return Z_.at(l); }  ///< cached Z of layer l
    const arma::mat& A(std::size_t l) const { return A_.at(l); }  ///< cached A of layer l
    const arma::mat& output() const { return A_.back(); }         ///< cached A⁽ᴸ⁾
    /// \brief "2-8(tanh)-1(sigmoid), 33 parameters"
    std::string summary() const;

private:
    std::vector<Dense> layers_;
    std::vector<Activation> acts_;
    std::vector<double> alphas_;
    std::vector<arma::mat> Z_, A_;    // caches of forward(), one per layer
    std::vector<arma::mat> dZ_, dA_;  // buffers of backward(), reused across batches
    arma::mat D_;                     // buffer for f'(Z)
    bool has_cache_ = false;
};

// ------------------------------------------------------------------ training

/// \brief Exercise 3.9: one step of (stochastic) gradient descent on every parameter:
/// θ ← θ − η ∇θL (value −= lr · grad).
void sgd_step(const std::vector<ParamRef>& params, double lr);

/// \brief forward, loss, backward, sgd_step on one batch (X d x N, Y n_L x N);
/// returns the loss before the step. With Loss::BCEWithLogits the output layer must be
/// Activation::Identity (std::invalid_argument otherwise).
double train_step(Mlp& net, const arma::mat& X, const arma::mat& Y, Loss loss, double lr);

/// \brief Settings of train_mlp().
struct TrainOptions {
    Loss loss = Loss::MSE;
    int epochs = 100;
    double lr = 0.1;
    /// Columns per mini-batch; 0 (or >= N) means full-batch gradient descent. The
    /// batches of an epoch are reshuffled with nn::rng() (nn::MiniBatcher).
    arma::uword batch_size = 0;
    /// Called after each epoch with the epoch (1-based) and its mean batch loss.
    std::function<void(int epoch, double loss)> on_epoch;
};

/// \brief Train `net` on (X, Y) with mini-batch SGD: the gradient of a batch I of M
/// samples is g̃ = (1/M) Σ_{i∈I} ∇ℓᵢ.
/// Returns the loss of every epoch (mean over its batches). Throws nn::DivergenceError
/// on a NaN/inf loss.
std::vector<double> train_mlp(Mlp& net, const arma::mat& X, const arma::mat& Y,
                              const TrainOptions& opt);

}  // namespace nn
