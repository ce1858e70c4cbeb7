/// \file pool.hpp
/// \brief Chapter 08 — max and average pooling with a window and a stride, their backward
/// passes, and global pooling (any H x W to one number per channel).
/// Exercises 8.1–8.5 (your code: pool.cpp; given code: pool_given.cpp).
///
/// Legend (the notation of the notes; samples are columns, as in the whole book):
/// - A batch of N images of C channels and H x W pixels is an arma::mat of (C*H*W) x N:
///   column n is sample n, and pixel (c, y, x) of it is at row (cH + y)W + x
///   (channel-major, x fastest: PyTorch's NCHW order for one sample). The shape is an
///   nn::ImageShape {C, H, W} (chapter 07).
/// - k: the window (k x k pixels), s: the stride (how far the window moves);
///   H' = ⌊(H − k)/s⌋ + 1 and W' = ⌊(W − k)/s⌋ + 1
///   are the output height and width. Pooling works on each channel on its own, so the
///   output has the same C: Y is (C*H'*W') x N.
/// - The window of output pixel (c, i, j) is the set of input pixels
///   R_ij = {(c, y, x) : is ≤ y < is + k, js ≤ x < js + k}.
/// - dY = ∂L/∂Y (same shape as Y), dX = ∂L/∂X (same shape as X).
///
/// Layers follow the book's contract (nn::Layer, chapter 07): forward(X, Y) keeps what backward needs,
/// backward(dY, dX) overwrites dX, backward before any forward throws std::logic_error,
/// wrong shapes throw std::invalid_argument naming the function. Pooling layers have no
/// parameters.
#pragma once
#include <armadillo>
#include <memory>
#include <string>

#include "conv.hpp"  // nn::ImageShape (chapter 07)

namespace nn {

/// \brief Exercise 8.1: the number of window positions along one axis,
/// n' = ⌊(n − k)/s⌋ + 1  (k ≤ n),
/// e.g. n = 28, k = 2, s = 2 gives 14; n = 7, k = 2, s = 2 gives 3 (the last row is
/// never covered); n = 4, k = 2, s = 1 gives 3 (overlapping windows).
/// Throws std::invalid_argument naming "pool_output_size" and the numbers if k = 0, s = 0,
/// n = 0 or k > n (the window does not fit: the output would be empty).
/// \param n input size along the axis (H or W)
/// \param k window size
/// \param s stride
arma::uword pool_output_size(arma::uword n, arma::uword k, arma::uword s);

/// \brief Given: the output shape {C, H', W'} of pooling `in` with a k x k window and
/// stride s (pool_output_size() on each axis; the channels are kept). The message of an
/// invalid shape names `where` and the axis.
/// \param in    input shape {C, H, W}
/// \param k     window size
/// \param s     stride
/// \param where the caller, for error messages (e.g. "MaxPool2d")
ImageShape pool_output_shape(const ImageShape& in, arma::uword k, arma::uword s,
                             const std::string& where = "pool_output_shape");

/// \brief Which reduction a pooling layer applies to its window (or, global, to each channel).
enum class PoolKind {
    Max,     ///< the largest pixel of the window
    Average  ///< the mean of the window's pixels
};
/// \brief "max", "average".
std::string pool_kind_name(PoolKind kind);
/// \brief Given: what max and average pooling share — the shapes, the window, the stride,
/// whether forward() has run — and the nn::Layer contract (no parameters). One class per
/// reduction derives from it: MaxPool2d and AvgPool2d; make_pool2d() picks one by PoolKind.
class Pool2d : public Layer {
public:
    const ImageShape& input_shape() const { return in_; }    ///< {C, H, W}
    const ImageShape& output_shape() const { return out_; }  ///< {C, H', W'}
    arma::uword window() const { return k_; }                ///< k
    arma::uword stride() const { return s_; }                ///< s
    PoolKind kind() const { return kind_; }                  ///< max or average
    /// \brief True once forward() has run (backward() is allowed).
    bool has_cache() const { return has_cache_; }
    /// \brief "max-pool 2x2 s2: 8x28x28 -> 8x14x14" (or "avg-pool ...").
    std::string summary() const override;
    using Layer::backward;

protected:
    /// \brief A k x k window moved by `stride` (0 means stride = window, the usual
    /// non-overlapping pooling). std::invalid_argument naming `where` if the window does
    /// not fit (see pool_output_size()).
    Pool2d(PoolKind kind, const ImageShape& in, arma::uword window, arma::uword stride,
           const std::string& where);

