/// \file conv.hpp
/// \brief Chapter 07 — 2-D convolution (cross-correlation) with channels, padding, stride and
/// dilation: the naive loops (the definition), im2col + GEMM (the fast path), and the
/// Conv2d layer. Exercises 7.1–7.7 (your code: conv.cpp; given code: conv_given.cpp,
/// sequential_given.cpp).
///
/// Legend (the notation of the notes; samples are columns, as everywhere in the book):
/// - N samples; an image has C channels of H x W pixels. A batch is an `arma::mat` of
///   (C*H*W) x N; inside a column pixel (c, y, x) is at row (c*H + y)*W + x (x fastest,
///   PyTorch's NCHW order for one sample; a loaded 784 x N Fashion-MNIST matrix is already a
///   batch of 1 x 28 x 28 images).
/// - k the kernel size (k x k), s the stride, p the zero padding added on every side,
///   d the dilation (gap between kernel taps; d = 1 is an ordinary kernel).
/// - Input X: C_in x H x W per sample. Output Y: C_out x H_out x W_out per sample with
///   H_out = floor((H + 2p - d(k-1) - 1)/s) + 1 (the same for W_out); P = H_out * W_out.
/// - W (C_out x C_in*k*k): row o is filter o, its column r = (c*k + i)*k + j holds the tap
///   (channel c, kernel row i, kernel column j). b (C_out x 1): one bias per output channel.
/// - Forward (cross-correlation, as in every deep-learning library):
///   Y[n](o, y, x) = b(o) + Σ_{c,i,j} W(o, (c,i,j)) X[n](c, y s − p + i d, x s − p + j d),
///   taps that fall outside the image read 0 (the padding).
/// - dX means ∂L/∂X, same shape as X (also dY, dW, db).
/// - im2col: cols is (C_in*k*k) x (P*N); column n*P + q (q = y*W_out + x, the output pixel)
///   holds the C_in*k*k input values that output pixel q of sample n sees; its block
///   cols_n (columns nP .. nP+P-1) turns the convolution of sample n into one matrix product,
///   Y_n = W cols_n + b (C_out x P).
#pragma once
#include <armadillo>
#include <string>
#include <vector>

#include "mlp.hpp"

