/// \file preprocess.cpp
/// \brief Standardizer, one-hot labels, train/validation split, mini-batches (see nn/preprocess.hpp).
#include "nn/preprocess.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>

#include "nn/error.hpp"
#include "nn/rng.hpp"

namespace nn {

// ---------------------------------------------------------------- Standardizer

void Standardizer::fit(const arma::mat& X) {
    require(X.n_rows > 0 && X.n_cols > 0, "Standardizer::fit",
            "X (d x N) must not be empty, got " + shape_str(X.n_rows, X.n_cols));
    mean = arma::mean(X, 1);
    // Population standard deviation (divide by N), as in most libraries' scalers.
    stddev = arma::stddev(X, 1, 1);
    for (arma::uword i = 0; i < stddev.n_elem; ++i)
        if (!(stddev(i) > 1e-12 * std::max(1.0, std::abs(mean(i)))))
            stddev(i) = 1.0;  // constant feature
}

arma::mat Standardizer::transform(const arma::mat& X) const {
    require(!mean.is_empty(), "Standardizer::transform", "call fit() first");
    require_shape(X, mean.n_elem, any, "Standardizer::transform", "X");
    arma::mat Z = X.each_col() - mean;
    Z.each_col() /= stddev;
    return Z;
}

// ---------------------------------------------------------------- one-hot

arma::mat one_hot(const arma::uvec& labels, arma::uword num_classes) {
    arma::mat Y(num_classes, labels.n_elem, arma::fill::zeros);
    for (arma::uword i = 0; i < labels.n_elem; ++i) {
        require(labels(i) < num_classes, "one_hot",
                "label " + std::to_string(labels(i)) + " at position " + std::to_string(i) +
                    " is not below num_classes = " + std::to_string(num_classes));
        Y(labels(i), i) = 1.0;
    }
    return Y;
}

// ---------------------------------------------------------------- split

Split train_valid_split(arma::uword n, double valid_fraction) {
    require(valid_fraction >= 0.0 && valid_fraction < 1.0, "train_valid_split",
            "valid_fraction must be in [0, 1), got " + std::to_string(valid_fraction));
    std::vector<arma::uword> perm(n);
    std::iota(perm.begin(), perm.end(), arma::uword(0));
    std::shuffle(perm.begin(), perm.end(), rng());
    const auto n_valid =
        static_cast<arma::uword>(std::llround(valid_fraction * static_cast<double>(n)));
    Split s;
    s.train = arma::uvec(perm.data(), n - n_valid);
    s.valid = arma::uvec(perm.data() + (n - n_valid), n_valid);
    return s;
}

// ---------------------------------------------------------------- MiniBatcher

MiniBatcher::MiniBatcher(arma::uword n, arma::uword batch_size)
    : n_(n), batch_(batch_size), order_(arma::regspace<arma::uvec>(0, n == 0 ? 0 : n - 1)) {
    require(n > 0, "MiniBatcher", "the number of samples must be positive");
    require(batch_size > 0, "MiniBatcher", "batch_size must be positive");
}

void MiniBatcher::shuffle() {
    std::shuffle(order_.begin(), order_.end(), rng());
}

arma::uword MiniBatcher::num_batches() const {
    return (n_ + batch_ - 1) / batch_;
}

arma::uvec MiniBatcher::indices(arma::uword b) const {
    require(b < num_batches(), "MiniBatcher::indices",
            "batch " + std::to_string(b) + " does not exist (there are " +
                std::to_string(num_batches()) + ")");
    const arma::uword start = b * batch_, stop = std::min(n_, start + batch_);
    return order_.subvec(start, stop - 1);
}

void MiniBatcher::fill(arma::uword b, const arma::mat& source, arma::mat& dest) const {
    require(b < num_batches(), "MiniBatcher::fill",
            "batch " + std::to_string(b) + " does not exist (there are " +
                std::to_string(num_batches()) + ")");
    require_shape(source, any, n_, "MiniBatcher::fill", "source");
    const arma::uword start = b * batch_, count = std::min(n_, start + batch_) - start;
    if (dest.n_rows != source.n_rows || dest.n_cols != count) dest.set_size(source.n_rows, count);
    const std::size_t bytes = sizeof(double) * source.n_rows;
    for (arma::uword k = 0; k < count; ++k)
        std::memcpy(dest.colptr(k), source.colptr(order_[start + k]), bytes);
}

void MiniBatcher::fill(arma::uword b, const arma::uvec& source, arma::uvec& dest) const {
    require(b < num_batches(), "MiniBatcher::fill",
            "batch " + std::to_string(b) + " does not exist (there are " +
                std::to_string(num_batches()) + ")");
    require(
        source.n_elem == n_, "MiniBatcher::fill",
        "source must have " + std::to_string(n_) + " labels, got " + std::to_string(source.n_elem));
    const arma::uword start = b * batch_, count = std::min(n_, start + batch_) - start;
    if (dest.n_elem != count) dest.set_size(count);
    for (arma::uword k = 0; k < count; ++k) dest[k] = source[order_[start + k]];
}

}  // namespace nn
