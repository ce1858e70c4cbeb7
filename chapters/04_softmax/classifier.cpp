// Chapter 04 — YOUR FILE: exercise 4.9 (contracts, shapes and formulas: classifier.hpp).
// Check it with  scripts/check.sh 4.9   (the whole chapter: scripts/check.sh 04).
// Given helpers you may use: output_loss(), count_correct(), check_data() (classifier.hpp).
#include "classifier.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "nn/error.hpp"
#include "softmax.hpp"

namespace nn {

ClassStats train_epoch(Mlp& net, Optimizer& opt, const arma::mat& X, const arma::uvec& labels,
                       MiniBatcher& batches, TrainBuffers& buf, const EpochOptions& opt_epoch) {
    // TODO (4.9): shuffle; per batch: fill Xb, yb → logits Z → L and dZ = ∂L/∂Z (output_loss)
    // → require_finite(L) → backward_from_logits(dZ) → opt.step(net.parameters()).
    // Trap: the epoch's loss is the mean per SAMPLE: weight each batch's mean by its size B.
    throw NotImplemented("train_epoch (chapters/04_softmax/classifier.cpp, exercise 4.9)");
}

ClassStats evaluate(const Mlp& net, const arma::mat& X, const arma::uvec& labels, OutputLoss loss,
                    arma::uvec* predicted, arma::uword chunk) {
    // TODO (4.9): net.predict() on `chunk` columns at a time; loss weighted by each chunk's size,
    // accuracy = count_correct / N; predicted (if not null) = arg-max row of each column of Z.
    throw NotImplemented("evaluate (chapters/04_softmax/classifier.cpp, exercise 4.9)");
}

}  // namespace nn
