// Chapter 07 — YOUR FILE: exercises 7.1–7.7 (contracts, shapes and formulas: conv.hpp).
// Check one exercise with  scripts/check.sh 7.N   (the whole chapter: scripts/check.sh 07).
#include "conv.hpp"

#include <stdexcept>
#include <string>

#include "nn/error.hpp"

namespace nn {

arma::uword conv_output_size(arma::uword n, arma::uword k, arma::uword s, arma::uword p,
                             arma::uword d) {
    // TODO (7.1): n_out = ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1. Check k, s, d ≥ 1 and that the kernel's
    // extent d(k − 1) + 1 fits in n + 2p BEFORE subtracting (unsigned numbers wrap around).
    throw NotImplemented("conv_output_size (chapters/07_convolution/conv.cpp, exercise 7.1)");
}

void conv2d_forward_naive(const arma::mat& X, const ImageShape& in, const arma::mat& W,
                          const arma::mat& b, const ConvGeometry& g, arma::mat& Y) {
    // TODO (7.2): Y_n(o, y, x) = b_o + Σ_c Σ_i Σ_j W(o, (c·k + i)·k + j) · X_n(c, y·s − p + i·d, x·s − p + j·d);
    // a tap outside the image reads 0. Check the shapes of X, W and b first.
    throw NotImplemented("conv2d_forward_naive (chapters/07_convolution/conv.cpp, exercise 7.2)");
}

void conv2d_backward_naive(const arma::mat& dY, const arma::mat& X, const ImageShape& in,
                           const arma::mat& W, const ConvGeometry& g, arma::mat& dX, arma::mat& dW,
                           arma::mat& db) {
    // TODO (7.3): the loops of 7.2 again; each term sends g = dY_n(o, y, x) back: dW(o, r) += g · X_n(tap),
    // dX_n(tap) += g · W(o, r), db_o += g. Zero dX, dW, db first; skip taps on the padding.
    throw NotImplemented("conv2d_backward_naive (chapters/07_convolution/conv.cpp, exercise 7.3)");
}

void im2col(const arma::mat& X, const ImageShape& in, const ConvGeometry& g, arma::mat& cols) {
    // TODO (7.4): cols((c·k + i)·k + j, n·P + y·W_out + x) = X_n(c, y·s − p + i·d, x·s − p + j·d), 0 on
    // the padding; cols is (C·k²) x (P·N), resized only if its shape is wrong.
    throw NotImplemented("im2col (chapters/07_convolution/conv.cpp, exercise 7.4)");
}

void col2im(const arma::mat& dcols, const ImageShape& in, const ConvGeometry& g, arma::uword N,
            arma::mat& dX) {
    // TODO (7.5): the adjoint of im2col: dX = 0, then ADD every entry of dcols onto the pixel it was
    // copied from (+=, a pixel is in up to k² fields); entries from the padding are dropped.
    throw NotImplemented("col2im (chapters/07_convolution/conv.cpp, exercise 7.5)");
}

void Conv2d::forward(const arma::mat& X, arma::mat& Y) {
    // TODO (7.6): Naive: keep X, conv2d_forward_naive. Im2col: cols = im2col(X) (kept for dW), then per
    // sample Y_nᵀ = cols_nᵀ Wᵀ (P x C_out) written straight into column n of Y, plus b_o on channel o.
    throw NotImplemented("Conv2d::forward (chapters/07_convolution/conv.cpp, exercise 7.6)");
}

void Conv2d::backward(const arma::mat& dY) {
    // TODO (7.7): db = Σ_n column sums of dY_nᵀ, dW = Σ_n dY_n cols_nᵀ (overwrite, then accumulate over
    // samples); std::logic_error before forward(). Naive: conv2d_backward_naive.
    throw NotImplemented("Conv2d::backward (chapters/07_convolution/conv.cpp, exercise 7.7)");
}

void Conv2d::backward(const arma::mat& dY, arma::mat& dX) {
    // TODO (7.7): dW, db as above, then dcols_n = Wᵀ dY_n for every sample and dX = col2im(dcols).
    throw NotImplemented("Conv2d::backward (chapters/07_convolution/conv.cpp, exercise 7.7)");
}

}  // namespace nn
