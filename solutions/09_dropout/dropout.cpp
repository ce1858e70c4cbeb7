// Chapter 09 reference: the dropout mask, the Dropout layer's forward and backward, and
// dropout on the hidden layers of an Mlp (contract in chapters/09_dropout/dropout.hpp).
//
// Legend: p drop probability, q = 1 - p keep probability, X / Y input / output (n x N),
// r the keep pattern (Bernoulli(q) entries), M = r / q the mask, dY = dL/dY, dX = dL/dX.
#include "dropout.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "nn/error.hpp"
#include "nn/rng.hpp"

namespace nn {

void dropout_mask(double p, arma::uword rows, arma::uword cols, arma::mat& mask) {
    require_drop_probability(p, "dropout_mask");
    mask.set_size(rows, cols);  // no allocation when the size is already right
    if (p == 0.0) {             // keep everything, draw nothing
        mask.ones();
        return;
    }
    const double scale = 1.0 / (1.0 - p);  // the value of a kept entry, 1/q
    std::mt19937_64& gen = rng();
    double* m = mask.memptr();
    for (arma::uword i = 0; i < mask.n_elem; ++i) {
        // u uniform in [0, 1): the top 53 bits of one 64-bit draw, times 2^-53
        const double u = static_cast<double>(gen() >> 11) * 0x1.0p-53;
        // r = 1 with probability P(u >= p) = 1 - p; M = r / q
        m[i] = u >= p ? scale : 0.0;
    }
}

void Dropout::forward(const arma::mat& X, arma::mat& Y) {
    rows_ = X.n_rows;
    cols_ = X.n_cols;
    has_cache_ = true;
    masked_ = training_ && p_ > 0.0;
    if (!masked_) {  // evaluation mode, or p = 0: the identity
        if (&Y != &X) Y = X;
        return;
    }
    // a fresh mask for every training pass
    dropout_mask(p_, X.n_rows, X.n_cols, mask_);
    // Y = X ⊙ M   (X and Y may be the same matrix: the product is entry by entry)
    Y = X % mask_;
}

void Dropout::backward(const arma::mat& dY, arma::mat& dX) {
    if (!has_cache_)
        throw std::logic_error("Dropout::backward: no mask yet; call forward() before backward()");
    require_shape(dY, rows_, cols_, "Dropout::backward", "dY");
    if (!masked_) {  // the forward pass was the identity, so is its derivative
        if (&dX != &dY) dX = dY;
        return;
    }
    // dX = dY ⊙ M: the same mask as the forward pass (dropped units get no gradient)
    dX = dY % mask_;
}

void MlpDropout::attach(Mlp& net) {
    require(net.num_layers() == layers_.size() + 1, "MlpDropout::attach",
            "the network has " + std::to_string(net.num_layers() - 1) + " hidden layers but this MlpDropout was made for " +
                std::to_string(layers_.size()));
    Mlp::HiddenHook hook;
    // forward: right after A⁽ˡ⁾ = f(Z⁽ˡ⁾), replace A⁽ˡ⁾ by A⁽ˡ⁾ ⊙ M⁽ˡ⁾ (in place)
    hook.forward = [this](std::size_t l, arma::mat& A) { layers_.at(l).forward(A, A); };
    // backward: ∂L/∂A⁽ˡ⁾ = ∂L/∂(A⁽ˡ⁾ ⊙ M⁽ˡ⁾) ⊙ M⁽ˡ⁾, before the product with f'(Z⁽ˡ⁾)
    hook.backward = [this](std::size_t l, arma::mat& dA) { layers_.at(l).backward(dA, dA); };
    net.set_hidden_hook(std::move(hook));
}

}  // namespace nn
