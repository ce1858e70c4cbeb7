// Chapter 04, your file: the training epoch and the evaluation of a classifier.
// Replace each `throw nn::NotImplemented(...)` by the body (contract in classifier.hpp).
// The given helpers output_loss(), count_correct() and check_data() (classifier.hpp) are yours to use.
// Test: scripts/check.sh 4.N (exercise 4.N; scripts/check.sh 04: the whole chapter)
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
