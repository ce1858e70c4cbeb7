// Chapter 07 — given code (not an exercise): ActivationLayer and Sequential.
// Contracts: sequential.hpp (the layer contract: common/include/nn/layer.hpp).
#include "sequential.hpp"

#include <stdexcept>
#include <string>

#include "nn/error.hpp"

namespace nn {

// ================================================================ ActivationLayer

ActivationLayer::ActivationLayer(Activation f) : ActivationLayer(f, default_alpha(f)) {}

ActivationLayer::ActivationLayer(Activation f, double alpha) : f_(f), alpha_(alpha) {}

void ActivationLayer::forward(const arma::mat& X, arma::mat& Y) {
    X_ = X;  // backward needs f'(X)
    has_cache_ = true;
    activation_forward(f_, alpha_, X, Y);  // Y = f(X)
}

void ActivationLayer::backward(const arma::mat& dY, arma::mat& dX) {
    if (!has_cache_)
        throw std::logic_error("ActivationLayer::backward: call forward() before backward()");
    require_shape(dY, X_.n_rows, X_.n_cols, "ActivationLayer::backward", "dY");
    activation_derivative(f_, alpha_, X_, D_);
    dX = dY % D_;  // dX = dY ⊙ f'(X)
}

std::string ActivationLayer::summary() const {
    return activation_name(f_);
}

// ================================================================ Sequential

void Sequential::append(const std::string& name, std::unique_ptr<Layer> layer) {
    require(layer != nullptr, "Sequential::append", "the layer '" + name + "' is null");
    require(!name.empty(), "Sequential::append", "every layer needs a name, e.g. \"conv1\"");
    for (const std::string& n : names_)
        require(n != name, "Sequential::append", "a layer named '" + name + "' is already there");
    layers_.push_back(std::move(layer));
    names_.push_back(name);
    outputs_.resize(layers_.size());
    grads_.resize(layers_.size());
    has_cache_ = false;
}

void Sequential::forward(const arma::mat& X, arma::mat& Y) {
    if (layers_.empty()) throw std::logic_error("Sequential::forward: the network has no layers");
    // A⁽ⁱ⁾ = f_i(A⁽ⁱ⁻¹⁾), A⁽⁰⁾ = X; every A⁽ⁱ⁾ kept in outputs_
    const arma::mat* in = &X;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        layers_[i]->forward(*in, outputs_[i]);
        in = &outputs_[i];
    }
    has_cache_ = true;
    Y = outputs_.back();
}

const arma::mat& Sequential::backward_to_first(const arma::mat& dY) {
    if (!has_cache_)
        throw std::logic_error("Sequential::backward: call forward() before backward()");
    // from the last layer down to layer 1: grads_[i] = ∂L/∂(input of layer i) = ∂L/∂A⁽ⁱ⁻¹⁾
    const arma::mat* g = &dY;
    for (std::size_t i = layers_.size() - 1; i > 0; --i) {
        layers_[i]->backward(*g, grads_[i]);
        g = &grads_[i];
    }
    return *g;  // ∂L/∂(output of layer 0)
}

void Sequential::backward(const arma::mat& dY, arma::mat& dX) {
    layers_.at(0)->backward(backward_to_first(dY), dX);
}

void Sequential::backward(const arma::mat& dY) {
    layers_.at(0)->backward(backward_to_first(dY));  // no ∂L/∂X: the first layer skips it
}

std::vector<ParamRef> Sequential::parameters(const std::string& prefix) {
    std::vector<ParamRef> all;
    for (std::size_t i = 0; i < layers_.size(); ++i)
        for (ParamRef& p :
             layers_[i]->parameters(prefix.empty() ? names_[i] : prefix + "." + names_[i]))
            all.push_back(std::move(p));
    return all;
}

void Sequential::set_training(bool on) {
    for (auto& l : layers_) l->set_training(on);
}

std::string Sequential::summary() const {
    std::string s;
    for (std::size_t i = 0; i < layers_.size(); ++i)
        s += (i ? "; " : "") + names_[i] + ": " + layers_[i]->summary();
    return s;
}

}  // namespace nn
