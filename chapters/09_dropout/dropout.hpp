/// \file dropout.hpp
/// \brief Chapter 09 — inverted dropout: the mask, the Dropout layer with training and
/// evaluation modes, and a network with dropout on its hidden layers (an nn::Sequential of
/// chapter 07). Exercises 9.1–9.4 (your code: dropout.cpp; given code: dropout_given.cpp).
///
/// Legend (the notation of the notes; samples are columns):
/// - p: the drop probability, 0 ≤ p < 1; q = 1 − p the keep probability.
/// - X (n x N): the input of the layer, e.g. the activations A⁽ˡ⁾ of a hidden layer
///   (n units, N samples); Y (n x N) its output.
/// - r (n x N): the keep pattern, r_ij ~ Bernoulli(q), independent.
/// - M = r / q (n x N): the *mask* actually multiplied in, entries 0 or 1/q.
/// - Training: Y = X ⊙ M; evaluation: Y = X. Then E[Y_ij] = X_ij and
///   Var[Y_ij] = X_ij² p/(1 − p).
/// - Backward: dX = dY ⊙ M with the M of the last forward (training), dX = dY (evaluation).
///
/// Masks are drawn from nn::rng(), so nn::seed_all(s) makes them reproducible: the same
/// seed gives the same masks.
#pragma once
#include <armadillo>
#include <cstddef>
#include <string>
#include <vector>

#include "mlp.hpp"
#include "sequential.hpp"  // nn::Sequential, nn::ActivationLayer (chapter 07)

namespace nn {

/// \brief Given helper: throws std::invalid_argument naming `where` unless 0 ≤ p < 1
/// (p = 1 would drop every unit and the scale 1/(1 − p) would be infinite; NaN is rejected too).
/// \param p     the drop probability to check
/// \param where the function to name in the message, e.g. "dropout_mask"
void require_drop_probability(double p, const std::string& where);

/// \brief Exercise 9.1: draw an inverted-dropout mask M (rows x cols):
/// M_ij = r_ij / (1 − p), r_ij ~ Bernoulli(1 − p) independently: r_ij = 1 (keep) with
/// probability 1 − p, r_ij = 0 (drop) with probability p.
/// Draw one uniform number u ∈ [0, 1) per entry from nn::rng() and keep the entry when
/// u ≥ p. With p = 0 every entry is 1 and nothing is drawn.
/// Rejects p outside [0, 1) with require_drop_probability(p, "dropout_mask").
/// \param p    drop probability, 0 ≤ p < 1
/// \param rows rows of the mask (units)
/// \param cols columns of the mask (samples)
/// \param mask output rows x cols, entries 0 or exactly 1.0 / (1.0 - p) (memory reused when
///             the size is already right)
void dropout_mask(double p, arma::uword rows, arma::uword cols, arma::mat& mask);

/// \brief An inverted-dropout layer (an nn::Layer): Y = X ⊙ M while training, Y = X while
/// evaluating.
///
/// It has no parameters. The mask is drawn anew at every training forward() and kept for
/// backward(). A new layer is in training mode (like PyTorch's `nn.Dropout`).
/// \code
/// nn::Dropout drop(0.5);
/// drop.forward(A, A);      // training: about half of A zeroed, the rest doubled
/// ...
/// drop.backward(dA, dA);   // the same units zeroed, the rest doubled
/// drop.set_training(false);  // from now on forward() copies its input (also: eval())
/// \endcode
class Dropout : public Layer {
public:
    /// \brief A layer that drops each unit with probability p (training mode).
    /// std::invalid_argument naming "Dropout" unless 0 ≤ p < 1.
    explicit Dropout(double p);

    double p() const { return p_; }  ///< the drop probability
    double scale() const {
        return 1.0 / (1.0 - p_);
    }                                               ///< 1/(1 − p), the value of a kept mask entry
    void train(bool on = true) { training_ = on; }  ///< training mode (on) or evaluation mode (off)
    void set_training(bool on) override { training_ = on; }  ///< the same, for nn::Sequential
    void eval() { training_ = false; }           ///< evaluation mode: forward() is the identity
    bool training() const { return training_; }  ///< true in training mode

    /// \brief Exercise 9.2: the forward pass. Training mode with p > 0: draw a new mask
    /// M = dropout_mask(p, n, N) into mask() and set Y = X ⊙ M. Evaluation mode, or p = 0:
    /// Y = X (no random numbers drawn). Either way remember the shape of X
    /// (and whether a mask was applied) for backward().
    /// X and Y may be the same matrix (in-place dropout).
    /// \param X n x N input
    /// \param Y output n x N
    void forward(const arma::mat& X, arma::mat& Y) override;

    /// \brief Exercise 9.3: the backward pass with the mask of the LAST forward():
    /// dX = dY ⊙ M if that forward applied a mask, dX = dY otherwise.
    /// Since Y_ij = M_ij X_ij, ∂L/∂X_ij = M_ij ∂L/∂Y_ij: a dropped unit passes no gradient
    /// back, a kept one passes it scaled by 1/(1 − p).
    /// Draws nothing. dY and dX may be the same matrix.
    /// Throws std::logic_error if forward() has not run, std::invalid_argument naming
    /// "Dropout::backward" if dY is not shaped like the X of the last forward().
    /// \param dY n x N, ∂L/∂Y
    /// \param dX output n x N, ∂L/∂X
    void backward(const arma::mat& dY, arma::mat& dX) override;
    using Layer::backward;
    /// \brief Given: "dropout p = 0.5".
    std::string summary() const override;

    /// \brief The mask M of the last training forward() with p > 0 (n x N, entries 0 or
    /// scale()); empty before that.
    const arma::mat& mask() const { return mask_; }
    /// \brief True once forward() has run (backward() is allowed).
    bool has_cache() const { return has_cache_; }

private:
    double p_;
    bool training_ = true;
    arma::mat mask_;                   // M of the last masked forward
    bool has_cache_ = false;           // forward() has run
    bool masked_ = false;              // the last forward() applied mask_
    arma::uword rows_ = 0, cols_ = 0;  // shape of the last forward's X
};

/// \brief Exercise 9.4: a multi-layer perceptron with dropout on its hidden layers, as an
/// nn::Sequential. widths = {d, n_1, ..., n_L}; for each hidden layer l = 1 .. L−1, in order:
/// "fc<l>" nn::Dense(n_{l−1}, n_l) initialised by `init`, "act<l>" ActivationLayer(hidden),
/// "drop<l>" Dropout(p); then the output layer "fc<L>" nn::Dense(n_{L−1}, n_L) (initialised
/// by `init`, no activation: its outputs are logits, no dropout on them).
/// Dropout after the activation: the next layer sees the thinned activations A ⊙ M.
/// Initialise each Dense right after adding it, in this order: the same seed then gives the
/// weights of chapter 03's nn::Mlp(widths, hidden, Identity, init).
/// std::invalid_argument naming "mlp_with_dropout" if widths has fewer than 2 entries (and
/// from Dropout if p is not in [0, 1)).
/// \code
/// nn::Sequential net = nn::mlp_with_dropout({784, 256, 256, 10}, nn::Activation::ReLU, 0.5);
/// net.set_training(true);   // dropout on: forward() draws new masks
/// net.set_training(false);  // evaluation: every Dropout is the identity
/// \endcode
Sequential mlp_with_dropout(const std::vector<arma::uword>& widths, Activation hidden, double p,
                            Init init = Init::He);

}  // namespace nn
