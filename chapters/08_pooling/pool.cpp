// Chapter 08, your file: the output size of a pooling window, max and average pooling
// (forward and backward), global pooling.
// Replace each `throw nn::NotImplemented(...)` by the body; the doc comments in pool.hpp give
// the formulas and shapes. The shape helper, the layer constructors and pool_kind_name are
// given in pool_given.cpp. Test: scripts/check.sh 8.N (exercise 8.N; scripts/check.sh 08: the whole chapter)
//
// Legend: a batch X is (C*H*W) x N, pixel (c, y, x) of sample n at row (c*H + y)*W + x of
// column n; k the window, s the stride; the output Y is (C*H'*W') x N with
// H' = floor((H - k)/s) + 1, W' = floor((W - k)/s) + 1; output pixel (c, i, j) at row
// (c*H' + i)*W' + j looks at the window R_ij: rows y = i*s .. i*s + k - 1 and columns
// x = j*s .. j*s + k - 1 of channel c. dY = ∂L/∂Y, dX = ∂L/∂X.
#include "pool.hpp"

#include "nn/error.hpp"

namespace nn {

arma::uword pool_output_size(arma::uword n, arma::uword k, arma::uword s) {
    (void)n, (void)k, (void)s;
    throw NotImplemented("pool_output_size (chapters/08_pooling/pool.cpp, exercise 8.1)");
}

void MaxPool2d::forward(const arma::mat& X, arma::mat& Y) {
    (void)X, (void)Y;
    throw NotImplemented("MaxPool2d::forward (chapters/08_pooling/pool.cpp, exercise 8.2)");
}

void MaxPool2d::backward(const arma::mat& dY, arma::mat& dX) {
    (void)dY, (void)dX;
    throw NotImplemented("MaxPool2d::backward (chapters/08_pooling/pool.cpp, exercise 8.3)");
}

void AvgPool2d::forward(const arma::mat& X, arma::mat& Y) {
    (void)X, (void)Y;
    throw NotImplemented("AvgPool2d::forward (chapters/08_pooling/pool.cpp, exercise 8.4)");
}

void AvgPool2d::backward(const arma::mat& dY, arma::mat& dX) {
    (void)dY, (void)dX;
    throw NotImplemented("AvgPool2d::backward (chapters/08_pooling/pool.cpp, exercise 8.4)");
}

void GlobalPool2d::forward(const arma::mat& X, arma::mat& Y) {
    (void)X, (void)Y;
    throw NotImplemented("GlobalPool2d::forward (chapters/08_pooling/pool.cpp, exercise 8.5)");
}

void GlobalPool2d::backward(const arma::mat& dY, arma::mat& dX) {
    (void)dY, (void)dX;
    throw NotImplemented("GlobalPool2d::backward (chapters/08_pooling/pool.cpp, exercise 8.5)");
}

}  // namespace nn
