/// \file dropout.hpp
/// \brief Chapter 09: inverted dropout — the mask, a Dropout layer with training and
/// evaluation modes, and dropout on the hidden layers of a chapter-03 nn::Mlp.
///
/// Legend (the notation of the notes, \ref ch09; samples are columns):
/// - p: the drop probability, \f$ 0 \le p < 1 \f$; q = 1 − p the keep probability.
/// - X (n x N): the input of the layer, e.g. the activations A⁽ˡ⁾ of a hidden layer
///   (n units, N samples); Y (n x N) its output.
/// - r (n x N): the keep pattern, \f$ r_{ij} \sim \text{Bernoulli}(q) \f$, independent.
/// - M = r / q (n x N): the *mask* actually multiplied in, entries 0 or 1/q.
/// - Training: \f$ Y = X \odot M \f$; evaluation: \f$ Y = X \f$.
///   Then \f$ E[Y_{ij}] = X_{ij} \f$ and \f$ \operatorname{Var}[Y_{ij}] = X_{ij}^2\, p/(1-p) \f$.
/// - Backward: \f$ dX = dY \odot M \f$ with the M of the last forward (training), dX = dY
///   (evaluation).
///
/// Masks are drawn from nn::rng(), so nn::seed_all(s) makes them reproducible: the same
/// seed gives the same masks.
#pragma once
#include <armadillo>
#include <cstddef>
#include <string>
#include <vector>

#include "mlp.hpp"

namespace nn {

/// \brief Given helper: throws std::invalid_argument naming `where` unless
/// \f$ 0 \le p < 1 \f$ (p = 1 would drop every unit and the scale 1/(1 − p) would be
/// infinite; NaN is rejected too).
/// \param p     the drop probability to check
/// \param where the function to name in the message, e.g. "dropout_mask"
void require_drop_probability(double p, const std::string& where);

/// \brief Exercise 9.1: draw an inverted-dropout mask M (rows x cols):
/// \f[ M_{ij} = \frac{r_{ij}}{1-p}, \qquad r_{ij} \sim \text{Bernoulli}(1-p) \text{ independently:} \f]
/// \f$ r_{ij} = 1 \f$ (keep) with probability 1 − p, \f$ r_{ij} = 0 \f$ (drop) with probability p.
/// Draw one uniform number \f$ u \in [0, 1) \f$ per entry from nn::rng() and keep the entry
/// when \f$ u \ge p \f$. With p = 0 every entry is 1 and nothing is drawn.
/// Rejects p outside [0, 1) with require_drop_probability(p, "dropout_mask").
/// \param p    drop probability, \f$ 0 \le p < 1 \f$
/// \param rows rows of the mask (units)
/// \param cols columns of the mask (samples)
/// \param mask output rows x cols, entries 0 or exactly 1.0 / (1.0 - p) (memory reused when
///             the size is already right)
void dropout_mask(double p, arma::uword rows, arma::uword cols, arma::mat& mask);

/// \brief An inverted-dropout layer: \f$ Y = X \odot M \f$ while training, \f$ Y = X \f$
/// while evaluating.
///
/// It has no parameters. The mask is drawn anew at every training forward() and kept for
/// backward(). A new layer is in training mode (like PyTorch's `nn.Dropout`).
/// \code
/// nn::Dropout drop(0.5);
/// drop.forward(A, A);     // training: about half of A zeroed, the rest doubled
/// ...
/// drop.backward(dA, dA);  // the same units zeroed, the rest doubled
/// drop.eval();            // from now on forward() copies its input
/// \endcode
class Dropout {
public:
    /// \brief A layer that drops each unit with probability p (training mode).
    /// std::invalid_argument naming "Dropout" unless \f$ 0 \le p < 1 \f$.
    explicit Dropout(double p);

    double p() const { return p_; }                    ///< the drop probability
    double scale() const { return 1.0 / (1.0 - p_); }  ///< 1/(1 − p), the value of a kept mask entry
    void train(bool on = true) { training_ = on; }     ///< training mode (on) or evaluation mode (off)
    void eval() { training_ = false; }                 ///< evaluation mode: forward() is the identity
    bool training() const { return training_; }        ///< true in training mode

    /// \brief Exercise 9.2: the forward pass. Training mode with p > 0: draw a new mask
    /// M = dropout_mask(p, n, N) into mask() and set \f$ Y = X \odot M \f$. Evaluation mode,
    /// or p = 0: \f$ Y = X \f$ (no random numbers drawn). Either way remember the shape of X
    /// (and whether a mask was applied) for backward().
    /// X and Y may be the same matrix (in-place dropout, as the Mlp hook uses it).
    /// \param X n x N input
    /// \param Y output n x N
    void forward(const arma::mat& X, arma::mat& Y);

