// Chapter 04 — reference solution of chapters/04_softmax/optim.cpp (exercises 4.5–4.8).
// Contracts, shapes and notation: chapters/04_softmax/optim.hpp.
#include "optim.hpp"

#include <cmath>
#include <string>

#include "nn/error.hpp"

namespace nn {

void momentum_update(arma::mat& theta, arma::mat& v, const arma::mat& g, double lr, double mu) {
    require_shape(v, theta.n_rows, theta.n_cols, "momentum_update", "v (the shape of theta)");
    require_shape(g, theta.n_rows, theta.n_cols, "momentum_update", "g (the shape of theta)");
    double* th = theta.memptr();
    double* vel = v.memptr();
    const double* grad = g.memptr();
    const arma::uword n = theta.n_elem;
    for (arma::uword i = 0; i < n; ++i) {
        vel[i] = mu * vel[i] + grad[i];  // v ← μ v + g
        th[i] -= lr * vel[i];            // θ ← θ − η v
    }
}

void adam_update(arma::mat& theta, arma::mat& m, arma::mat& v, const arma::mat& g, double lr,
                 double beta1, double beta2, double eps, long t) {
    require_shape(m, theta.n_rows, theta.n_cols, "adam_update", "m (the shape of theta)");
    require_shape(v, theta.n_rows, theta.n_cols, "adam_update", "v (the shape of theta)");
    require_shape(g, theta.n_rows, theta.n_cols, "adam_update", "g (the shape of theta)");
    require(t >= 1, "adam_update", "the step number t must be >= 1, got " + std::to_string(t));
    // bias corrections 1 − βᵗ
    const double c1 = 1.0 - std::pow(beta1, static_cast<double>(t));
    const double c2 = 1.0 - std::pow(beta2, static_cast<double>(t));
    double* th = theta.memptr();
    double* mm = m.memptr();
    double* vv = v.memptr();
    const double* grad = g.memptr();
    const arma::uword n = theta.n_elem;
    for (arma::uword i = 0; i < n; ++i) {
        mm[i] = beta1 * mm[i] + (1.0 - beta1) * grad[i];  // m ← β₁ m + (1 − β₁) g
        vv[i] = beta2 * vv[i] + (1.0 - beta2) * grad[i] * grad[i];  // v ← β₂ v + (1 − β₂) g²
        const double m_hat = mm[i] / c1;                            // m̂ = m / (1 − β₁ᵗ)
        const double v_hat = vv[i] / c2;                            // v̂ = v / (1 − β₂ᵗ)
        th[i] -= lr * m_hat / (std::sqrt(v_hat) + eps);  // θ ← θ − η m̂/(√v̂ + ε)
    }
}

void Optimizer::step(const std::vector<ParamRef>& params) {
    // first call: one zero state matrix per parameter, shaped like it
    if (t_ == 0) {
        v_.clear();
        m_.clear();
        for (const ParamRef& p : params) {
            if (config_.kind != OptimizerKind::SGD)
                v_.emplace_back(arma::size(*p.value), arma::fill::zeros);
            if (config_.kind == OptimizerKind::Adam)
                m_.emplace_back(arma::size(*p.value), arma::fill::zeros);
        }
    } else if (config_.kind != OptimizerKind::SGD) {
        require(params.size() == v_.size(), "Optimizer::step",
                "got " + std::to_string(params.size()) + " parameters, but the first step had " +
                    std::to_string(v_.size()) + "; use one Optimizer per network");
    }
    ++t_;  // t counts from 1
    for (std::size_t i = 0; i < params.size(); ++i) {
        arma::mat& theta = *params[i].value;
        const arma::mat& g = *params[i].grad;
        switch (config_.kind) {
            case OptimizerKind::SGD:
                require_shape(g, theta.n_rows, theta.n_cols, "Optimizer::step",
                              params[i].name + " gradient");
                theta -= config_.lr * g;  // θ ← θ − η g
                break;
            case OptimizerKind::Momentum:
                momentum_update(theta, v_[i], g, config_.lr, config_.momentum);
                break;
            case OptimizerKind::Adam:
                adam_update(theta, m_[i], v_[i], g, config_.lr, config_.beta1, config_.beta2,
                            config_.eps, t_);
                break;
        }
    }
}

double scheduled_lr(Schedule s, double lr0, int epoch, int epochs) {
    require(epochs >= 1 && epoch >= 1 && epoch <= epochs, "scheduled_lr",
            "epoch must be in 1.." + std::to_string(epochs) + ", got " + std::to_string(epoch));
    switch (s) {
        case Schedule::Constant:
            return lr0;
        case Schedule::Step: {
            // divide by 10 after half of the epochs, and again after three quarters
            double lr = lr0;
            if (epoch > epochs / 2) lr *= 0.1;
            if (epoch > (3 * epochs) / 4) lr *= 0.1;
            return lr;
        }
        case Schedule::Cosine: {
            // ηₑ = η₀ (1 + cos(π (e − 1) / E)) / 2
            const double pi = std::acos(-1.0);
            return lr0 * 0.5 * (1.0 + std::cos(pi * (epoch - 1) / static_cast<double>(epochs)));
        }
    }
    return lr0;
}

}  // namespace nn