namespace nn {

// ------------------------------------------------------------------ shapes

/// \brief The shape of one image: channels x height x width (one column of a batch holds
/// channels*height*width values, pixel (c, y, x) at row (c*height + y)*width + x).
struct ImageShape {
    arma::uword channels = 0;  ///< C
    arma::uword height = 0;    ///< H (rows of pixels)
    arma::uword width = 0;     ///< W (columns of pixels)
    /// \brief C*H*W, the number of rows of a batch of such images.
    arma::uword size() const { return channels * height * width; }
    /// \brief H*W, the pixels of one channel.
    arma::uword plane() const { return height * width; }
    /// \brief "1x28x28" (channels x height x width), for messages.
    std::string str() const;
    /// \brief Same channels, height and width.
    bool operator==(const ImageShape& o) const {
        return channels == o.channels && height == o.height && width == o.width;
    }
    /// \brief Not operator==.
    bool operator!=(const ImageShape& o) const { return !(*this == o); }
};

/// \brief Kernel size, stride, zero padding and dilation of a square convolution (the same
/// in both directions). Defaults: a 3 x 3 kernel, stride 1, no padding, no dilation.
struct ConvGeometry {
    arma::uword kernel = 3;    ///< k: the kernel is k x k
    arma::uword stride = 1;    ///< s: step between neighbouring outputs (>= 1)
    arma::uword padding = 0;   ///< p: rows/columns of zeros added on each side
    arma::uword dilation = 1;  ///< d: distance between kernel taps (>= 1)
    /// \brief "k3 s1 p0 d1", for messages and summaries.
    std::string str() const;
};

/// \brief Exercise 7.1: the output length of a convolution along one axis,
/// n_out = ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1.
/// The kernel covers d(k − 1) + 1 input pixels (its extent); it must fit in the padded
/// input of n + 2p pixels, then it can move ⌊(n + 2p − d(k − 1) − 1)/s⌋
/// steps of s. Examples: n = 5, k = 3 gives 3; n = 28, k = 5, p = 2 gives 28 ("same");
/// n = 28, k = 3, s = 2, p = 1 gives 14; n = 7, k = 3, d = 2 gives 3.
/// Throws std::invalid_argument naming "conv_output_size" if k, s or d is 0, or if the
/// output would be empty (n + 2p < d(k-1) + 1), saying both numbers and how to fix it.
/// \param n input length (height or width), \param k kernel size, \param s stride,
/// \param p padding, \param d dilation. \return the output length (>= 1).
arma::uword conv_output_size(arma::uword n, arma::uword k, arma::uword s, arma::uword p,
                             arma::uword d);

/// \brief Given: the output image shape C_out x H_out x W_out for input `in` (conv_output_size
/// on each axis). Throws like conv_output_size, and if in or out_channels has a zero.
/// \param in input shape, \param out_channels C_out, \param g kernel, stride, padding, dilation.
ImageShape conv_output_shape(const ImageShape& in, arma::uword out_channels, const ConvGeometry& g);

// ------------------------------------------------------------------ the definition: naive loops

/// \brief Exercise 7.2: the forward pass by its definition, seven nested loops
/// (sample n, output channel o, output row y, output column x, input channel c, kernel row i,
/// kernel column j):
/// Y_n(o, y, x) = b_o + Σ_{c<C_in} Σ_{i<k} Σ_{j<k} W(o, (c,i,j)) · X_n(c, ys − p + id, xs − p + jd),
/// where a pixel outside the image (row or column < 0 or >= H, W) counts as 0.
/// No GEMM; this is the reference the fast path is tested against.
/// \param X  (C_in*H*W) x N input batch
/// \param in its image shape C_in x H x W
/// \param W  C_out x (C_in*k*k) filters, \param b C_out x 1 biases
/// \param g  kernel size (W must have C_in*k*k columns), stride, padding, dilation
/// \param Y  output (C_out*H_out*W_out) x N (resized)
/// Throws std::invalid_argument naming "conv2d_forward_naive" on a shape mismatch.
void conv2d_forward_naive(const arma::mat& X, const ImageShape& in, const arma::mat& W,
                          const arma::mat& b, const ConvGeometry& g, arma::mat& Y);

/// \brief Exercise 7.3: the backward pass by its definition. Every term
/// W(o, (c,i,j)) · X_n(c, y_in, x_in) of the forward sum sends the gradient
/// g = dY_n(o, y, x) back to both factors and to the bias:
///   dW(o, (c,i,j)) = Σ_{n,y,x} dY_n(o, y, x) · X_n(c, ys − p + id, xs − p + jd),
///   db_o = Σ_{n,y,x} dY_n(o, y, x),
///   dX_n(c, y_in, x_in) = Σ over (o, i, j) with ys − p + id = y_in, xs − p + jd = x_in of
///                         dY_n(o, y, x) · W(o, (c,i,j))
/// (taps on the padding contribute nothing). Loop exactly as in the forward pass and
/// accumulate with +=, after zeroing dX, dW, db. dX is a "full" correlation of dY with the
/// flipped kernel (see the notes).
/// \param dY (C_out*H_out*W_out) x N, ∂L/∂Y
/// \param X  (C_in*H*W) x N, the input of the forward pass
/// \param in its image shape, \param W C_out x (C_in*k*k), \param g the geometry
/// \param dX output (C_in*H*W) x N, \param dW output C_out x (C_in*k*k), \param db output C_out x 1
/// Throws std::invalid_argument naming "conv2d_backward_naive" on a shape mismatch.
void conv2d_backward_naive(const arma::mat& dY, const arma::mat& X, const ImageShape& in,
                           const arma::mat& W, const ConvGeometry& g, arma::mat& dX, arma::mat& dW,
                           arma::mat& db);

// ------------------------------------------------------------------ the fast path: im2col + GEMM

/// \brief Exercise 7.4: unfold every receptive field of a batch into a column.
///
/// cols is (C*k*k) x (P*N) with P = H_out*W_out:
///   cols((c·k + i)·k + j, n·P + y·W_out + x) = X_n(c, ys − p + id, xs − p + jd)
/// (0 for a tap on the padding). Then the convolution of sample n is one matrix product of
/// W with the block cols_n (columns nP .. nP+P-1):
/// Y_n = W cols_n + b 1ᵀ (C_out x P, row o = output channel o).
/// Every input pixel is copied up to k*k times (about k*k/s² times): im2col trades memory
/// for a large, fast GEMM.
/// \param X (C*H*W) x N batch, \param in its image shape, \param g the geometry,
/// \param cols output, resized only if its shape is wrong (reuse it between batches).
/// Throws std::invalid_argument naming "im2col" if X does not have in.size() rows.
void im2col(const arma::mat& X, const ImageShape& in, const ConvGeometry& g, arma::mat& cols);

/// \brief Exercise 7.5: the adjoint of im2col: fold columns back onto the images, ADDING the
/// values that land on the same pixel (a pixel belongs to up to k*k receptive fields), and
/// dropping values that land on the padding:
///   dX_n(c, y_in, x_in) = Σ over (r, q) ↦ (c, y_in, x_in) of dcols(r, nP + q).
/// With dcols_n = Wᵀ dY_n this is dX of the convolution. (col2im(im2col(X)) is
/// not X: each pixel comes back multiplied by the number of receptive fields that contain it.)
/// \param dcols (C*k*k) x (P*N), \param in the image shape C x H x W, \param g the geometry,
/// \param N the number of samples, \param dX output (C*H*W) x N (resized only if needed, then
/// overwritten). Throws std::invalid_argument naming "col2im" if dcols has the wrong shape.
void col2im(const arma::mat& dcols, const ImageShape& in, const ConvGeometry& g, arma::uword N,
            arma::mat& dX);

// ------------------------------------------------------------------ the layer

/// \brief How Conv2d computes: the loops of the definition or im2col + GEMM.
enum class ConvAlgo {
    Naive,  ///< conv2d_forward_naive / conv2d_backward_naive (slow, obviously right)
    Im2col  ///< im2col, one GEMM per batch, col2im (fast; the default)
};
/// \brief "naive", "im2col".
std::string conv_algo_name(ConvAlgo algo);
/// \brief Parse "naive" or "im2col"; std::invalid_argument otherwise.
ConvAlgo parse_conv_algo(const std::string& name);

/// \brief A 2-D convolution layer: C_in x H x W images in, C_out x H_out x W_out out.
///
/// Shapes: W is C_out x (C_in*k*k), b is C_out x 1, X is in_shape().size() x N,
/// Y is out_shape().size() x N. Like nn::Dense: forward() keeps what backward() needs,
/// backward() overwrites dW and db, backward before forward throws std::logic_error.
/// The output is already "flattened": a Dense layer of out_shape().size() inputs can take it
/// as it is. Conv2d implements nn::Layer, so a small CNN is an nn::Sequential (sequential.hpp):
/// conv -> ReLU -> dense, with chapter 04's softmax cross-entropy and Adam on top.
class Conv2d : public Layer {
public:
    /// \brief A layer for `in` images with `out_channels` filters of size g.kernel; W, b, dW, db
    /// zero (call init()). std::invalid_argument naming "Conv2d" if a size is 0 or the output
    /// would be empty (see conv_output_size()).
    Conv2d(const ImageShape& in, arma::uword out_channels, const ConvGeometry& g,
           ConvAlgo algo = ConvAlgo::Im2col);
    /// \brief The same with the geometry spelled out: kernel k x k, stride, padding, dilation.
    Conv2d(const ImageShape& in, arma::uword out_channels, arma::uword kernel,
           arma::uword stride = 1, arma::uword padding = 0, arma::uword dilation = 1,
           ConvAlgo algo = ConvAlgo::Im2col);

