// Chapter 08 — reference solution of chapters/08_pooling/pool.cpp (exercises 8.1–8.5).
// Contracts, shapes and notation: chapters/08_pooling/pool.hpp.
#include "pool.hpp"

#include <stdexcept>
#include <string>

#include "nn/error.hpp"

namespace nn {

// ================================================================ output size (exercise 8.1)

arma::uword pool_output_size(arma::uword n, arma::uword k, arma::uword s) {
    require(k > 0 && s > 0, "pool_output_size",
            "the window and the stride must be at least 1, got window " + std::to_string(k) +
                " and stride " + std::to_string(s));
    require(n > 0 && k <= n, "pool_output_size",
            "a window of " + std::to_string(k) + " does not fit in an input of size " +
                std::to_string(n) + " (the output would be empty)");
    // n' = floor((n - k)/s) + 1: the start positions 0, s, 2s, ... that leave room for k pixels
    return (n - k) / s + 1;
}

// ================================================================ max pooling (exercises 8.2, 8.3)

void MaxPool2d::forward(const arma::mat& X, arma::mat& Y) {
    require_shape(X, in_.size(), any, "MaxPool2d::forward", "X");
    const arma::uword N = X.n_cols, C = in_.channels, H = in_.height, W = in_.width;
    const arma::uword Ho = out_.height, Wo = out_.width;
    Y.set_size(out_.size(), N);
    argmax_.set_size(out_.size(), N);
    for (arma::uword n = 0; n < N; ++n) {
        const double* x = X.colptr(n);
        double* y = Y.colptr(n);
        arma::uword* winner = argmax_.colptr(n);
        for (arma::uword c = 0; c < C; ++c)
            for (arma::uword i = 0; i < Ho; ++i)
                for (arma::uword j = 0; j < Wo; ++j) {
                    // scan the window R_ij row by row; a later pixel wins only if strictly
                    // larger, so on a tie the first maximum is kept
                    arma::uword best = (c * H + i * s_) * W + j * s_;
                    double m = x[best];
                    for (arma::uword dy = 0; dy < k_; ++dy) {
                        const arma::uword row = (c * H + i * s_ + dy) * W + j * s_;
                        for (arma::uword dx = 0; dx < k_; ++dx)
                            if (x[row + dx] > m) {
                                m = x[row + dx];
                                best = row + dx;
                            }
                    }
                    // Y_cij = max over R_ij; remember where it came from
                    const arma::uword o = (c * Ho + i) * Wo + j;
                    y[o] = m;
                    winner[o] = best;
                }
    }
    has_cache_ = true;
}

void MaxPool2d::backward(const arma::mat& dY, arma::mat& dX) {
    if (!has_cache_)
        throw std::logic_error(
            "MaxPool2d::backward: no arg-max cached; call forward() before backward()");
    require_shape(dY, out_.size(), argmax_.n_cols, "MaxPool2d::backward", "dY");
    const arma::uword N = dY.n_cols, R = out_.size();
    // dX = 0: inputs that won no window get no gradient
    dX.zeros(in_.size(), N);
    for (arma::uword n = 0; n < N; ++n) {
        const double* dy = dY.colptr(n);
        const arma::uword* winner = argmax_.colptr(n);
        double* dx = dX.colptr(n);
        // each dY entry goes, whole, to the arg-max of its window (+=: overlapping
        // windows can share a winner)
        for (arma::uword r = 0; r < R; ++r) dx[winner[r]] += dy[r];
    }
}

// ================================================================ average pooling (exercise 8.4)

void AvgPool2d::forward(const arma::mat& X, arma::mat& Y) {
    require_shape(X, in_.size(), any, "AvgPool2d::forward", "X");
    const arma::uword N = X.n_cols, C = in_.channels, H = in_.height, W = in_.width;
    const arma::uword Ho = out_.height, Wo = out_.width;
    const double inv_area = 1.0 / static_cast<double>(k_ * k_);
    Y.set_size(out_.size(), N);
    for (arma::uword n = 0; n < N; ++n) {
        const double* x = X.colptr(n);
        double* y = Y.colptr(n);
        for (arma::uword c = 0; c < C; ++c)
            for (arma::uword i = 0; i < Ho; ++i)
                for (arma::uword j = 0; j < Wo; ++j) {
                    // the sum over the window R_ij
                    double sum = 0;
                    for (arma::uword dy = 0; dy < k_; ++dy) {
                        const double* row = x + (c * H + i * s_ + dy) * W + j * s_;
                        for (arma::uword dx = 0; dx < k_; ++dx) sum += row[dx];
                    }
                    // Y_cij = sum / k^2
                    y[(c * Ho + i) * Wo + j] = sum * inv_area;
                }
    }
    batch_ = N;
    has_cache_ = true;
}

void AvgPool2d::backward(const arma::mat& dY, arma::mat& dX) {
    if (!has_cache_)
        throw std::logic_error(
            "AvgPool2d::backward: nothing cached; call forward() before backward()");
    require_shape(dY, out_.size(), batch_, "AvgPool2d::backward", "dY");
    const arma::uword N = dY.n_cols, C = in_.channels, H = in_.height, W = in_.width;
    const arma::uword Ho = out_.height, Wo = out_.width;
    const double inv_area = 1.0 / static_cast<double>(k_ * k_);
    dX.zeros(in_.size(), N);
    for (arma::uword n = 0; n < N; ++n) {
        const double* dy = dY.colptr(n);
        double* dx = dX.colptr(n);
        for (arma::uword c = 0; c < C; ++c)
            for (arma::uword i = 0; i < Ho; ++i)
                for (arma::uword j = 0; j < Wo; ++j) {
                    // every pixel of R_ij has weight 1/k^2 in Y_cij: it gets dY_cij / k^2
                    const double g = dy[(c * Ho + i) * Wo + j] * inv_area;
                    for (arma::uword ddy = 0; ddy < k_; ++ddy) {
                        double* row = dx + (c * H + i * s_ + ddy) * W + j * s_;
                        for (arma::uword ddx = 0; ddx < k_; ++ddx) row[ddx] += g;
                    }
                }
    }
}

// ================================================================ global pooling (exercise 8.5)

void GlobalPool2d::forward(const arma::mat& X, arma::mat& Y) {
    require(X.n_rows > 0 && X.n_rows % C_ == 0, "GlobalPool2d::forward",
            "X must have C*H*W rows, a positive multiple of C = " + std::to_string(C_) + ", got " +
                std::to_string(X.n_rows));
    const arma::uword N = X.n_cols, P = X.n_rows / C_;  // P = H*W pixels per channel
    Y.set_size(C_, N);
    if (kind_ == PoolKind::Max) argmax_.set_size(C_, N);
    const double inv_P = 1.0 / static_cast<double>(P);
    for (arma::uword n = 0; n < N; ++n) {
        const double* x = X.colptr(n);
        for (arma::uword c = 0; c < C_; ++c) {
            // channel c is the block of rows c*P .. c*P + P - 1
            const arma::uword first = c * P;
            if (kind_ == PoolKind::Max) {
                // Y_c = max of the block (first occurrence on a tie)
                arma::uword best = first;
                for (arma::uword r = first + 1; r < first + P; ++r)
                    if (x[r] > x[best]) best = r;
                Y(c, n) = x[best];
                argmax_(c, n) = best;
            } else {
                // Y_c = mean of the block
                double sum = 0;
                for (arma::uword r = first; r < first + P; ++r) sum += x[r];
                Y(c, n) = sum * inv_P;
            }
        }
    }
    P_ = P;
    batch_ = N;
    has_cache_ = true;
}

void GlobalPool2d::backward(const arma::mat& dY, arma::mat& dX) {
    if (!has_cache_)
        throw std::logic_error(
            "GlobalPool2d::backward: nothing cached; call forward() before backward()");
    require_shape(dY, C_, batch_, "GlobalPool2d::backward", "dY");
    const arma::uword N = dY.n_cols;
    const double inv_P = 1.0 / static_cast<double>(P_);
    dX.zeros(C_ * P_, N);
    for (arma::uword n = 0; n < N; ++n) {
        double* dx = dX.colptr(n);
        for (arma::uword c = 0; c < C_; ++c) {
            if (kind_ == PoolKind::Max) {
                // max: the whole gradient to the winning pixel of the channel
                dx[argmax_(c, n)] = dY(c, n);
            } else {
                // average: each of the P pixels had weight 1/P
                const double g = dY(c, n) * inv_P;
                for (arma::uword r = c * P_; r < (c + 1) * P_; ++r) dx[r] = g;
            }
        }
    }
}

}  // namespace nn
