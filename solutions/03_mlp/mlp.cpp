/// \file mlp.cpp (reference solution)
/// \brief Chapter 03: dense layers, the MLP, hand-written backprop and SGD.
///
/// Legend (notation of the notes; samples are columns):
///   N        samples in the batch
///   A⁽⁰⁾ = X input, d x N
///   W⁽ˡ⁾     weights of layer l, n_l x n_{l-1};  b⁽ˡ⁾ bias, n_l x 1
///   Z⁽ˡ⁾     = W⁽ˡ⁾ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾, n_l x N;      A⁽ˡ⁾ = f_l(Z⁽ˡ⁾)
///   dX       ∂L/∂X, same shape as X (dZ⁽ˡ⁾ is the δ⁽ˡ⁾ of the notes)
/// In code, layers are counted from 0: layers_[l] is layer l+1 of the notes.
#include "mlp.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "nn/error.hpp"
#include "nn/preprocess.hpp"

namespace nn {

// ================================================================ backprop by hand (exercise 3.4)

GraphResult graph_example(double a, double b, double w, double t) {
    GraphResult g;
    // forward, one node at a time
    const double s = a + b;       // s = a + b
    const double p = s * w;       // p = s w
    const double r = p - t;       // r = p - t
    const double q = r * r;       // q = r^2
    g.L = q + w * w;              // L = q + w^2
    // backward: each local derivative times the gradient arriving from above
    const double dq = 1.0;        // ∂L/∂q = 1
    const double dr = 2.0 * r * dq;  // ∂L/∂r = 2r ∂L/∂q
    const double dp = dr;         // ∂r/∂p = 1
    g.dL_dt = -dr;                // ∂r/∂t = -1
    const double ds = dp * w;     // ∂p/∂s = w
    g.dL_dw = dp * s + 2.0 * w;   // w feeds two nodes: p (∂p/∂w = s) and w^2 (2w); the paths add
    g.dL_da = ds;                 // ∂s/∂a = 1
    g.dL_db = ds;                 // ∂s/∂b = 1
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
    // E = (a - y)^2
    const double E = (a - y) * (a - y);
    // ∂E/∂z = 2(a - y) σ'(z), with σ'(z) = a(1 - a)
    const double dz = 2.0 * (a - y) * a * (1.0 - a);
    // ∂E/∂w = ∂E/∂z x ;  ∂E/∂b = ∂E/∂z
    dw = dz * x;
    db = dz;
    return E;
}

// ================================================================ initialisation (helpers, same in chapters/)

std::string init_name(Init init) {
    switch (init) {
        case Init::He: return "he";
        case Init::Xavier: return "xavier";
        case Init::Zero: return "zero";
    }
    return "unknown";
}

Init parse_init(const std::string& name) {
    if (name == "he") return Init::He;
    if (name == "xavier" || name == "glorot") return Init::Xavier;
    if (name == "zero") return Init::Zero;
    throw std::invalid_argument("parse_init: unknown initialisation '" + name +
                                "'; use one of he, xavier, zero");
}

// ================================================================ Dense

Dense::Dense(arma::uword n_in, arma::uword n_out)
    : W(n_out, n_in, arma::fill::zeros), b(n_out, 1, arma::fill::zeros),
      dW(n_out, n_in, arma::fill::zeros), db(n_out, 1, arma::fill::zeros) {
    require(n_in > 0 && n_out > 0, "Dense::Dense",
            "widths must be positive, got n_in = " + std::to_string(n_in) +
                ", n_out = " + std::to_string(n_out));
}

void Dense::init(Init how) {
    const double n_in_d = static_cast<double>(n_in()), n_out_d = static_cast<double>(n_out());
    switch (how) {
        case Init::He:  // W ~ N(0, 2/n_in)
            W = arma::randn(n_out(), n_in()) * std::sqrt(2.0 / n_in_d);
            break;
        case Init::Xavier:  // W ~ N(0, 2/(n_in + n_out))
            W = arma::randn(n_out(), n_in()) * std::sqrt(2.0 / (n_in_d + n_out_d));
            break;
        case Init::Zero:
            W.zeros();
            break;
    }
    b.zeros();
    dW.zeros();
    db.zeros();
}

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
        throw std::logic_error("Dense::backward: no cached input; call forward() before backward()");
    require_shape(dZ, n_out(), A_prev_.n_cols, "Dense::backward", "dZ");
    // dW = dZ A_prevᵀ   (n_out x N times N x n_in: the sum over samples is inside the product)
    dW = dZ * A_prev_.t();
    // db = row sums of dZ   (the bias touches every column)
    db = arma::sum(dZ, 1);
}