    PoolKind kind_;
    ImageShape in_, out_;
    arma::uword k_, s_;
    bool has_cache_ = false;  // forward() has run
};

/// \brief Max pooling: each output pixel is the largest input pixel of its window,
/// Y(c, i, j) = max over (c, y, x) ∈ R_ij of X(c, y, x).
///
/// Backward: the max is a selection, so its derivative is 1 for the selected input and 0
/// for the others: the whole gradient of an output goes to the arg-max of its window,
/// dX(c, y, x) = Σ over (i, j) with (c, y, x) = argmax_{R_ij} X of dY(c, i, j),
/// a sum because with overlapping windows (s < k) one input can win several windows.
/// Ties: the FIRST maximum in the scan order of the window (row by row, y then x; as
/// PyTorch does) wins, and only it receives the gradient.
///
/// \code
/// nn::MaxPool2d pool({8, 28, 28}, 2);   // 2 x 2 windows, stride 2: 8 x 14 x 14
/// pool.forward(X, Y);                   // X is 6272 x N, Y is 1568 x N
/// pool.backward(dY, dX);                // dX is 6272 x N, nonzero only at the arg-maxes
/// \endcode
class MaxPool2d : public Pool2d {
public:
    /// \brief Given: a k x k window moved by `stride` (0 means stride = window, the usual
    /// non-overlapping pooling). std::invalid_argument naming "MaxPool2d" if the window
    /// does not fit (see pool_output_size()).
    /// \param in     input shape {C, H, W}
    /// \param window k
    /// \param stride s (0: s = k)
    MaxPool2d(const ImageShape& in, arma::uword window, arma::uword stride = 0)
        : Pool2d(PoolKind::Max, in, window, stride, "MaxPool2d") {}

    /// \brief Exercise 8.2: Y(c, i, j) = max_{R_ij} X for every channel, output
    /// pixel and sample; remembers in argmax() the row of X that won each output entry
    /// (first maximum on ties) and the batch size, for backward().
    /// std::invalid_argument naming "MaxPool2d::forward" unless X has input_shape().size() rows.
    /// \param X (C*H*W) x N input
    /// \param Y output (C*H'*W') x N (memory reused when it fits)
    void forward(const arma::mat& X, arma::mat& Y) override;

    /// \brief Exercise 8.3: routes each dY entry to the arg-max of its window:
    /// dX = 0, then dX(argmax(r, n), n) += dY(r, n) for every entry.
    /// std::logic_error before any forward(); std::invalid_argument naming
    /// "MaxPool2d::backward" unless dY is (C*H'*W') x N with the N of the last forward().
    /// \param dY (C*H'*W') x N, ∂L/∂Y
    /// \param dX output (C*H*W) x N, ∂L/∂X
    void backward(const arma::mat& dY, arma::mat& dX) override;
    using Pool2d::backward;

    /// \brief (C*H'*W') x N: for each output entry of the last forward(), the row of X
    /// (0 .. C*H*W-1, in the same column) that held the maximum.
    const arma::umat& argmax() const { return argmax_; }

private:
    arma::umat argmax_;  // winner rows of the last forward()
};

/// \brief Average pooling: each output pixel is the mean of its window,
/// Y(c, i, j) = (1/k²) Σ over (c, y, x) ∈ R_ij of X(c, y, x).
///
/// Backward: every input of a window has the weight 1/k², so each output's
/// gradient is spread evenly over its window (summed where windows overlap):
/// dX(c, y, x) = (1/k²) Σ over (i, j) with (c, y, x) ∈ R_ij of dY(c, i, j).
/// Average pooling is a linear map; it equals a convolution of each channel with the
/// constant k x k kernel 1/k² at stride s.
class AvgPool2d : public Pool2d {
public:
    /// \brief Given: as MaxPool2d::MaxPool2d (stride 0 means stride = window);
    /// std::invalid_argument naming "AvgPool2d" if the window does not fit.
    /// \param in     input shape {C, H, W}
    /// \param window k
    /// \param stride s (0: s = k)
    AvgPool2d(const ImageShape& in, arma::uword window, arma::uword stride = 0)
        : Pool2d(PoolKind::Average, in, window, stride, "AvgPool2d") {}

