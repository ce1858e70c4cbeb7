// Chapter 04 — reference solution of chapters/04_softmax/classifier.cpp (exercise 4.9).
// Contracts, shapes and notation: chapters/04_softmax/classifier.hpp.
#include "classifier.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "nn/error.hpp"
#include "softmax.hpp"

namespace nn {

ClassStats train_epoch(Mlp& net, Optimizer& opt, const arma::mat& X, const arma::uvec& labels,
                       MiniBatcher& batches, TrainBuffers& buf, const EpochOptions& opt_epoch) {
    check_data(net, X, labels, "train_epoch");
    const std::vector<ParamRef> params = net.parameters();
    const arma::uword num_batches = batches.num_batches();
    double loss_sum = 0;
    arma::uword correct = 0, seen = 0;
    batches.shuffle();  // a new order every epoch
    for (arma::uword b = 0; b < num_batches; ++b) {
        // Xb, yb: the columns of batch b, copied into reused contiguous buffers
        batches.fill(b, X, buf.Xb);
        batches.fill(b, labels, buf.yb);
        // Z = the network's output (logits), K x B
        net.forward(buf.Xb, buf.logits);
        // L and dZ = (P − Y) / B in one pass
        const double loss = output_loss(opt_epoch.loss, buf.logits, buf.yb, buf.dZ);
        if (!std::isfinite(loss)) {
            std::ostringstream where;
            where << "epoch " << opt_epoch.epoch << " batch " << (b + 1);
            require_finite(loss, where.str(), opt_epoch.diverge_hint);
        }
        // running figures: each batch with the parameters it saw
        loss_sum += loss * static_cast<double>(buf.yb.n_elem);
        correct += count_correct(buf.logits, buf.yb);
        seen += buf.yb.n_elem;
        // backprop from the logits (the output layer is the identity), then the step
        net.backward_from_logits(buf.dZ);
        opt.step(params);
        if (opt_epoch.progress) opt_epoch.progress(b + 1, num_batches);
    }
    ClassStats s;
    s.loss = loss_sum / static_cast<double>(seen);
    s.accuracy = static_cast<double>(correct) / static_cast<double>(seen);
    return s;
}

ClassStats evaluate(const Mlp& net, const arma::mat& X, const arma::uvec& labels, OutputLoss loss,
                    arma::uvec* predicted, arma::uword chunk) {
    check_data(net, X, labels, "evaluate");
    require(chunk > 0, "evaluate", "chunk must be positive");
    const arma::uword N = X.n_cols;
    if (predicted) predicted->set_size(N);
    double loss_sum = 0;
    arma::uword correct = 0;
    arma::mat dZ;
    for (arma::uword start = 0; start < N; start += chunk) {
        const arma::uword stop = std::min(N, start + chunk);
        const arma::uvec yb = labels.subvec(start, stop - 1);
        // Z = logits of the chunk, in evaluation mode
        const arma::mat Z = net.predict(X.cols(start, stop - 1));
        loss_sum += output_loss(loss, Z, yb, dZ) * static_cast<double>(yb.n_elem);
        correct += count_correct(Z, yb);
        if (predicted) predicted->subvec(start, stop - 1) = arma::index_max(Z, 0).t();
    }
    ClassStats s;
    s.loss = loss_sum / static_cast<double>(N);
    s.accuracy = static_cast<double>(correct) / static_cast<double>(N);
    return s;
}

}  // namespace nn
