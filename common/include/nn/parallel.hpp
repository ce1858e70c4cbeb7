/// \file parallel.hpp
/// \brief Two threads, one network: data-parallel training of an nn::Layer on two cores, and
/// the numeric settings that make it fast (used by chapter 08's program).
///
/// The loss of a mini-batch is the mean of the per-sample losses, so its gradient is a sum
/// over the samples. Split the batch in two halves, let two copies of the network with the
/// same weights (the master and its replica) compute the gradient of their half at the same
/// time, one per core, and add the two: that is the gradient of the whole batch. The
/// optimiser steps the master's weights once; the replica copies them. The replica's
/// gradient is always added to the master's in the same order, so the numbers do not depend
/// on the thread schedule: one thread (the halves one after the other) gives exactly the
/// same results, only slower.
#pragma once
#include <armadillo>
#include <functional>
#include <vector>

#include "nn/layer.hpp"

namespace nn {

/// \brief Settings for fast training on this machine, in the calling thread: OpenBLAS asked
/// for one thread per call (its own spinning workers would steal time from ours; looked up
/// at run time, so any BLAS works) and subnormal numbers (below 2.2e-308, 10 to 100 times
/// slower on x86; late in training some gradients and Adam moments get there) flushed to
/// zero. Numbers that small change nothing in a network.
void fast_numerics();

/// \brief A network (the master) and its replica, trained on the two halves of each batch.
class DataParallel {
public:
    /// \brief `master` and `replica` must have the same architecture (their parameter lists
    /// match entry by entry); the replica gets the master's weights. threads: 2 (the halves
    /// at the same time) or 1 (one after the other: the same numbers). Calls fast_numerics().
    DataParallel(Layer& master, Layer& replica, int threads);

    /// \brief For a batch of n columns: work(i, net, first, last) on copy i (0: the master,
    /// 1: the replica) with columns [first, last), the halves [0, ⌈n/2⌉) and [⌈n/2⌉, n); an
    /// empty half is skipped. Each call may write only its own data; an exception of either
    /// is rethrown after both have finished.
    void run(
        arma::uword n,
        const std::function<void(int i, Layer& net, arma::uword first, arma::uword last)>& work);
    /// \brief After a run() that called backward(): the master's gradients += the replica's
    /// (unless the replica's half was empty): the gradient of the whole batch.
    void add_replica_gradients();
    /// \brief After the optimiser step on the master's parameters: the replica copies them.
    void sync_replica();
    /// \brief The master's parameters (for the optimiser).
    const std::vector<ParamRef>& parameters() const { return params_[0]; }
    bool two_threads() const { return parallel_; }  ///< threads == 2

private:
    Layer* net_[2];
    std::vector<ParamRef> params_[2];
    bool parallel_;
    bool replica_ran_ = false;  // the replica's half of the last run() was not empty
};

}  // namespace nn
