// Chapter 04 — given code (not an exercise): helpers of the training epoch and the evaluation.
// Contracts: classifier.hpp.
#include <string>

#include "classifier.hpp"
#include "nn/error.hpp"
#include "softmax.hpp"

namespace nn {

double output_loss(OutputLoss kind, const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ) {
    return kind == OutputLoss::Softmax ? softmax_cross_entropy(Z, labels, dZ)
                                       : one_vs_rest_loss(Z, labels, dZ);
}

arma::uword count_correct(const arma::mat& Z, const arma::uvec& labels) {
    arma::uword correct = 0;
    for (arma::uword n = 0; n < Z.n_cols; ++n) {
        const double* z = Z.colptr(n);
        arma::uword best = 0;
        for (arma::uword k = 1; k < Z.n_rows; ++k)
            if (z[k] > z[best]) best = k;
        correct += (best == labels[n]);
    }
    return correct;
}

void check_data(const Mlp& net, const arma::mat& X, const arma::uvec& labels, const char* where) {
    require_shape(X, net.input_size(), any, where, "X");
    require(labels.n_elem == X.n_cols, where,
            "labels has " + std::to_string(labels.n_elem) + " entries but X has " +
                std::to_string(X.n_cols) + " columns");
    require(X.n_cols > 0, where, "no samples");
}

}  // namespace nn
