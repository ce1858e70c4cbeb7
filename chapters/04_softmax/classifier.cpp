// Chapter 04, your file: the training epoch and the evaluation of a classifier.
// Replace each `throw nn::NotImplemented(...)` by the body (contract in classifier.hpp).
// The helpers in the anonymous namespace are yours to use.
// Test: ctest --test-dir build -L ch04
//
// Legend: X (d x N) inputs, labels (N), Xb / yb one mini-batch of B columns,
// Z (K x B) logits, dZ = ∂L/∂Z, L the mean loss of a batch.
#include "classifier.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "nn/error.hpp"
#include "softmax.hpp"

namespace nn {

namespace {

// L and dZ of the chosen output loss.
[[maybe_unused]] double output_loss(OutputLoss kind, const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ) {
    return kind == OutputLoss::Softmax ? softmax_cross_entropy(Z, labels, dZ)
                                       : one_vs_rest_loss(Z, labels, dZ);
}

// Number of columns of Z whose largest entry is in the row of the label.
[[maybe_unused]] arma::uword count_correct(const arma::mat& Z, const arma::uvec& labels) {
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

[[maybe_unused]] void check_data(const Mlp& net, const arma::mat& X, const arma::uvec& labels, const char* where) {
    require_shape(X, net.input_size(), any, where, "X");
    require(labels.n_elem == X.n_cols, where,
            "labels has " + std::to_string(labels.n_elem) + " entries but X has " +
                std::to_string(X.n_cols) + " columns");
    require(X.n_cols > 0, where, "no samples");
}

}  // namespace

ClassStats train_epoch(Mlp& net, Optimizer& opt, const arma::mat& X, const arma::uvec& labels,
                       MiniBatcher& batches, TrainBuffers& buf, const EpochOptions& opt_epoch) {
    (void)net, (void)opt, (void)X, (void)labels, (void)batches, (void)buf, (void)opt_epoch;
    throw NotImplemented("train_epoch (chapters/04_softmax/classifier.cpp, exercise 4.9)");
}

ClassStats evaluate(const Mlp& net, const arma::mat& X, const arma::uvec& labels, OutputLoss loss,
                    arma::uvec* predicted, arma::uword chunk) {
    (void)net, (void)X, (void)labels, (void)loss, (void)predicted, (void)chunk;
    throw NotImplemented("evaluate (chapters/04_softmax/classifier.cpp, exercise 4.9)");
}

}  // namespace nn
