/// \file classifier.hpp
/// \brief Chapter 04 — training an Mlp (chapter 03) as a K-class classifier with softmax
/// cross-entropy (or one-vs-rest sigmoids) and an Optimizer, and evaluating it.
/// Exercise 4.9 (your code: classifier.cpp; given code: classifier_given.cpp).
///
/// Legend (the notation of the notes, \ref ch04; samples are columns):
/// - X (d × N) inputs; labels (N) class indices 0..K−1; B the batch size.
/// - The network's last layer has K units and the identity activation, so its output
///   Z (K × N) are the logits; dZ = ∂L/∂Z; L the mean loss of a batch.
#pragma once
#include <armadillo>
#include <cstddef>
#include <functional>
#include <string>

#include "mlp.hpp"
#include "nn/preprocess.hpp"
#include "optim.hpp"

namespace nn {

/// \brief Which output loss the classifier trains with.
enum class OutputLoss {
    Softmax,   ///< softmax_cross_entropy(): one distribution over the K classes
    OneVsRest  ///< one_vs_rest_loss(): K independent sigmoids
};

/// \brief Buffers of train_epoch(), kept between batches and epochs so that a training
/// step allocates nothing once the first batch has run.
struct TrainBuffers {
    arma::mat Xb;      ///< d x B inputs of the batch
    arma::uvec yb;     ///< B labels of the batch
    arma::mat logits;  ///< K x B network output Z
    arma::mat dZ;      ///< K x B, ∂L/∂Z
};

/// \brief Settings of one epoch.
struct EpochOptions {
    int epoch = 1;                                         ///< number of this epoch (for messages)
    OutputLoss loss = OutputLoss::Softmax;                 ///< which loss
    std::string diverge_hint = "lower the learning rate";  ///< how to fix a NaN loss
    /// Called after each batch with (batches done, batches in the epoch); may be empty.
    std::function<void(std::size_t, std::size_t)> progress;
};

/// \brief Loss and accuracy of an epoch or of an evaluation.
struct ClassStats {
    double loss = 0;      ///< mean loss per sample
    double accuracy = 0;  ///< fraction of samples whose arg-max logit is the label
};

/// \brief Given helper (classifier_given.cpp): the loss of the chosen output and its
/// gradient dZ (K x B) with respect to the logits Z: softmax_cross_entropy() or one_vs_rest_loss().
double output_loss(OutputLoss kind, const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ);

/// \brief Given helper: the number of columns of Z (K x B) whose largest entry is in the
/// row of the label.
arma::uword count_correct(const arma::mat& Z, const arma::uvec& labels);

/// \brief Given helper: throws std::invalid_argument naming `where` unless X has
/// net.input_size() rows, at least one column, and one label per column.
void check_data(const Mlp& net, const arma::mat& X, const arma::uvec& labels, const char* where);

/// \brief Exercise 4.9: one epoch of mini-batch training.
///
/// batches.shuffle(); then for every batch b: copy its columns into buf.Xb, buf.yb
/// (MiniBatcher::fill), forward to the logits, loss and ∂L/∂Z with the loss of
/// `opt_epoch.loss`, check the loss with nn::require_finite (where = "epoch E batch b",
/// b counted from 1, hint = opt_epoch.diverge_hint), net.backward_from_logits(dZ),
/// opt.step(net.parameters()).
/// Returns the mean loss and the accuracy over the epoch's samples, each batch counted
/// with the parameters it saw (the running figures every framework prints).
/// \param net       the network (input width d, K outputs, identity output layer)
/// \param opt       the optimiser, stepped once per batch
/// \param X         d x N inputs
/// \param labels    N class indices 0..K-1
/// \param batches   a MiniBatcher over the N columns (shuffled here)
/// \param buf       buffers reused from batch to batch
/// \param opt_epoch epoch number, loss, divergence hint, progress callback
ClassStats train_epoch(Mlp& net, Optimizer& opt, const arma::mat& X, const arma::uvec& labels,
                       MiniBatcher& batches, TrainBuffers& buf, const EpochOptions& opt_epoch);

/// \brief Exercise 4.9: loss and accuracy of `net` on (X, labels) in evaluation mode
/// (Mlp::predict), `chunk` columns at a time so that large sets need little memory.
/// \param net       the network
/// \param X         d x N inputs
/// \param labels    N class indices 0..K-1
/// \param loss      which loss to report
/// \param predicted if not null, receives the N predicted classes (arg-max of the logits)
/// \param chunk     columns per forward pass
ClassStats evaluate(const Mlp& net, const arma::mat& X, const arma::uvec& labels,
                    OutputLoss loss = OutputLoss::Softmax, arma::uvec* predicted = nullptr,
                    arma::uword chunk = 10000);

}  // namespace nn
