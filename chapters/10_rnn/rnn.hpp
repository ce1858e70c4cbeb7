/// \file rnn.hpp
/// \brief Chapter 10 — a vanilla recurrent network (tanh), its forward pass over a batch of
/// sequences, the per-step softmax cross-entropy, backpropagation through time (full and
/// truncated), gradient clipping by global norm, and sampling with a temperature.
/// Exercises 10.1–10.8 (your code: rnn.cpp; given code: rnn_given.cpp, chars_given.cpp).
///
/// Legend (the notation of the notes, \ref ch10; samples are columns):
/// - d: input width (the vocabulary size V for one-hot characters); H: hidden units;
///   K: output classes (V again for next-character prediction); B: sequences in the batch;
///   T: time steps; t = 1..T.
/// - x_t (d × B): the inputs at step t, one column per sequence (X[t−1] in code). All B
///   sequences of a batch have the same length T (no mask: the character streams of
///   chars.hpp are cut to equal lengths).
/// - h_0 (H × B): the initial state; h_t (H × B) the hidden state after step t:
///   a_t = W_xh x_t + W_hh h_{t−1} + b_h, h_t = tanh(a_t).
/// - y_t (K × B): the logits of step t, y_t = W_hy h_t + b_y.
/// - Parameters: W_xh (H × d), W_hh (H × H), b_h (H × 1), W_hy (K × H), b_y (K × 1): the SAME
///   five matrices at every step (weight sharing in time).
/// - L: the mean of the per-step, per-sequence cross-entropies over all T·B predictions.
/// - dX means ∂L/∂X: dY_t (K × B), dH_t = ∂L/∂h_t (H × B, everything that flows into h_t:
///   from y_t and from h_{t+1}), dA_t = ∂L/∂a_t = dH_t ⊙ (1 − h_t ⊙ h_t).
/// - Σ_b sums over the B columns (a row sum); ᵀ is the transpose; ⊙ the entry-wise product.
#pragma once
#include <armadillo>
#include <cstddef>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "chars.hpp"
#include "mlp.hpp"

namespace nn {

/// \brief A vanilla (Elman) recurrent network with a tanh hidden state and a linear output
/// read out at every step.
///
/// \code
/// nn::Rnn net(V, 96, V);            // one-hot characters in, next-character logits out
/// net.init(1.0);                    // W_hh a random orthogonal matrix (gain 1)
/// std::vector<arma::mat> Y, dY;
/// net.forward(X, h0, Y);            // X: T matrices of V x B; Y: T matrices of V x B
/// double L = nn::sequence_loss(Y, targets, dY);
/// net.backward_through_time(dY);    // fills dW_xh, dW_hh, db_h, dW_hy, db_y (summed over t)
/// nn::clip_grad_norm(net.parameters(), 5.0);
/// opt.step(net.parameters());       // chapter 04's nn::Optimizer
/// \endcode
///
/// Contract (the book's layer contract, in time): forward() keeps what backward needs
/// (the inputs and every h_t); backward_through_time() before any forward() throws
/// std::logic_error; each backward_through_time() OVERWRITES the five gradients with the
/// gradient of the last forward's loss, which it builds by ACCUMULATING one contribution
/// per time step (the only place in the book where gradients are summed on purpose).
class Rnn {
public:
    /// \brief All parameters and gradients zero (call init() for random weights).
    /// std::invalid_argument naming "Rnn::Rnn" unless all sizes are positive.
    /// \param n_in input width d, \param n_hidden hidden units H, \param n_out output width K
    Rnn(arma::uword n_in, arma::uword n_hidden, arma::uword n_out);

