// Chapter 07 — reference solution of chapters/07_convolution/conv.cpp (exercises 7.1–7.7).
// Contracts, shapes and notation: chapters/07_convolution/conv.hpp.
#include "conv.hpp"

#include <stdexcept>
#include <string>

#include "nn/error.hpp"

namespace nn {

// ================================================================ output size (exercise 7.1)

arma::uword conv_output_size(arma::uword n, arma::uword k, arma::uword s, arma::uword p,
                             arma::uword d) {
    require(k >= 1, "conv_output_size", "the kernel size must be at least 1");
    require(s >= 1, "conv_output_size", "the stride must be at least 1");
    require(d >= 1, "conv_output_size", "the dilation must be at least 1");
    // the kernel covers d(k-1) + 1 input pixels; the padded input has n + 2p
    const arma::uword extent = d * (k - 1) + 1;
    const arma::uword padded = n + 2 * p;
    require(padded >= extent, "conv_output_size",
            "the output would be empty: the kernel spans d(k-1)+1 = " + std::to_string(extent) +
                " pixels but the padded input has only n+2p = " + std::to_string(padded) +
                " (n = " + std::to_string(n) + ", k = " + std::to_string(k) +
                ", p = " + std::to_string(p) + ", d = " + std::to_string(d) +
                "); add padding or use a smaller kernel or dilation");
    // floor((n + 2p - d(k-1) - 1) / s) + 1: the first position plus every full step of s
    return (padded - extent) / s + 1;
}

// ================================================================ the definition (exercises 7.2, 7.3)

void conv2d_forward_naive(const arma::mat& X, const ImageShape& in, const arma::mat& W,
                          const arma::mat& b, const ConvGeometry& g, arma::mat& Y) {
    const char* where = "conv2d_forward_naive";
    require_shape(X, in.size(), any, where, "X");
    require_shape(W, any, in.channels * g.kernel * g.kernel, where, "W");
    require_shape(b, W.n_rows, 1, where, "b");
    const ImageShape out = conv_output_shape(in, W.n_rows, g);
    const long H = static_cast<long>(in.height), Wd = static_cast<long>(in.width);
    const long s = static_cast<long>(g.stride), p = static_cast<long>(g.padding),
               d = static_cast<long>(g.dilation);
    const arma::uword k = g.kernel;
    Y.set_size(out.size(), X.n_cols);
    for (arma::uword n = 0; n < X.n_cols; ++n)
        for (arma::uword o = 0; o < out.channels; ++o)
            for (arma::uword y = 0; y < out.height; ++y)
                for (arma::uword x = 0; x < out.width; ++x) {
                    // Y_n(o, y, x) = b_o + sum_{c,i,j} W(o, (c,i,j)) X_n(c, ys - p + id, xs - p + jd)
                    double sum = b(o, 0);
                    for (arma::uword c = 0; c < in.channels; ++c)
                        for (arma::uword i = 0; i < k; ++i) {
                            const long yi = static_cast<long>(y) * s - p + static_cast<long>(i) * d;
                            if (yi < 0 || yi >= H) continue;  // a row of the padding: zeros
                            for (arma::uword j = 0; j < k; ++j) {
                                const long xi =
                                    static_cast<long>(x) * s - p + static_cast<long>(j) * d;
                                if (xi < 0 || xi >= Wd) continue;
                                sum += W(o, (c * k + i) * k + j) *
                                       X((c * in.height + static_cast<arma::uword>(yi)) * in.width +
                                             static_cast<arma::uword>(xi),
                                         n);
                            }
                        }
                    Y((o * out.height + y) * out.width + x, n) = sum;
                }
}

void conv2d_backward_naive(const arma::mat& dY, const arma::mat& X, const ImageShape& in,
                           const arma::mat& W, const ConvGeometry& g, arma::mat& dX, arma::mat& dW,
                           arma::mat& db) {
    const char* where = "conv2d_backward_naive";
    require_shape(X, in.size(), any, where, "X");
    require_shape(W, any, in.channels * g.kernel * g.kernel, where, "W");
    const ImageShape out = conv_output_shape(in, W.n_rows, g);
    require_shape(dY, out.size(), X.n_cols, where, "dY");
    const long H = static_cast<long>(in.height), Wd = static_cast<long>(in.width);
    const long s = static_cast<long>(g.stride), p = static_cast<long>(g.padding),
               d = static_cast<long>(g.dilation);
    const arma::uword k = g.kernel;
    dX.zeros(in.size(), X.n_cols);
    dW.zeros(W.n_rows, W.n_cols);
    db.zeros(W.n_rows, 1);
    // the loops of the forward pass; every product W * X sends dY back to both factors
    for (arma::uword n = 0; n < X.n_cols; ++n)
        for (arma::uword o = 0; o < out.channels; ++o)
            for (arma::uword y = 0; y < out.height; ++y)
                for (arma::uword x = 0; x < out.width; ++x) {
                    const double gy = dY((o * out.height + y) * out.width + x, n);  // dY_n(o, y, x)
                    db(o, 0) += gy;                                                 // db_o += dY
                    for (arma::uword c = 0; c < in.channels; ++c)
                        for (arma::uword i = 0; i < k; ++i) {
                            const long yi = static_cast<long>(y) * s - p + static_cast<long>(i) * d;
                            if (yi < 0 || yi >= H) continue;  // padding: no input pixel to update
                            for (arma::uword j = 0; j < k; ++j) {
                                const long xi =
                                    static_cast<long>(x) * s - p + static_cast<long>(j) * d;
                                if (xi < 0 || xi >= Wd) continue;
                                const arma::uword r = (c * k + i) * k + j;
                                const arma::uword row =
                                    (c * in.height + static_cast<arma::uword>(yi)) * in.width +
                                    static_cast<arma::uword>(xi);
                                dW(o, r) += gy * X(row, n);  // dW(o, (c,i,j)) += dY X
                                dX(row, n) += gy * W(o, r);  // dX_n(c, yi, xi) += dY W
                            }
                        }
                }
}

// ================================================================ im2col / col2im (exercises 7.4, 7.5)

void im2col(const arma::mat& X, const ImageShape& in, const ConvGeometry& g, arma::mat& cols) {
    require_shape(X, in.size(), any, "im2col", "X");
    const ImageShape out = conv_output_shape(in, 1, g);
    const long H = static_cast<long>(in.height), Wd = static_cast<long>(in.width);
    const long s = static_cast<long>(g.stride), p = static_cast<long>(g.padding),
               d = static_cast<long>(g.dilation);
    const arma::uword k = g.kernel, P = out.plane(), N = X.n_cols, taps = in.channels * k * k;
    if (cols.n_rows != taps || cols.n_cols != P * N)
        cols.set_size(taps, P * N);  // no allocation when reused
    for (arma::uword n = 0; n < N; ++n) {
        const double* x_n = X.colptr(n);
        for (arma::uword y = 0; y < out.height; ++y)
            for (arma::uword x = 0; x < out.width; ++x) {
                // column n P + q holds the receptive field of output pixel q = (y, x) of sample n
                double* col = cols.colptr(n * P + y * out.width + x);
                for (arma::uword c = 0; c < in.channels; ++c) {
                    const double* plane = x_n + c * in.height * in.width;
                    for (arma::uword i = 0; i < k; ++i) {
                        const long yi = static_cast<long>(y) * s - p + static_cast<long>(i) * d;
                        double* dst = col + (c * k + i) * k;  // rows (c, i, 0..k-1)
                        if (yi < 0 || yi >= H) {              // a padding row: k zeros
                            for (arma::uword j = 0; j < k; ++j) dst[j] = 0.0;
                            continue;
                        }
                        const double* src = plane + yi * Wd;
                        for (arma::uword j = 0; j < k; ++j) {
                            const long xi = static_cast<long>(x) * s - p + static_cast<long>(j) * d;
                            dst[j] = (xi < 0 || xi >= Wd) ? 0.0 : src[xi];
                        }
                    }
                }
            }
    }
}

void col2im(const arma::mat& dcols, const ImageShape& in, const ConvGeometry& g, arma::uword N,
            arma::mat& dX) {
    const ImageShape out = conv_output_shape(in, 1, g);
    const long H = static_cast<long>(in.height), Wd = static_cast<long>(in.width);
    const long s = static_cast<long>(g.stride), p = static_cast<long>(g.padding),
               d = static_cast<long>(g.dilation);
    const arma::uword k = g.kernel, P = out.plane(), taps = in.channels * k * k;
    require_shape(dcols, taps, P * N, "col2im", "dcols");
    if (dX.n_rows != in.size() || dX.n_cols != N) dX.set_size(in.size(), N);
    dX.zeros();
    for (arma::uword n = 0; n < N; ++n) {
        double* dx_n = dX.colptr(n);
        for (arma::uword y = 0; y < out.height; ++y)
            for (arma::uword x = 0; x < out.width; ++x) {
                const double* col = dcols.colptr(n * P + y * out.width + x);
                for (arma::uword c = 0; c < in.channels; ++c) {
                    double* plane = dx_n + c * in.height * in.width;
                    for (arma::uword i = 0; i < k; ++i) {
                        const long yi = static_cast<long>(y) * s - p + static_cast<long>(i) * d;
                        if (yi < 0 || yi >= H) continue;  // landed on the padding: dropped
                        const double* src = col + (c * k + i) * k;
                        double* dst = plane + yi * Wd;
                        for (arma::uword j = 0; j < k; ++j) {
                            const long xi = static_cast<long>(x) * s - p + static_cast<long>(j) * d;
                            if (xi >= 0 && xi < Wd)
                                dst[xi] += src[j];  // ADD: pixels shared by fields
                        }
                    }
                }
            }
    }
}

// ================================================================ the layer (exercises 7.6, 7.7)

void Conv2d::forward(const arma::mat& X, arma::mat& Y) {
    require_shape(X, in_.size(), any, "Conv2d::forward", "X");
    N_ = X.n_cols;
    has_cache_ = true;
    if (algo_ == ConvAlgo::Naive) {
        X_ = X;  // backward needs the input for dW
        conv2d_forward_naive(X, in_, W, b, g_, Y);
        return;
    }
    const arma::uword P = out_.plane(), taps = W.n_cols, C_out = W.n_rows;
    // cols = im2col(X)   ((C_in k k) x (P N), kept for dW)
    im2col(X, in_, g_, cols_);
    if (Y.n_rows != out_.size() || Y.n_cols != N_) Y.set_size(out_.size(), N_);
    for (arma::uword n = 0; n < N_; ++n) {
        // views without copies: cols_n is (C_in k k) x P, column n of Y read as P x C_out
        const arma::mat cols_n(cols_.colptr(n * P), taps, P, false, true);
        arma::mat Yt_n(Y.colptr(n), P, C_out, false, true);
        // Y_nᵀ = cols_nᵀ Wᵀ   (one GEMM per sample, written straight into Y)
        Yt_n = cols_n.t() * W.t();
        // + b_o on every pixel of output channel o
        for (arma::uword o = 0; o < C_out; ++o) Yt_n.col(o) += b(o, 0);
    }
}

void Conv2d::backward(const arma::mat& dY) {
    if (!has_cache_)
        throw std::logic_error(
            "Conv2d::backward: no cached input; call forward() before backward()");
    require_shape(dY, out_.size(), N_, "Conv2d::backward", "dY");
    if (algo_ == ConvAlgo::Naive) {
        conv2d_backward_naive(dY, X_, in_, W, g_, dcols_, dW, db);  // dX lands in a scratch matrix
        return;
    }
    const arma::uword P = out_.plane(), taps = W.n_cols, C_out = W.n_rows;
    dW.zeros(C_out, taps);
    db.zeros(C_out, 1);
    for (arma::uword n = 0; n < N_; ++n) {
        // read-only views: dY_nᵀ (P x C_out) from column n of dY, cols_n from the cache
        const arma::mat dYt_n(const_cast<double*>(dY.colptr(n)), P, C_out, false, true);
        const arma::mat cols_n(cols_.colptr(n * P), taps, P, false, true);
        // db_o += sum of dY_n over the pixels of channel o
        for (arma::uword o = 0; o < C_out; ++o) db(o, 0) += arma::accu(dYt_n.col(o));
        // dW += dY_n cols_nᵀ   (C_out x P times P x C_in k k: a sum over the pixels)
        dW_n_ = dYt_n.t() * cols_n.t();
        dW += dW_n_;
    }
}

void Conv2d::backward(const arma::mat& dY, arma::mat& dX) {
    // dW and db (this also checks the cache and the shape of dY)
    if (algo_ == ConvAlgo::Naive) {
        if (!has_cache_)
            throw std::logic_error(
                "Conv2d::backward: no cached input; call forward() before backward()");
        require_shape(dY, out_.size(), N_, "Conv2d::backward", "dY");
        conv2d_backward_naive(dY, X_, in_, W, g_, dX, dW, db);
        return;
    }
    backward(dY);
    const arma::uword P = out_.plane(), taps = W.n_cols, C_out = W.n_rows;
    if (dcols_.n_rows != taps || dcols_.n_cols != P * N_) dcols_.set_size(taps, P * N_);
    for (arma::uword n = 0; n < N_; ++n) {
        const arma::mat dYt_n(const_cast<double*>(dY.colptr(n)), P, C_out, false, true);
        arma::mat dcols_n(dcols_.colptr(n * P), taps, P, false, true);
        // dcols_n = Wᵀ dY_n   ((C_in k k) x P: what every receptive field receives)
        dcols_n = W.t() * dYt_n.t();
    }
    // dX = col2im(dcols): add the pieces back onto the pixels they came from
    col2im(dcols_, in_, g_, N_, dX);
}

}  // namespace nn
