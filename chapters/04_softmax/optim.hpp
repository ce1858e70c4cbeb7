/// \file optim.hpp
/// \brief Chapter 04 — optimisers (SGD, momentum, Adam) and a step-size schedule.
/// Exercises 4.5–4.8 (your code: optim.cpp; given code: optim_given.cpp).
///
/// Legend (the notation of the notes, \ref ch04):
/// - θ a parameter (any matrix: W or b of a layer); g = ∂L/∂θ its gradient on the current
///   mini-batch (same shape).
/// - η the step size (learning rate `lr`), μ the momentum, β₁, β₂, ε Adam's constants.
/// - t = 1, 2, … the number of the step; e = 1..E the epoch of a run of E epochs.
/// - State matrices (v for momentum; m, v for Adam) have the shape of θ and start at 0;
///   ⊙ is the entry-wise product.
#pragma once
#include <armadillo>
#include <string>
#include <vector>

#include "mlp.hpp"

namespace nn {

/// \brief Exercise 4.5: one step of SGD with (heavy-ball) momentum, in the form PyTorch uses:
///
///     v ← μ v + g,   θ ← θ − η v
///
/// v is a running, exponentially weighted sum of past gradients; with a constant
/// gradient it grows to g/(1 − μ) (10 g for μ = 0.9). With μ = 0 this is plain SGD.
/// std::invalid_argument naming "momentum_update" if v or g do not have the shape of θ.
void momentum_update(arma::mat& theta, arma::mat& v, const arma::mat& g, double lr, double mu);

/// \brief Exercise 4.6: one Adam step (Kingma and Ba, 2015), t counted from 1:
///
///     m ← β₁ m + (1 − β₁) g,        v ← β₂ v + (1 − β₂) g ⊙ g,
///     m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ),   θ ← θ − η m̂ / (√v̂ + ε)   (entry by entry).
///
/// The bias corrections undo the pull of the zero start towards 0; at t = 1 they make
/// m̂ = g, v̂ = g², so every entry moves by about η.
/// std::invalid_argument naming "adam_update" on a shape mismatch or t < 1.
void adam_update(arma::mat& theta, arma::mat& m, arma::mat& v, const arma::mat& g, double lr,
                 double beta1, double beta2, double eps, long t);

/// \brief The optimisers of the chapter.
enum class OptimizerKind {
    SGD,       ///< θ ← θ − η g
    Momentum,  ///< momentum_update()
    Adam       ///< adam_update()
};
/// \brief "sgd", "momentum", "adam".
std::string optimizer_name(OptimizerKind kind);
/// \brief Parse a name of optimizer_name(); std::invalid_argument listing them otherwise.
OptimizerKind parse_optimizer(const std::string& name);

/// \brief Settings of an Optimizer (defaults: PyTorch's).
struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::SGD;
    double lr = 0.1;        ///< η
    double momentum = 0.9;  ///< μ of Momentum
    double beta1 = 0.9;     ///< Adam's decay of the first moment
    double beta2 = 0.999;   ///< Adam's decay of the second moment
    double eps = 1e-8;      ///< Adam's ε
};

/// \brief An optimiser with its state: one v (and m for Adam) per parameter.
///
/// \code
/// nn::Optimizer opt({nn::OptimizerKind::Adam, 1e-3});
/// auto params = net.parameters();
/// for (...) { ...; net.backward_from_logits(dZ); opt.step(params); }
/// \endcode
class Optimizer {
public:
    explicit Optimizer(const OptimizerConfig& config);

    /// \brief Exercise 4.7: one step on every parameter, θ from ParamRef::value, g from
    /// ParamRef::grad. Counts the step (t ← t + 1, so the first step has t = 1), creates
    /// zero state matrices shaped like each parameter on the first call (no allocation
    /// after that), then applies the update of kind() to each parameter with its own
    /// state. std::invalid_argument naming "Optimizer::step" if the number of parameters
    /// changes between calls.
    void step(const std::vector<ParamRef>& params);

    OptimizerKind kind() const { return config_.kind; }        ///< which update
    double lr() const { return config_.lr; }                   ///< current η
    void set_lr(double lr) { config_.lr = lr; }                ///< change η (schedules)
    long steps() const { return t_; }                          ///< steps taken (t)
    const OptimizerConfig& config() const { return config_; }  ///< all settings

private:
    OptimizerConfig config_;
    long t_ = 0;                // steps taken
    std::vector<arma::mat> m_;  // Adam's first moments (one per parameter)
    std::vector<arma::mat> v_;  // momentum velocities / Adam's second moments
};

/// \brief Step-size schedules over the epochs of a run.
enum class Schedule {
    Constant,  ///< ηₑ = η₀
    Step,      ///< η₀, then η₀/10 from half of the epochs, η₀/100 from three quarters
    Cosine     ///< ηₑ = η₀ · ½ (1 + cos(π (e − 1)/E))
};
/// \brief "constant", "step", "cosine".
std::string schedule_name(Schedule s);
/// \brief Parse a name of schedule_name(); std::invalid_argument listing them otherwise.
Schedule parse_schedule(const std::string& name);

/// \brief Exercise 4.8: the step size of epoch e (1..E) of a run of E epochs.
///
/// Step: ηₑ = η₀ · 0.1^([e > ⌊E/2⌋] + [e > ⌊3E/4⌋])
/// (with E = 8: epochs 1–4 get η₀, 5–6 get η₀/10, 7–8 get η₀/100).
/// Cosine: starts at η₀ at e = 1 and decreases smoothly towards 0 (it would reach 0 at
/// e = E + 1). std::invalid_argument naming "scheduled_lr" unless 1 ≤ e ≤ E.
double scheduled_lr(Schedule s, double lr0, int epoch, int epochs);

}  // namespace nn
