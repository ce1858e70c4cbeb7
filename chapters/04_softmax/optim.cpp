// Chapter 04, your file: momentum and Adam updates, the Optimizer, step-size schedules.
// Replace each `throw nn::NotImplemented(...)` by the body (formulas in optim.hpp).
// The name helpers and the Optimizer constructor are given in optim_given.cpp.
// Test: scripts/check.sh 4.N (exercise 4.N; scripts/check.sh 04: the whole chapter)
//
// Legend: θ parameter, g its gradient, v velocity (momentum) or second moment (Adam),
// m first moment (Adam), η step size, μ momentum, t step number from 1.
#include "optim.hpp"

#include "nn/error.hpp"

namespace nn {

void momentum_update(arma::mat& theta, arma::mat& v, const arma::mat& g, double lr, double mu) {
    (void)theta, (void)v, (void)g, (void)lr, (void)mu;
    throw NotImplemented("momentum_update (chapters/04_softmax/optim.cpp, exercise 4.5)");
}

void adam_update(arma::mat& theta, arma::mat& m, arma::mat& v, const arma::mat& g, double lr,
                 double beta1, double beta2, double eps, long t) {
    (void)theta, (void)m, (void)v, (void)g, (void)lr, (void)beta1, (void)beta2, (void)eps, (void)t;
    throw NotImplemented("adam_update (chapters/04_softmax/optim.cpp, exercise 4.6)");
}

void Optimizer::step(const std::vector<ParamRef>& params) {
    (void)params;
    throw NotImplemented("Optimizer::step (chapters/04_softmax/optim.cpp, exercise 4.7)");
}

double scheduled_lr(Schedule s, double lr0, int epoch, int epochs) {
    (void)s, (void)lr0, (void)epoch, (void)epochs;
    throw NotImplemented("scheduled_lr (chapters/04_softmax/optim.cpp, exercise 4.8)");
}

}  // namespace nn