    arma::mat W;   ///< C_out x (C_in*k*k) filters, one per row, taps in (c, i, j) order
    arma::mat b;   ///< C_out x 1 biases
    arma::mat dW;  ///< C_out x (C_in*k*k), ∂L/∂W of the last backward()
    arma::mat db;  ///< C_out x 1, ∂L/∂b of the last backward()

    /// \brief Draw W by chapter 03's init_weights() with fan_in = C_in·k², fan_out = C_out·k²
    /// (He: N(0, 2/fan_in); Xavier: N(0, 2/(fan_in + fan_out)); Zero); b = 0.
    void init(Init how);

    /// \brief Exercise 7.6: Y = conv(X) + b with the chosen algorithm.
    ///
    /// Naive: conv2d_forward_naive, keeping a copy of X for backward. Im2col: im2col(X) into the
    /// workspace cols (kept: backward needs it for dW), then one GEMM per sample. Column n of Y
    /// holds the C_out x P map Y_n channel after channel, which is, read column-major,
    /// the P x C_out matrix Y_nᵀ; so write straight into it (an Armadillo matrix
    /// built on Y.colptr(n), no copy):
    ///   Y_nᵀ = cols_nᵀ Wᵀ (P x C_out), then add b_o to column o.
    /// No allocation once the batch size has been seen. std::invalid_argument naming
    /// "Conv2d::forward" if X does not have in_shape().size() rows.
    /// \param X in_shape().size() x N, \param Y output out_shape().size() x N
    void forward(const arma::mat& X, arma::mat& Y) override;

