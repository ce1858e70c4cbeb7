// Chapter 02 — the batch perceptron. YOUR FILE: fill in the four exercises.
// Read chapters/02_batch_perceptron/README.md first; run `scripts/check.sh 2.N` for exercise 2.N (`scripts/check.sh 02`: the whole chapter).
// Given helpers you may call: check_batch_inputs(), augment_with_ones(), to_signed_labels()
// (chapters/02_batch_perceptron/batch_perceptron_given.cpp).
#include "batch_perceptron.hpp"

#include "nn/error.hpp"

namespace nn {

BatchDelta batch_delta(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y, bool normalize) {
    (void)theta;
    (void)Xt;
    (void)y;
    (void)normalize;
    throw NotImplemented("batch_delta (chapters/02_batch_perceptron/batch_perceptron.cpp, exercise 2.1)");
}

bool batch_should_stop(const arma::vec& delta, double epsilon) {
    (void)delta;
    (void)epsilon;
    throw NotImplemented("batch_should_stop (chapters/02_batch_perceptron/batch_perceptron.cpp, exercise 2.2)");
}

BatchRun batch_perceptron_train(arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y,
                                const BatchOptions& opt) {
    (void)theta;
    (void)Xt;
    (void)y;
    (void)opt;
    throw NotImplemented("batch_perceptron_train (chapters/02_batch_perceptron/batch_perceptron.cpp, exercise 2.3)");
}

double perceptron_criterion(const arma::vec& theta, const arma::mat& Xt, const arma::rowvec& y) {
    (void)theta;
    (void)Xt;
    (void)y;
    throw NotImplemented("perceptron_criterion (chapters/02_batch_perceptron/batch_perceptron.cpp, exercise 2.4)");
}

}  // namespace nn
