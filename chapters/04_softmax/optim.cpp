// Chapter 04 — YOUR FILE: exercises 4.5–4.8 (contracts, shapes and formulas: optim.hpp).
// Check one exercise with  scripts/check.sh 4.N   (the whole chapter: scripts/check.sh 04).
#include "optim.hpp"

#include "nn/error.hpp"

namespace nn {

void momentum_update(arma::mat& theta, arma::mat& v, const arma::mat& g, double lr, double mu) {
    // TODO (4.5): v ← μ v + g, then θ ← θ − η v (check that v and g have the shape of θ).
    // Trap: the step uses the NEW v.
    throw NotImplemented("momentum_update (chapters/04_softmax/optim.cpp, exercise 4.5)");
}

void adam_update(arma::mat& theta, arma::mat& m, arma::mat& v, const arma::mat& g, double lr,
                 double beta1, double beta2, double eps, long t) {
    // TODO (4.6): m ← β₁ m + (1 − β₁) g, v ← β₂ v + (1 − β₂) g ⊙ g,
    // θ ← θ − η m̂ / (√v̂ + ε) with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ).
    // Trap: ε is added to √v̂, not under the root; m and v keep the UNcorrected values.
    throw NotImplemented("adam_update (chapters/04_softmax/optim.cpp, exercise 4.6)");
}

void Optimizer::step(const std::vector<ParamRef>& params) {
    // TODO (4.7): t ← t + 1 (the first step has t = 1); on the first call one zero state matrix
    // per parameter, shaped like it; then the update of kind() on each parameter with ITS state.
    throw NotImplemented("Optimizer::step (chapters/04_softmax/optim.cpp, exercise 4.7)");
}

double scheduled_lr(Schedule s, double lr0, int epoch, int epochs) {
    // TODO (4.8): Constant ηₑ = η₀; Step η₀ · 0.1^([e > ⌊E/2⌋] + [e > ⌊3E/4⌋]);
    // Cosine ηₑ = η₀ · ½ (1 + cos(π (e − 1)/E)). Trap: e counts from 1; ⌊E/2⌋ is an integer.
    throw NotImplemented("scheduled_lr (chapters/04_softmax/optim.cpp, exercise 4.8)");
}

}  // namespace nn
