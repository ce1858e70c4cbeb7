// Chapter 04 — given code (not an exercise): optimiser and schedule names, Optimizer constructor.
// Contracts: optim.hpp.
#include <cmath>
#include <stdexcept>
#include <string>

#include "nn/error.hpp"
#include "optim.hpp"

namespace nn {

std::string optimizer_name(OptimizerKind kind) {
    switch (kind) {
        case OptimizerKind::SGD:
            return "sgd";
        case OptimizerKind::Momentum:
            return "momentum";
        case OptimizerKind::Adam:
            return "adam";
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

std::string schedule_name(Schedule s) {
    switch (s) {
        case Schedule::Constant:
            return "constant";
        case Schedule::Step:
            return "step";
        case Schedule::Cosine:
            return "cosine";
    }
    return "?";
}

Schedule parse_schedule(const std::string& name) {
    for (Schedule s : {Schedule::Constant, Schedule::Step, Schedule::Cosine})
        if (schedule_name(s) == name) return s;
    throw std::invalid_argument("parse_schedule: unknown schedule '" + name +
                                "'; choose constant, step or cosine");
}

}  // namespace nn
