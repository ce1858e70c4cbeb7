/// \file preprocess.hpp
/// \brief Standardisation, one-hot labels, splits and shuffled mini-batches.
#pragma once
#include <armadillo>

namespace nn {

/// \brief Feature-wise standardisation x' = (x - mean) / std, fitted on training data.
struct Standardizer {
    arma::vec mean;    ///< d means
    arma::vec stddev;  ///< d standard deviations (a constant feature gets 1)

    /// \brief Fit mean and std of each row of X (d x N).
    void fit(const arma::mat& X);
    /// \brief Apply to X (d x N), returns the standardised copy.
    arma::mat transform(const arma::mat& X) const;
};

/// \brief One-hot encode labels 0..K-1 into a K x N matrix.
/// Throws std::invalid_argument if a label is >= K.
arma::mat one_hot(const arma::uvec& labels, arma::uword num_classes);

/// \brief Indices of a seeded train/validation split.
struct Split {
    arma::uvec train;  ///< column indices of the training part
    arma::uvec valid;  ///< column indices of the validation part
};

/// \brief Shuffle 0..n-1 with nn::rng() and put the last `valid_fraction` in `valid`.
Split train_valid_split(arma::uword n, double valid_fraction);

/// \brief Shuffled mini-batches, copied into preallocated contiguous matrices.
///
/// \code
/// MiniBatcher mb(X.n_cols, 64);
/// arma::mat Xb, Yb;
/// mb.shuffle();                       // once per epoch
/// for (arma::uword b = 0; b < mb.num_batches(); ++b) {
///     mb.fill(b, X, Xb); mb.fill(b, Y, Yb);   // columns of batch b
///     ...
/// }
/// \endcode
class MiniBatcher {
public:
    /// \param n number of samples, \param batch_size columns per batch (the last may be smaller)
    MiniBatcher(arma::uword n, arma::uword batch_size);
    /// \brief New random order (nn::rng()).
    void shuffle();
    /// \brief Number of batches per epoch, ceil(n / batch_size).
    arma::uword num_batches() const;
    /// \brief Indices of batch b in the current order.
    arma::uvec indices(arma::uword b) const;
    /// \brief Copy the columns of batch b of `source` into `dest` (resized only when needed).
    void fill(arma::uword b, const arma::mat& source, arma::mat& dest) const;
    /// \brief Same for a label vector.
    void fill(arma::uword b, const arma::uvec& source, arma::uvec& dest) const;

private:
    arma::uword n_, batch_;
    arma::uvec order_;
};

}  // namespace nn
