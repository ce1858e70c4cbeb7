// Chapter 08 — YOUR FILE: exercises 8.1–8.5 (contracts, shapes and formulas: pool.hpp).
// Check one exercise with  scripts/check.sh 8.N   (the whole chapter: scripts/check.sh 08).
#include "pool.hpp"

#include "nn/error.hpp"

namespace nn {

arma::uword pool_output_size(arma::uword n, arma::uword k, arma::uword s) {
    // TODO (8.1): n' = ⌊(n − k)/s⌋ + 1. Refuse k = 0, s = 0, n = 0 and k > n BEFORE subtracting
    // (unsigned numbers wrap around).
    throw NotImplemented("pool_output_size (chapters/08_pooling/pool.cpp, exercise 8.1)");
}

void MaxPool2d::forward(const arma::mat& X, arma::mat& Y) {
    // TODO (8.2): Y(c, i, j) = max of X over R_ij (rows i·s .. i·s + k − 1, columns j·s .. j·s + k − 1 of
    // channel c); remember the winning row of X in argmax_ (the FIRST maximum on ties: strict >).
    throw NotImplemented("MaxPool2d::forward (chapters/08_pooling/pool.cpp, exercise 8.2)");
}

void MaxPool2d::backward(const arma::mat& dY, arma::mat& dX) {
    // TODO (8.3): dX = 0, then dX(argmax(r, n), n) += dY(r, n) (+=: overlapping windows can share a
    // winner); std::logic_error before forward(), check dY's shape.
    throw NotImplemented("MaxPool2d::backward (chapters/08_pooling/pool.cpp, exercise 8.3)");
}

void AvgPool2d::forward(const arma::mat& X, arma::mat& Y) {
    // TODO (8.4): Y(c, i, j) = (1/k²) Σ over R_ij of X; remember N for backward().
    throw NotImplemented("AvgPool2d::forward (chapters/08_pooling/pool.cpp, exercise 8.4)");
}

void AvgPool2d::backward(const arma::mat& dY, arma::mat& dX) {
    // TODO (8.4): dX = 0, then dY(c, i, j)/k² added to every pixel of R_ij (summed where windows
    // overlap); std::logic_error before forward(), check dY's shape.
    throw NotImplemented("AvgPool2d::backward (chapters/08_pooling/pool.cpp, exercise 8.4)");
}

void GlobalPool2d::forward(const arma::mat& X, arma::mat& Y) {
    // TODO (8.5): P = rows/C (X must have a positive multiple of C rows); Y(c, n) = max (remember the
    // first arg-max row) or mean of rows c·P .. c·P + P − 1 of column n.
    throw NotImplemented("GlobalPool2d::forward (chapters/08_pooling/pool.cpp, exercise 8.5)");
}

void GlobalPool2d::backward(const arma::mat& dY, arma::mat& dX) {
    // TODO (8.5): max: dY(c, n) at the remembered row, 0 elsewhere; average: dY(c, n)/P on every row
    // of channel c. std::logic_error before forward(), check dY is C x N.
    throw NotImplemented("GlobalPool2d::backward (chapters/08_pooling/pool.cpp, exercise 8.5)");
}

}  // namespace nn
