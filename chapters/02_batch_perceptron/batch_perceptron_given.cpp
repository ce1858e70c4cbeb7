// Chapter 02 — given code (not an exercise): augmented form, label conversions, input checks.
// Contracts: batch_perceptron.hpp.
#include <cmath>
#include <string>

#include "batch_perceptron.hpp"
#include "nn/error.hpp"

namespace nn {

arma::mat augment_with_ones(const arma::mat& X) {
    // X̃ = [X; 1 … 1]: the bias becomes the weight of a constant input.
    return arma::join_cols(X, arma::rowvec(X.n_cols, arma::fill::ones));
}

arma::rowvec to_signed_labels(const arma::ivec& y01) {
    arma::rowvec s(y01.n_elem);
    for (arma::uword i = 0; i < y01.n_elem; ++i) {
        require(
            y01(i) == 0 || y01(i) == 1, "to_signed_labels",
            "label " + std::to_string(i) + " is " + std::to_string(y01(i)) + "; expected 0 or 1");
        s(i) = y01(i) == 1 ? 1.0 : -1.0;  // s = 2y − 1
    }
    return s;
}

Perceptron perceptron_from_theta(const arma::vec& theta) {
    require(theta.n_elem >= 2, "perceptron_from_theta",
            "theta must have d + 1 >= 2 entries (weights, then the bias), got " +
                std::to_string(theta.n_elem));
    return Perceptron{theta.head(theta.n_elem - 1), theta(theta.n_elem - 1)};
}

arma::vec theta_from_perceptron(const Perceptron& p) {
    return arma::join_cols(p.w, arma::vec{p.b});
}

double signed_accuracy(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y) {
    check_batch_inputs(theta, Xt, y, "signed_accuracy");
    const arma::rowvec margins = y % (theta.t() * Xt);  // yᵢ θᵀx̃ᵢ, 1 × N
    return static_cast<double>(arma::accu(margins > 0.0)) / static_cast<double>(Xt.n_cols);
}

void check_batch_inputs(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y,
                        const std::string& where) {
    require(Xt.n_rows >= 1 && Xt.n_cols >= 1, where,
            "Xt must have at least one row and one sample (column), got " +
                shape_str(Xt.n_rows, Xt.n_cols));
    require(theta.n_elem == Xt.n_rows, where,
            "theta has " + std::to_string(theta.n_elem) +
                " entries but the augmented samples Xt have " + std::to_string(Xt.n_rows) +
                " rows (d + 1); did you forget augment_with_ones()?");
    require(y.n_elem == Xt.n_cols, where,
            "Xt has " + std::to_string(Xt.n_cols) + " samples (columns) but y has " +
                std::to_string(y.n_elem) + " labels");
    for (arma::uword i = 0; i < y.n_elem; ++i) {
        require(
            y(i) == 1.0 || y(i) == -1.0, where,
            "label " + std::to_string(i) + " is " + std::to_string(y(i)) +
                "; the batch perceptron uses labels -1/+1 (convert 0/1 with to_signed_labels())");
    }
}

}  // namespace nn