    /// \brief Exercise 8.4: Y(c, i, j) = (1/k²) Σ_{R_ij} X; remembers the
    /// batch size N for backward(). std::invalid_argument naming "AvgPool2d::forward"
    /// unless X has input_shape().size() rows.
    /// \param X (C*H*W) x N input
    /// \param Y output (C*H'*W') x N
    void forward(const arma::mat& X, arma::mat& Y) override;

    /// \brief Exercise 8.4: dX = 0, then dY(c, i, j)/k² added to every input pixel of
    /// window R_ij. std::logic_error before any forward(); std::invalid_argument
    /// naming "AvgPool2d::backward" unless dY is (C*H'*W') x N with the N of the last forward().
    /// \param dY (C*H'*W') x N, ∂L/∂Y
    /// \param dX output (C*H*W) x N, ∂L/∂X
    void backward(const arma::mat& dY, arma::mat& dX) override;
    using Pool2d::backward;

private:
    arma::uword batch_ = 0;  // N of the last forward()
};

/// \brief Given: a MaxPool2d or an AvgPool2d (by `kind`) of a k x k window, stride s (0: s = k).
std::unique_ptr<Pool2d> make_pool2d(PoolKind kind, const ImageShape& in, arma::uword window,
                                    arma::uword stride = 0);

/// \brief Global pooling: the window is the whole map. Every channel of every sample
/// becomes one number, so C x H x W maps turn into a C x 1 vector whatever H and W are:
/// average: Y(c) = (1/HW) Σ_{y,x} X(c, y, x);   max: Y(c) = max_{y,x} X(c, y, x).
///
/// The layer knows only C. A batch X of (C*P) x N is read as C blocks of P = H*W rows
/// (the rows of channel c are c*P .. c*P + P - 1), so any P >= 1 works, and a batch of
/// 28 x 28 maps and one of 40 x 33 maps both give a C x N output. (All samples of one
/// batch share one size.) Backward as for MaxPool2d and AvgPool2d: the max sends each
/// gradient to the first arg-max of its channel, the average spreads it as dY(c)/P.
class GlobalPool2d : public Layer {
public:
    /// \brief Given: global max or average pooling of maps with `channels` channels.
    /// std::invalid_argument naming "GlobalPool2d" if channels is 0.
    /// \param kind     max or average
    /// \param channels C
    GlobalPool2d(PoolKind kind, arma::uword channels);

    /// \brief Exercise 8.5: Y (C x N) from X ((C*P) x N, any P = H*W >= 1): per channel
    /// and sample, the max (remembering the row of its first occurrence) or the mean.
    /// Remembers P and N for backward(). std::invalid_argument naming
    /// "GlobalPool2d::forward" unless X has a positive multiple of C rows.
    /// \param X (C*P) x N input
    /// \param Y output C x N
    void forward(const arma::mat& X, arma::mat& Y) override;

    /// \brief Exercise 8.5: dX ((C*P) x N, P of the last forward()): max: dY(c, n) at the
    /// remembered arg-max row of channel c, 0 elsewhere; average: dY(c, n)/P at every row of
    /// channel c. std::logic_error before any forward(); std::invalid_argument naming
    /// "GlobalPool2d::backward" unless dY is C x N with the N of the last forward().
    /// \param dY C x N, ∂L/∂Y
    /// \param dX output (C*P) x N, ∂L/∂X
    void backward(const arma::mat& dY, arma::mat& dX) override;
    using Layer::backward;
    /// \brief "global max-pool, 16 channels".
    std::string summary() const override;

    PoolKind kind() const { return kind_; }      ///< max or average
    arma::uword channels() const { return C_; }  ///< C
    arma::uword pixels() const { return P_; }    ///< P = H*W of the last forward()
    /// \brief Max pooling: C x N rows of X (0 .. C*P-1) that won, from the last forward().
    const arma::umat& argmax() const { return argmax_; }
    /// \brief True once forward() has run (backward() is allowed).
    bool has_cache() const { return has_cache_; }

private:
    PoolKind kind_;
    arma::uword C_;
    arma::uword P_ = 0;       // pixels per channel in the last forward()
    arma::uword batch_ = 0;   // N of the last forward()
    arma::umat argmax_;       // max: winner rows of the last forward()
    bool has_cache_ = false;  // forward() has run
};

}  // namespace nn
