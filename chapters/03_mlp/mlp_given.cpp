// Chapter 03 — given code (not an exercise): Init names and init_weights, the Dense and Mlp
// constructors, Dense::parameters/summary, Mlp helpers, train_step, train_mlp. Contracts: mlp.hpp.
#include <cmath>
#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "mlp.hpp"
#include "nn/error.hpp"
#include "nn/preprocess.hpp"

namespace nn {

// ================================================================ initialisation

std::string init_name(Init init) {
    switch (init) {
        case Init::He:
            return "he";
        case Init::Xavier:
            return "xavier";
        case Init::Zero:
            return "zero";
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

void init_weights(arma::mat& W, Init how, double fan_in, double fan_out) {
    switch (how) {
        case Init::He:  // W ~ N(0, 2/fan_in)
            W = arma::randn(W.n_rows, W.n_cols) * std::sqrt(2.0 / fan_in);
            break;
        case Init::Xavier:  // W ~ N(0, 2/(fan_in + fan_out))
            W = arma::randn(W.n_rows, W.n_cols) * std::sqrt(2.0 / (fan_in + fan_out));
            break;
        case Init::Zero:
            W.zeros();
            break;
    }
}

// ================================================================ Dense (constructor, init, parameters, summary)

Dense::Dense(arma::uword n_in, arma::uword n_out)
    : W(n_out, n_in, arma::fill::zeros),
      b(n_out, 1, arma::fill::zeros),
      dW(n_out, n_in, arma::fill::zeros),
      db(n_out, 1, arma::fill::zeros) {
    require(n_in > 0 && n_out > 0, "Dense::Dense",
            "widths must be positive, got n_in = " + std::to_string(n_in) +
                ", n_out = " + std::to_string(n_out));
}

void Dense::init(Init how) {
    init_weights(W, how, static_cast<double>(n_in()), static_cast<double>(n_out()));
    b.zeros();
    dW.zeros();
    db.zeros();
}

std::vector<ParamRef> Dense::parameters(const std::string& prefix) {
    return {{&W, &dW, false, prefix + ".W"}, {&b, &db, true, prefix + ".b"}};
}

std::string Dense::summary() const {
    std::ostringstream os;
    os << "dense " << n_in() << " -> " << n_out() << ", " << W.n_elem + b.n_elem << " parameters";
    return os.str();
}

// ================================================================ Mlp (constructors and helpers)

namespace {
std::vector<Activation> hidden_then_output(std::size_t layers, Activation hidden,
                                           Activation output) {
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
            "need one activation per layer: " + std::to_string(widths.size() - 1) +
                " expected, got " + std::to_string(activations.size()));
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
        Z = layers_[l].W * A;                            // Z = W A
        Z.each_col() += layers_[l].b.col(0);             // + b on every column
        activation_forward(acts_[l], alphas_[l], Z, A);  // A = f(Z)
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

// ================================================================ training (uses the exercises Mlp::forward, Mlp::backward, sgd_step)

namespace {
void check_logits_output(const Mlp& net, Loss loss, const char* where) {
    require(
        loss != Loss::BCEWithLogits || net.activation(net.num_layers() - 1) == Activation::Identity,
        where,
        "Loss::BCEWithLogits needs an identity output layer (the output is the logit); got " +
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
