// Chapter 04, your file: softmax, cross-entropy, NLL, the fused gradient, one-vs-rest.
// Replace each `throw nn::NotImplemented(...)` by the body; the doc comments in
// softmax.hpp give the formulas and shapes. Test: scripts/check.sh 4.N (exercise 4.N; scripts/check.sh 04: the whole chapter)
//
// Legend: Z (K x N) logits, P = softmax(Z) (K x N), Y one-hot targets, labels (N),
// m_n the maximum of column n, L the mean loss over the N columns.
#include "softmax.hpp"

#include <cmath>

#include "nn/error.hpp"

namespace nn {

arma::mat softmax(const arma::mat& Z) {
    (void)Z;
    throw NotImplemented("softmax (chapters/04_softmax/softmax.cpp, exercise 4.1)");
}

arma::mat log_softmax(const arma::mat& Z) {
    (void)Z;
    throw NotImplemented("log_softmax (chapters/04_softmax/softmax.cpp, exercise 4.1)");
}

double cross_entropy(const arma::mat& P, const arma::mat& Y) {
    (void)P, (void)Y;
    throw NotImplemented("cross_entropy (chapters/04_softmax/softmax.cpp, exercise 4.2)");
}

double nll_loss(const arma::mat& logP, const arma::uvec& labels) {
    (void)logP, (void)labels;
    throw NotImplemented("nll_loss (chapters/04_softmax/softmax.cpp, exercise 4.2)");
}

double softmax_cross_entropy(const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ) {
    (void)Z, (void)labels, (void)dZ;
    throw NotImplemented("softmax_cross_entropy (chapters/04_softmax/softmax.cpp, exercise 4.3)");
}

double one_vs_rest_loss(const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ) {
    (void)Z, (void)labels, (void)dZ;
    throw NotImplemented("one_vs_rest_loss (chapters/04_softmax/softmax.cpp, exercise 4.4)");
}

}  // namespace nn