// ================================================================ Mlp (constructors and helpers, same in chapters/)

namespace {
std::vector<Activation> hidden_then_output(std::size_t layers, Activation hidden, Activation output) {
    std::vector<Activation> acts(layers == 0 ? 0 : layers - 1, hidden);
    acts.push_back(output);
    return acts;
}
}  // namespace

Mlp::Mlp(const std::vector<arma::uword>& widths, Activation hidden, Activation output, Init init)
    : Mlp(widths, hidden_then_output(widths.size() < 2 ? 1 : widths.size() - 1, hidden, output),
          init) {}

Mlp::Mlp(const std::vector<arma::uword>& widths, const std::vector<Activation>& activations,
         Init init) {
    require(widths.size() >= 2, "Mlp::Mlp",
            "widths must list the input width and at least one layer, e.g. {2, 8, 1}");
    for (arma::uword w : widths) require(w > 0, "Mlp::Mlp", "every width must be positive");
    require(activations.size() == widths.size() - 1, "Mlp::Mlp",
            "need one activation per layer: " + std::to_string(widths.size() - 1) + " expected, got " +
                std::to_string(activations.size()));
    const std::size_t L = widths.size() - 1;
    for (std::size_t l = 0; l < L; ++l) {
        layers_.emplace_back(widths[l], widths[l + 1]);
        layers_.back().init(init);
        acts_.push_back(activations[l]);
        alphas_.push_back(default_alpha(activations[l]));
    }
    Z_.resize(L);
    A_.resize(L);
    dZ_.resize(L);
    dA_.resize(L);
}

arma::mat Mlp::predict(const arma::mat& X) const {
    require_shape(X, input_size(), any, "Mlp::predict", "X");
    arma::mat A = X, Z;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        Z = layers_[l].W * A;                           // Z = W A
        Z.each_col() += layers_[l].b.col(0);            // + b on every column
        activation_forward(acts_[l], alphas_[l], Z, A); // A = f(Z)
    }
    return A;
}

std::vector<ParamRef> Mlp::parameters() {
    std::vector<ParamRef> ps;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        ps.push_back({&layers_[l].W, &layers_[l].dW, false, "W" + std::to_string(l + 1)});
        ps.push_back({&layers_[l].b, &layers_[l].db, true, "b" + std::to_string(l + 1)});
    }
    return ps;
}

arma::uword Mlp::num_parameters() const {
    arma::uword n = 0;
    for (const Dense& d : layers_) n += d.W.n_elem + d.b.n_elem;
    return n;
}

std::string Mlp::summary() const {
    std::ostringstream os;
    os << input_size();
    for (std::size_t l = 0; l < layers_.size(); ++l)
        os << "-" << layers_[l].n_out() << "(" << activation_name(acts_[l]) << ")";
    os << ", " << num_parameters() << " parameters";
    return os.str();
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
        // hidden layers: let a later chapter change A⁽ˡ⁾ (dropout mask)
        if (l + 1 < L && hook_.forward) hook_.forward(l, A_[l]);
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
        // undo the hook's change of A⁽ˡ⁻¹⁾ (dropout: the same mask)
        if (hook_.backward) hook_.backward(l - 1, dA_[l - 1]);
        // dZ⁽ˡ⁻¹⁾ = dA⁽ˡ⁻¹⁾ ⊙ f'(Z⁽ˡ⁻¹⁾)
        activation_derivative(acts_[l - 1], alphas_[l - 1], Z_[l - 1], D_);
        dZ_[l - 1] = dA_[l - 1] % D_;
    }
    // first layer: dW⁽¹⁾, db⁽¹⁾ only (nobody needs ∂L/∂X)
    layers_[0].backward(dZ_[0]);
}

