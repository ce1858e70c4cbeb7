// Chapter 04, your file: momentum and Adam updates, the Optimizer, step-size schedules.
// Replace each `throw nn::NotImplemented(...)` by the body (formulas in optim.hpp).
// The name helpers and the constructor are written for you.
// Test: ctest --test-dir build -L ch04
//
// Legend: θ parameter, g its gradient, v velocity (momentum) or second moment (Adam),
// m first moment (Adam), η step size, μ momentum, t step number from 1.
#include "optim.hpp"

#include <cmath>
#include <string>

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

std::string optimizer_name(OptimizerKind kind) {
    switch (kind) {
        case OptimizerKind::SGD: return "sgd";
        case OptimizerKind::Momentum: return "momentum";
        case OptimizerKind::Adam: return "adam";
    }
    return "?";
}

OptimizerKind parse_optimizer(const std::string& name) {
    for (OptimizerKind k : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Adam})
        if (optimizer_name(k) == name) return k;
    throw std::invalid_argument("parse_optimizer: unknown optimiser '" + name +
                                "'; choose sgd, momentum or adam");
}

Optimizer::Optimizer(const OptimizerConfig& config) : config_(config) {
    require(config.lr > 0 && std::isfinite(config.lr), "Optimizer", "the step size must be > 0");
}

void Optimizer::step(const std::vector<ParamRef>& params) {
    (void)params;
    throw NotImplemented("Optimizer::step (chapters/04_softmax/optim.cpp, exercise 4.7)");
}

std::string schedule_name(Schedule s) {
    switch (s) {
        case Schedule::Constant: return "constant";
        case Schedule::Step: return "step";
        case Schedule::Cosine: return "cosine";
    }
    return "?";
}

Schedule parse_schedule(const std::string& name) {
    for (Schedule s : {Schedule::Constant, Schedule::Step, Schedule::Cosine})
        if (schedule_name(s) == name) return s;
    throw std::invalid_argument("parse_schedule: unknown schedule '" + name +
                                "'; choose constant, step or cosine");
}

double scheduled_lr(Schedule s, double lr0, int epoch, int epochs) {
    (void)s, (void)lr0, (void)epoch, (void)epochs;
    throw NotImplemented("scheduled_lr (chapters/04_softmax/optim.cpp, exercise 4.8)");
}

}  // namespace nn
