/// \file sequential.hpp
/// \brief Chapter 07 — given code (not an exercise): an activation function as a layer, and
/// nn::Sequential, a chain of nn::Layer (common/include/nn/layer.hpp) trained as one.
///
/// From this chapter on a network is a list of layers: Dense (chapter 03), Conv2d (this
/// chapter), the pooling layers (chapter 08), Dropout (chapter 09), ActivationLayer (here).
/// Sequential runs forward() through them in order, backward() in reverse order, and
/// collects their parameters with names "conv1.W", "fc.b", ...:
/// \code
/// nn::Sequential net;
/// net.add("conv", nn::Conv2d({1, 28, 28}, 16, 5, 2, 2)).init(nn::Init::He);  // 16x14x14
/// net.add("relu", nn::ActivationLayer(nn::Activation::ReLU));
/// net.add("fc", nn::Dense(16 * 14 * 14, 10)).init(nn::Init::He);            // 10 logits
/// net.forward(Xb, logits);                        // Xb is 784 x B, logits 10 x B
/// double loss = nn::softmax_cross_entropy(logits, yb, dZ);
/// net.backward(dZ);                               // every dW, db (no ∂L/∂X: saves work)
/// opt.step(params);                               // params = net.parameters() once, after the adds
/// \endcode
#pragma once
#include <armadillo>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mlp.hpp"  // nn::Activation, nn::Dense, nn::Layer (chapter 03)

namespace nn {

/// \brief An activation function of chapter 03 as a layer: Y = f(X) entry by entry;
/// backward dX = dY ⊙ f'(X) with the X of the last forward(). No parameters.
class ActivationLayer : public Layer {
public:
    /// \brief f with its parameter alpha (default_alpha(f) when left out).
    explicit ActivationLayer(Activation f);
    ActivationLayer(Activation f, double alpha);

    void forward(const arma::mat& X, arma::mat& Y) override;
    void backward(const arma::mat& dY, arma::mat& dX) override;
    using Layer::backward;
    /// \brief "relu", "tanh", ...
    std::string summary() const override;

private:
    Activation f_;
    double alpha_;
    arma::mat X_, D_;         // the input of the last forward(), f'(X)
    bool has_cache_ = false;  // forward() has run
};

/// \brief A chain of named layers, itself a Layer: Y = f_L(... f_2(f_1(X))).
///
/// forward() keeps the output of every layer (output(i)); backward(dY, dX) runs the layers'
/// backward() from the last to the first; backward(dY) gives the first layer no dX to
/// compute. A Sequential owns its layers; it can be moved but not copied (the ParamRef of
/// parameters() point into the layers, which a move does not relocate).
class Sequential : public Layer {
public:
    Sequential() = default;
    Sequential(Sequential&&) = default;
    Sequential& operator=(Sequential&&) = default;
    Sequential(const Sequential&) = delete;
    Sequential& operator=(const Sequential&) = delete;

    /// \brief Append `layer` (moved in) under `name`; returns it, in its new place, so that
    /// `net.add("fc", nn::Dense(64, 10)).init(nn::Init::He)` initialises the layer in place.
    template <class L>
    L& add(const std::string& name, L layer) {
        auto owned = std::make_unique<L>(std::move(layer));
        L& ref = *owned;
        append(name, std::move(owned));
        return ref;
    }
    /// \brief Append a layer made elsewhere (std::invalid_argument if it is null or the name
    /// is empty or already used).
    void append(const std::string& name, std::unique_ptr<Layer> layer);

    /// \brief X through every layer in order; Y is the output of the last one.
    /// std::logic_error if the chain is empty.
    void forward(const arma::mat& X, arma::mat& Y) override;
    /// \brief dY = ∂L/∂Y back through every layer, last to first; every parameter gradient
    /// is overwritten and dX = ∂L/∂X. std::logic_error before forward().
    void backward(const arma::mat& dY, arma::mat& dX) override;
    /// \brief The same without ∂L/∂X: the first layer runs its gradient-only backward().
    void backward(const arma::mat& dY) override;
    /// \brief Every layer's parameters, layer i named prefix + "." + name(i) (just name(i)
    /// when prefix is empty): "conv1.W", "conv1.b", "fc.W", ...
    std::vector<ParamRef> parameters(const std::string& prefix = "") override;
    /// \brief Training or evaluation mode for every layer (dropout, chapter 09).
    void set_training(bool on) override;
    /// \brief One line per layer, "name: its summary", joined by "; ".
    std::string summary() const override;

    std::size_t size() const { return layers_.size(); }                    ///< number of layers
    Layer& layer(std::size_t i) { return *layers_.at(i); }                 ///< layer i (from 0)
    const std::string& name(std::size_t i) const { return names_.at(i); }  ///< its name
    /// \brief The output of layer i in the last forward() (empty before).
    const arma::mat& output(std::size_t i) const { return outputs_.at(i); }
    /// \brief The number of entries of all parameters.
    arma::uword num_parameters() { return count_parameters(parameters()); }

private:
    // layers L-1 .. 1 backward; returns ∂L/∂(output of layer 0)
    const arma::mat& backward_to_first(const arma::mat& dY);

    std::vector<std::unique_ptr<Layer>> layers_;
    std::vector<std::string> names_;
    std::vector<arma::mat> outputs_;  // output of each layer in the last forward()
    std::vector<arma::mat> grads_;    // ∂L/∂(input of layer i), i = 1 .. size()-1
    bool has_cache_ = false;          // forward() has run
};

}  // namespace nn
