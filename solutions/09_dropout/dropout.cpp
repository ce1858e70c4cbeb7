// Chapter 09 — reference solution of chapters/09_dropout/dropout.cpp (exercises 9.1–9.4).
// Contracts, shapes and notation: chapters/09_dropout/dropout.hpp.
#include "dropout.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

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

Sequential mlp_with_dropout(const std::vector<arma::uword>& widths, Activation hidden, double p,
                            Init init) {
    require(widths.size() >= 2, "mlp_with_dropout",
            "widths must list the input width and at least one layer, e.g. {784, 256, 10}");
    Sequential net;
    const std::size_t L = widths.size() - 1;
    for (std::size_t l = 1; l < L; ++l) {
        const std::string n = std::to_string(l);
        // Z⁽ˡ⁾ = W⁽ˡ⁾ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾, drawn in layer order (the weights of chapter 03's Mlp)
        net.add("fc" + n, Dense(widths[l - 1], widths[l])).init(init);
        // A⁽ˡ⁾ = f(Z⁽ˡ⁾)
        net.add("act" + n, ActivationLayer(hidden));
        // A⁽ˡ⁾ ⊙ M⁽ˡ⁾: the next layer sees the thinned activations
        net.add("drop" + n, Dropout(p));
    }
    // the output layer: logits, never dropped
    net.add("fc" + std::to_string(L), Dense(widths[L - 1], widths[L])).init(init);
    return net;
}

}  // namespace nn