    /// \brief Exercise 9.3: the backward pass with the mask of the LAST forward():
    /// \f$ dX = dY \odot M \f$ if that forward applied a mask, \f$ dX = dY \f$ otherwise.
    /// Since \f$ Y_{ij} = M_{ij} X_{ij} \f$, \f$ \partial L/\partial X_{ij} = M_{ij}\, \partial L/\partial Y_{ij} \f$:
    /// a dropped unit passes no gradient back, a kept one passes it scaled by 1/(1 − p).
    /// Draws nothing. dY and dX may be the same matrix.
    /// Throws std::logic_error if forward() has not run, std::invalid_argument naming
    /// "Dropout::backward" if dY is not shaped like the X of the last forward().
    /// \param dY n x N, \f$ \partial L/\partial Y \f$
    /// \param dX output n x N, \f$ \partial L/\partial X \f$
    void backward(const arma::mat& dY, arma::mat& dX);

    /// \brief The mask M of the last training forward() with p > 0 (n x N, entries 0 or
    /// scale()); empty before that.
    const arma::mat& mask() const { return mask_; }
    /// \brief True once forward() has run (backward() is allowed).
    bool has_cache() const { return has_cache_; }

private:
    double p_;
    bool training_ = true;
    arma::mat mask_;          // M of the last masked forward
    bool has_cache_ = false;  // forward() has run
    bool masked_ = false;     // the last forward() applied mask_
    arma::uword rows_ = 0, cols_ = 0;  // shape of the last forward's X
};

/// \brief Dropout on the hidden layers of a chapter-03 nn::Mlp, installed through
/// nn::Mlp::HiddenHook so that nn::Mlp::forward / nn::Mlp::backward (and so chapter 04's
/// nn::train_epoch) apply it, while nn::Mlp::predict (and so nn::evaluate) never does.
///
/// Hidden layer l (0 .. L−2, counted from 0 as in Mlp::A(l)) gets its own Dropout: right
/// after \f$ A^{(l)} = f(Z^{(l)}) \f$ the forward hook replaces \f$ A^{(l)} \f$ by
/// \f$ A^{(l)} \odot M^{(l)} \f$, so the next layer sees (and caches) the thinned activations;
/// in backward the hook multiplies \f$ \partial L / \partial A^{(l)} \f$ by the same
/// \f$ M^{(l)} \f$ before it meets \f$ f'(Z^{(l)}) \f$. The output layer is never dropped.
/// \code
/// nn::Mlp net({784, 512, 512, 10}, nn::Activation::ReLU, nn::Activation::Identity);
/// nn::MlpDropout drop(net, 0.5);
/// drop.attach(net);                     // train_epoch(net, ...) now trains with dropout
/// nn::evaluate(net, Xv, yv);            // predict(): no dropout, no rescaling needed
/// \endcode
/// The hook refers to this object: keep it alive (and in place: it can be neither copied
/// nor moved) while it is attached, or call detach() first.
class MlpDropout {
public:
    /// \brief One Dropout(p) for each of the net.num_layers() − 1 hidden layers.
    /// std::invalid_argument naming "MlpDropout" unless \f$ 0 \le p < 1 \f$.
    MlpDropout(const Mlp& net, double p);
    /// \brief Per-layer drop probabilities: p.size() must equal net.num_layers() − 1.
    MlpDropout(const Mlp& net, const std::vector<double>& p);
    MlpDropout(const MlpDropout&) = delete;
    MlpDropout& operator=(const MlpDropout&) = delete;

    /// \brief Exercise 9.4: install the hook on `net`: its forward calls
    /// layer(l).forward(A, A) and its backward layer(l).backward(dA, dA), for hidden layer l.
    /// std::invalid_argument naming "MlpDropout::attach" if net does not have size() + 1
    /// layers.
    void attach(Mlp& net);
    /// \brief Remove the hook from `net` (set an empty nn::Mlp::HiddenHook).
    void detach(Mlp& net) const;

    /// \brief Training (on) or evaluation (off) mode for every layer. Only matters for
    /// Mlp::forward; Mlp::predict never drops.
    void train(bool on = true);
    /// \brief Evaluation mode for every layer.
    void eval() { train(false); }
    /// \brief True if the first layer is in training mode (false if there are no layers).
    bool training() const { return !layers_.empty() && layers_.front().training(); }

    std::size_t size() const { return layers_.size(); }              ///< number of hidden layers
    Dropout& layer(std::size_t l) { return layers_.at(l); }          ///< the dropout of hidden layer l
    const Dropout& layer(std::size_t l) const { return layers_.at(l); }

private:
    std::vector<Dropout> layers_;
};

}  // namespace nn
