// Chapter 07, your file: the output size, the naive convolution loops (forward and backward),
// im2col / col2im, and the Conv2d layer's forward and backward.
// Replace each `throw nn::NotImplemented(...)` by the body; the doc comments in conv.hpp give
// the formulas and shapes. The shape helpers and the Conv2d constructors, init and parameters
// are given in conv_given.cpp.
// Test: scripts/check.sh 7.N (exercise 7.N; scripts/check.sh 07: the whole chapter)
//
// Legend: a batch X is (C*H*W) x N, pixel (c, y, x) of sample n at X((c*H + y)*W + x, n).
// k kernel size, s stride, p padding, d dilation; H_out, W_out output height and width,
// P = H_out*W_out; r = (c*k + i)*k + j the column of W (and the row of cols) of tap (c, i, j);
// q = y*W_out + x an output pixel. The input pixel seen by tap (i, j) of output (y, x) is
// (y s - p + i d, x s - p + j d); outside the image it is a zero of the padding.
#include "conv.hpp"

#include <stdexcept>
#include <string>

#include "nn/error.hpp"

namespace nn {

arma::uword conv_output_size(arma::uword n, arma::uword k, arma::uword s, arma::uword p, arma::uword d) {
    (void)n, (void)k, (void)s, (void)p, (void)d;
    throw NotImplemented("conv_output_size (chapters/07_convolution/conv.cpp, exercise 7.1)");
}

void conv2d_forward_naive(const arma::mat& X, const ImageShape& in, const arma::mat& W, const arma::mat& b,
                          const ConvGeometry& g, arma::mat& Y) {
    (void)X, (void)in, (void)W, (void)b, (void)g, (void)Y;
    throw NotImplemented("conv2d_forward_naive (chapters/07_convolution/conv.cpp, exercise 7.2)");
}

void conv2d_backward_naive(const arma::mat& dY, const arma::mat& X, const ImageShape& in, const arma::mat& W,
                           const ConvGeometry& g, arma::mat& dX, arma::mat& dW, arma::mat& db) {
    (void)dY, (void)X, (void)in, (void)W, (void)g, (void)dX, (void)dW, (void)db;
    throw NotImplemented("conv2d_backward_naive (chapters/07_convolution/conv.cpp, exercise 7.3)");
}

void im2col(const arma::mat& X, const ImageShape& in, const ConvGeometry& g, arma::mat& cols) {
    (void)X, (void)in, (void)g, (void)cols;
    throw NotImplemented("im2col (chapters/07_convolution/conv.cpp, exercise 7.4)");
}

void col2im(const arma::mat& dcols, const ImageShape& in, const ConvGeometry& g, arma::uword N, arma::mat& dX) {
    (void)dcols, (void)in, (void)g, (void)N, (void)dX;
    throw NotImplemented("col2im (chapters/07_convolution/conv.cpp, exercise 7.5)");
}

void Conv2d::forward(const arma::mat& X, arma::mat& Y) {
    (void)X, (void)Y;
    throw NotImplemented("Conv2d::forward (chapters/07_convolution/conv.cpp, exercise 7.6)");
}

void Conv2d::backward(const arma::mat& dY) {
    (void)dY;
    throw NotImplemented("Conv2d::backward (chapters/07_convolution/conv.cpp, exercise 7.7)");
}

void Conv2d::backward(const arma::mat& dY, arma::mat& dX) {
    (void)dY, (void)dX;
    throw NotImplemented("Conv2d::backward (chapters/07_convolution/conv.cpp, exercise 7.7)");
}

}  // namespace nn