// ================================================================ training

void sgd_step(const std::vector<ParamRef>& params, double lr) {
    for (const ParamRef& p : params) {
        require(p.value != nullptr && p.grad != nullptr, "sgd_step", "null parameter " + p.name);
        require_shape(*p.grad, p.value->n_rows, p.value->n_cols, "sgd_step", "gradient of " + p.name);
        // θ ← θ - η ∇θ L
        *p.value -= lr * *p.grad;
    }
}

// ---------------------------------------------------------------- helpers (same in chapters/)

namespace {
void check_logits_output(const Mlp& net, Loss loss, const char* where) {
    require(loss != Loss::BCEWithLogits ||
                net.activation(net.num_layers() - 1) == Activation::Identity,
            where, "Loss::BCEWithLogits needs an identity output layer (the output is the logit); got " +
                       activation_name(net.activation(net.num_layers() - 1)));
}
}  // namespace

double train_step(Mlp& net, const arma::mat& X, const arma::mat& Y, Loss loss, double lr) {
    check_logits_output(net, loss, "train_step");
    arma::mat Out, dOut;
    net.forward(X, Out);
    const double value = loss_and_gradient(loss, Out, Y, dOut);
    net.backward(dOut);
    sgd_step(net.parameters(), lr);
    return value;
}

std::vector<double> train_mlp(Mlp& net, const arma::mat& X, const arma::mat& Y,
                              const TrainOptions& opt) {
    require_shape(X, net.input_size(), any, "train_mlp", "X");
    require_shape(Y, net.output_size(), X.n_cols, "train_mlp", "Y");
    require(X.n_cols > 0, "train_mlp", "no training samples");
    require(opt.epochs >= 0, "train_mlp", "epochs must be >= 0");
    require(opt.lr > 0, "train_mlp", "the learning rate must be positive");
    check_logits_output(net, opt.loss, "train_mlp");

    const arma::uword N = X.n_cols;
    const bool full = opt.batch_size == 0 || opt.batch_size >= N;
    MiniBatcher batches(N, full ? N : opt.batch_size);
    const std::vector<ParamRef> params = net.parameters();
    arma::mat Xb, Yb, Out, dOut;  // reused across batches
    std::vector<double> history;
    history.reserve(static_cast<std::size_t>(opt.epochs));
    for (int e = 1; e <= opt.epochs; ++e) {
        if (!full) batches.shuffle();
        double sum = 0;
        for (arma::uword bi = 0; bi < batches.num_batches(); ++bi) {
            if (!full) {
                batches.fill(bi, X, Xb);
                batches.fill(bi, Y, Yb);
            }
            const arma::mat& xb = full ? X : Xb;
            const arma::mat& yb = full ? Y : Yb;
            net.forward(xb, Out);
            sum += loss_and_gradient(opt.loss, Out, yb, dOut);  // g̃ = (1/M) Σ ∇ℓᵢ
            net.backward(dOut);
            sgd_step(params, opt.lr);
        }
        const double mean = sum / static_cast<double>(batches.num_batches());
        require_finite(mean, "train_mlp: epoch " + std::to_string(e),
                       "lower the learning rate (now " + std::to_string(opt.lr) + ")");
        history.push_back(mean);
        if (opt.on_epoch) opt.on_epoch(e, mean);
    }
    return history;
}

}  // namespace nn
