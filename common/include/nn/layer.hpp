/// \file layer.hpp
/// \brief The layer contract of the book (docs/DESIGN.md rules 2 and 17): a trainable
/// parameter (ParamRef) and the abstract nn::Layer that Dense (chapter 03), Conv2d (07),
/// the pooling layers (08) and Dropout (09) implement, and that chapter 07's nn::Sequential
/// chains.
///
/// Samples are columns: X is n_in x N, Y is n_out x N (an image batch is (C*H*W) x N).
/// - forward(X, Y) computes Y and keeps what backward() needs;
/// - backward(dY, dX) takes dY = ∂L/∂Y, overwrites the layer's parameter gradients and
///   writes dX = ∂L/∂X (same shape as X); before any forward() it throws std::logic_error;
/// - backward(dY) is the same without dX (a first layer: nobody needs ∂L/∂X);
/// - parameters(prefix) lists every parameter with its gradient, named prefix + ".W" etc.
#pragma once
#include <armadillo>
#include <string>
#include <vector>

namespace nn {

/// \brief A trainable parameter and its gradient, for optimisers, regularisers and the
/// gradient checker. The pointers stay valid as long as the owner (layer, Mlp, Sequential)
/// is neither moved nor copied (ask for the parameters again after that).
struct ParamRef {
    arma::mat* value;  ///< the parameter (W or b of a layer)
    arma::mat* grad;   ///< its gradient, filled by the owner's backward()
    bool is_bias;      ///< true for b (regularisers leave biases alone)
    std::string name;  ///< "W1", "b1", ... (Mlp) or "conv1.W", "fc.b", ... (layers)
};

/// \brief One layer of a network: forward, backward, parameters (docs/DESIGN.md rule 2).
class Layer {
public:
    Layer() = default;
    virtual ~Layer() = default;

    /// \brief Y = layer(X); keeps what backward() needs. X is n_in x N, Y n_out x N.
    virtual void forward(const arma::mat& X, arma::mat& Y) = 0;
    /// \brief From dY = ∂L/∂Y (n_out x N): overwrites the parameter gradients and writes
    /// dX = ∂L/∂X (n_in x N). std::logic_error before any forward().
    virtual void backward(const arma::mat& dY, arma::mat& dX) = 0;
    /// \brief The same without dX (a first layer needs no input gradient; layers with
    /// parameters override it to skip that work). Default: backward(dY, scratch).
    virtual void backward(const arma::mat& dY) {
        arma::mat dX;
        backward(dY, dX);
    }
    /// \brief Every parameter with its gradient, named prefix + ".W", prefix + ".b", ...;
    /// empty for a layer without parameters.
    virtual std::vector<ParamRef> parameters([[maybe_unused]] const std::string& prefix) {
        return {};
    }
    /// \brief Training (true) or evaluation mode (false); only dropout behaves differently.
    virtual void set_training([[maybe_unused]] bool on) {}
    /// \brief One line for a network summary, e.g. "dense 784 -> 10, 7850 parameters".
    virtual std::string summary() const = 0;

protected:
    // copy and move only as the derived class (no slicing through a Layer&)
    Layer(const Layer&) = default;
    Layer(Layer&&) = default;
    Layer& operator=(const Layer&) = default;
    Layer& operator=(Layer&&) = default;
};

/// \brief The total number of entries of the parameters listed.
inline arma::uword count_parameters(const std::vector<ParamRef>& params) {
    arma::uword n = 0;
    for (const ParamRef& p : params) n += p.value->n_elem;
    return n;
}

}  // namespace nn