    arma::mat W_xh;   ///< H x d, input to hidden
    arma::mat W_hh;   ///< H x H, hidden to hidden (the recurrence)
    arma::mat b_h;    ///< H x 1, hidden bias
    arma::mat W_hy;   ///< K x H, hidden to output
    arma::mat b_y;    ///< K x 1, output bias
    arma::mat dW_xh;  ///< H x d, ∂L/∂W_xh of the last backward_through_time()
    arma::mat dW_hh;  ///< H x H, ∂L/∂W_hh
    arma::mat db_h;   ///< H x 1, ∂L/∂b_h
    arma::mat dW_hy;  ///< K x H, ∂L/∂W_hy
    arma::mat db_y;   ///< K x 1, ∂L/∂b_y

    arma::uword input_size() const { return W_xh.n_cols; }   ///< d
    arma::uword hidden_size() const { return W_hh.n_rows; }  ///< H
    arma::uword output_size() const { return W_hy.n_rows; }  ///< K

    /// \brief Given: random weights (from arma::randn, seeded by nn::seed_all), zero biases.
    /// W_xh and W_hy Xavier-normal, 𝒩(0, 2/(n_in + n_out)); W_hh = gain · Q with
    /// Q a random orthogonal matrix, so every singular value and every eigenvalue modulus of
    /// W_hh equals `recurrent_gain` (the knob of the vanishing/exploding demonstration).
    /// \param recurrent_gain g > 0
    void init(double recurrent_gain = 1.0);

    /// \brief Exercise 10.1: one time step for a batch, without caching anything:
    ///
    ///     h = tanh(W_xh x + W_hh h_prev + b_h),   y = W_hy h + b_y
    ///
    /// Biases are added to every column. `h` may be the same object as `h_prev` (sampling
    /// updates the state in place). std::invalid_argument naming "Rnn::step" if x is not
    /// d × B or h_prev is not H × B (B ≥ 1).
    /// \param x      d x B inputs of this step
    /// \param h_prev H x B previous state
    /// \param h      output: H x B new state
    /// \param y      output: K x B logits
    void step(const arma::mat& x, const arma::mat& h_prev, arma::mat& h, arma::mat& y) const;

    /// \brief Exercise 10.2: the unrolled forward pass over a batch of sequences: for
    /// t = 1..T, h_t = tanh(W_xh x_t + W_hh h_{t−1} + b_h), y_t = W_hy h_t + b_y,
    /// starting from h_0.
    /// Keeps copies of x_1..x_T and h_0..h_T for backward_through_time() (buffers reused
    /// from call to call when the shapes fit). std::invalid_argument naming "Rnn::forward"
    /// if X is empty (T = 0), a batch has no columns, an X_t is not d x B (the same B at
    /// every step), or h0 is not H x B.
    /// \param X  T matrices, X[t-1] is x_t (d x B)
    /// \param h0 H x B initial state (zeros for a fresh start; the last state of the
    ///           previous chunk in truncated BPTT)
    /// \param Y  output: T matrices, Y[t-1] = y_t (K x B)
    void forward(const std::vector<arma::mat>& X, const arma::mat& h0, std::vector<arma::mat>& Y);

    /// \brief Exercise 10.4: backpropagation through time from dY_t = ∂L/∂y_t.
    ///
    /// Zeroes the five gradients, then for t = T down to 1:
    ///
    ///     dW_hy += dY_t h_tᵀ,          db_y += Σ_b dY_t,
    ///     dH_t   = W_hyᵀ dY_t + W_hhᵀ dA_{t+1},
    ///     dA_t   = dH_t ⊙ (1 − h_t ⊙ h_t),
    ///     dW_xh += dA_t x_tᵀ,          dW_hh += dA_t h_{t−1}ᵀ,          db_h += Σ_b dA_t,
    ///
    /// with dA_{T+1} = 0 (no future after the last step); finally dh_0 = W_hhᵀ dA_1.
    /// Stores every dH_t (hidden_grad()) and dh_0 (dh0()).
    /// std::logic_error before any forward(); std::invalid_argument naming
    /// "Rnn::backward_through_time" unless dY has T matrices of K x B (T, B of the last forward()).
    /// \param dY T matrices, dY[t-1] = ∂L/∂y_t (K x B); zero matrices for steps without a loss
    void backward_through_time(const std::vector<arma::mat>& dY);

