// Chapter 09, your file: the dropout mask, the Dropout layer's forward and backward, and
// dropout on the hidden layers of an Mlp. Replace each `throw nn::NotImplemented(...)` by the
// body (contract and formulas in dropout.hpp). The constructors, train()/eval(), detach()
// and require_drop_probability() are given in dropout_given.cpp.
// Test: scripts/check.sh 9.N (exercise 9.N; scripts/check.sh 09: the whole chapter)
//
// Legend: p drop probability, q = 1 - p keep probability, X / Y input / output (n x N),
// M the mask (entries 0 or 1/q), dY = dL/dY, dX = dL/dX.
#include "dropout.hpp"

#include "nn/error.hpp"
#include "nn/rng.hpp"

namespace nn {

void dropout_mask(double p, arma::uword rows, arma::uword cols, arma::mat& mask) {
    (void)p, (void)rows, (void)cols, (void)mask;
    throw NotImplemented("dropout_mask (chapters/09_dropout/dropout.cpp, exercise 9.1)");
}

void Dropout::forward(const arma::mat& X, arma::mat& Y) {
    (void)X, (void)Y;
    throw NotImplemented("Dropout::forward (chapters/09_dropout/dropout.cpp, exercise 9.2)");
}

void Dropout::backward(const arma::mat& dY, arma::mat& dX) {
    (void)dY, (void)dX;
    throw NotImplemented("Dropout::backward (chapters/09_dropout/dropout.cpp, exercise 9.3)");
}

void MlpDropout::attach(Mlp& net) {
    (void)net;
    throw NotImplemented("MlpDropout::attach (chapters/09_dropout/dropout.cpp, exercise 9.4)");
}

}  // namespace nn