    /// \brief Exercise 7.7: gradients from dY = ∂L/∂Y (out_shape().size() x N).
    /// Naive: conv2d_backward_naive. Im2col: with dY_nᵀ (P x C_out) read from column n
    /// of dY as in forward(),
    ///   db = Σ_n (column sums of dY_nᵀ)ᵀ,  dW = Σ_n dY_n cols_nᵀ,  dcols_n = Wᵀ dY_n,
    ///   dX = col2im(dcols).
    /// Overwrites dW, db, dX. std::logic_error before any forward(); std::invalid_argument
    /// naming "Conv2d::backward" if dY is not out_shape().size() x N (N of the last forward).
    void backward(const arma::mat& dY, arma::mat& dX) override;

    /// \brief Exercise 7.7: the same without dX (a first layer needs no input gradient:
    /// saves the GEMMs Wᵀ dY_n and col2im).
    void backward(const arma::mat& dY) override;

    /// \brief (W, dW) and (b, db), named prefix + ".W" and prefix + ".b" (b has is_bias).
    std::vector<ParamRef> parameters(const std::string& prefix = "conv") override;

    const ImageShape& in_shape() const { return in_; }                  ///< C_in x H x W
    const ImageShape& out_shape() const { return out_; }                ///< C_out x H_out x W_out
    const ConvGeometry& geometry() const { return g_; }                 ///< k, s, p, d
    arma::uword in_channels() const { return in_.channels; }            ///< C_in
    arma::uword out_channels() const { return out_.channels; }          ///< C_out
    arma::uword num_parameters() const { return W.n_elem + b.n_elem; }  ///< C_out*(C_in*k*k + 1)
    ConvAlgo algo() const { return algo_; }                             ///< naive or im2col
    /// \brief Switch the algorithm (drops the cache: the next call must be forward()).
    void set_algo(ConvAlgo algo);
    /// \brief True once forward() has run (backward() is allowed).
    bool has_cache() const { return has_cache_; }
    /// \brief "conv 1x28x28 -> 8x28x28 (k5 s1 p2 d1, im2col), 208 parameters"
    std::string summary() const override;

private:
    ImageShape in_, out_;
    ConvGeometry g_;
    ConvAlgo algo_;
    arma::uword N_ = 0;       // batch size of the last forward()
    bool has_cache_ = false;  // forward() has run
    arma::mat X_;             // naive: copy of the last input
    arma::mat cols_;          // im2col: (C_in*k*k) x (P*N) receptive fields of the last input
    arma::mat dcols_;         // im2col: (C_in*k*k) x (P*N), Wᵀ dY_n of every sample
    arma::mat dW_n_;          // im2col: C_out x (C_in*k*k), the share of dW of one sample
};

}  // namespace nn