    /// \brief Every parameter with its gradient, in the order W_xh, W_hh, b_h, W_hy, b_y
    /// (for nn::Optimizer, clip_grad_norm() and nn::gradcheck). Pointers stay valid while
    /// the Rnn is neither moved nor copied.
    std::vector<ParamRef> parameters();

    /// \brief True once forward() has run.
    bool has_cache() const { return has_cache_; }
    /// \brief T of the last forward().
    std::size_t steps() const { return X_.size(); }
    /// \brief B of the last forward().
    arma::uword batch_size() const { return H_.empty() ? 0 : H_.front().n_cols; }
    /// \brief h_t of the last forward(), t = 0..T (H x B); hidden(steps()) is the last state,
    /// the one truncated BPTT carries into the next chunk.
    const arma::mat& hidden(std::size_t t) const { return H_.at(t); }
    /// \brief dH_t = ∂L/∂h_t (H x B) of the last backward_through_time(), t = 1..T.
    const arma::mat& hidden_grad(std::size_t t) const { return dH_.at(t - 1); }
    /// \brief ∂L/∂h_0 (H x B) of the last backward_through_time().
    const arma::mat& dh0() const { return dh0_; }
    /// \brief Total number of entries of the five parameters.
    arma::uword num_parameters() const;
    /// \brief "27-96(tanh)-27, 14523 parameters"
    std::string summary() const;

private:
    std::vector<arma::mat> X_;   // x_1..x_T (copies)
    std::vector<arma::mat> H_;   // h_0..h_T
    std::vector<arma::mat> dH_;  // dH_1..dH_T
    arma::mat dA_, dh_next_;     // buffers of backward_through_time()
    arma::mat dh0_;              // ∂L/∂h_0
    bool has_cache_ = false;
};

/// \brief Exercise 10.3: softmax cross-entropy at every step, averaged over all T·B
/// predictions (c_tb the target class of sequence b at step t):
///
///     L    = (1/T) Σ_t (1/B) Σ_b (log Σₖ exp(y_t[k, b]) − y_t[c_tb, b]),
///     dY_t = (1/(T B)) (softmax(y_t) − onehot(c_t)).
///
/// Reuses chapter 04's nn::softmax_cross_entropy for each step (it returns the mean over B
/// and (P − Y)/B), then divides by T.
/// std::invalid_argument naming "sequence_loss" if Y is empty or targets does not have one
/// vector per step (label errors are reported by softmax_cross_entropy).
/// \param Y       T matrices of logits, K x B each
/// \param targets T vectors, targets[t-1] holds the B class indices c_t (0..K-1) of step t
/// \param dY      output: T matrices, ∂L/∂y_t (K x B each; memory reused when it fits)
/// \return L
double sequence_loss(const std::vector<arma::mat>& Y, const std::vector<arma::uvec>& targets,
                     std::vector<arma::mat>& dY);

/// \brief Given (rnn_given.cpp): the mean loss of `net` over character streams, forward
/// only: chunk by chunk from h = 0, carrying the state from chunk to chunk (the same
/// predictions as truncated_bptt() makes, without any backward pass or update).
/// Uses Rnn::forward() and sequence_loss(), so it overwrites the network's caches.
/// \param net     the network (input and output width V)
/// \param streams B x (S+1) symbol indices (make_streams())
/// \param chunk   steps per forward pass (memory, not the result, depends on it)
/// \return the mean cross-entropy per predicted symbol, in nats
double stream_loss(Rnn& net, const arma::umat& streams, arma::uword chunk = 100);

/// \brief Exercise 10.5: gradient clipping by global norm. With n = √(Σ_p ‖g_p‖_F²) over the
/// gradients of all parameters: if n > c, every gradient is multiplied by c/n (the joint
/// direction is kept and the new global norm is exactly c); otherwise nothing changes.
/// std::invalid_argument naming "clip_grad_norm" unless max_norm > 0.
/// \param params   the parameters (their `grad` matrices are scaled in place)
/// \param max_norm the threshold c
/// \return n, the global norm BEFORE clipping (worth logging: spikes show explosions)
double clip_grad_norm(const std::vector<ParamRef>& params, double max_norm);

/// \brief Exercise 10.6: truncated backpropagation through time over B character streams.
///
/// `streams` (B x (S+1)) holds symbol indices: column s is the input at step s+1 and column
/// s+1 its target, so there are S prediction steps. They are cut into chunks of `chunk`
/// steps (the last one may be shorter). For each chunk: fill the one-hot inputs and
/// the targets (fill_chunk(), V = net.input_size()), net.forward() from the state `h`,
/// sequence_loss(), check it is finite (nn::require_finite, where = "chunk c" counted from
/// 1, hint "lower the learning rate or clip the gradients"), net.backward_through_time(),
/// then call `after_backward` (the caller clips and steps the optimiser there), and finally
/// set h to the chunk's last state. That copy carries the VALUE of h into the next chunk,
/// while the next backward pass stops at it: the gradient is cut at chunk boundaries.
/// With chunk ≥ S this is exactly full BPTT over the S steps.
/// std::invalid_argument naming "truncated_bptt" if chunk = 0, streams has fewer than 2
/// columns, or h is not H x B.
/// \param net            the network (input and output width V)
/// \param streams        B x (S+1) symbol indices (make_streams())
/// \param chunk          steps per chunk (the truncation length)
/// \param h              in: the state before the first step (H x B); out: the state after the last
/// \param after_backward called after every chunk's backward pass with (chunk number from
///                       1, number of chunks, the chunk's mean loss); may be empty
/// \return the mean loss over all S·B predictions (chunk losses weighted by their lengths)
double truncated_bptt(Rnn& net, const arma::umat& streams, arma::uword chunk, arma::mat& h,
                      const std::function<void(std::size_t, std::size_t, double)>& after_backward);

/// \brief Exercise 10.7: draw a class from logits z (K-vector) at temperature τ:
///
///     p = softmax(z / τ),   draw k with probability pₖ
///
/// (one uniform number u from `gen`: the first k whose cumulative probability exceeds u).
/// τ = 1 samples the model's own distribution, τ < 1 sharpens it towards the arg-max,
/// τ > 1 flattens it towards uniform. τ = 0 returns the arg-max without drawing.
/// std::invalid_argument naming "sample_from_logits" if z is empty, τ < 0 or not finite.
/// \param logits      K logits
/// \param temperature τ ≥ 0
/// \param gen         the random engine (nn::rng() in the program)
arma::uword sample_from_logits(const arma::vec& logits, double temperature, std::mt19937_64& gen);

/// \brief Exercise 10.8: generate one word: feed the marker, then repeatedly step the
/// network (Rnn::step with B = 1), draw the next symbol with sample_from_logits() and feed it
/// back, until the marker is drawn or `max_length` letters have been produced.
/// The state `h` (H x 1) is updated in place, so consecutive calls continue the stream the
/// way training saw it. std::invalid_argument naming "sample_word" if the network's input
/// or output width is not vocab.size() or h is not H x 1.
/// \param net         the trained network
/// \param vocab       its vocabulary (index 0 is the marker)
/// \param h           in/out: the state, H x 1
/// \param temperature τ of sample_from_logits()
/// \param gen         the random engine
/// \param max_length  the longest word returned
/// \return the word without markers (may be empty if the marker comes first)
std::string sample_word(const Rnn& net, const CharVocab& vocab, arma::mat& h, double temperature,
                        std::mt19937_64& gen, std::size_t max_length = 30);

}  // namespace nn
