// Chapter 10 — YOUR FILE: exercises 10.1–10.8 (contracts, shapes and formulas: rnn.hpp).
// Check one exercise with  scripts/check.sh 10.N   (the whole chapter: scripts/check.sh 10).
#include "rnn.hpp"

#include "nn/error.hpp"

namespace nn {

void Rnn::step(const arma::mat& x, const arma::mat& h_prev, arma::mat& h, arma::mat& y) const {
    // TODO (10.1): a = W_xh x + W_hh h_prev + b_h (b_h added to every column), h = tanh(a),
    // y = W_hy h + b_y. Trap: h may be the same object as h_prev: compute a fully before writing h.
    throw NotImplemented("Rnn::step (chapters/10_rnn/rnn.cpp, exercise 10.1)");
}

void Rnn::forward(const std::vector<arma::mat>& X, const arma::mat& h0, std::vector<arma::mat>& Y) {
    // TODO (10.2): for t = 1..T: h_t = tanh(W_xh x_t + W_hh h_{t−1} + b_h), y_t = W_hy h_t + b_y;
    // keep x_1..x_T and h_0..h_T (X_, H_) for backward. Trap: T + 1 states, H_[0] = h_0.
    throw NotImplemented("Rnn::forward (chapters/10_rnn/rnn.cpp, exercise 10.2)");
}

double sequence_loss(const std::vector<arma::mat>& Y, const std::vector<arma::uvec>& targets,
                     std::vector<arma::mat>& dY) {
    // TODO (10.3): per step t, softmax_cross_entropy(y_t, c_t, dY_t) (mean over B, (P − Y)/B);
    // L = (1/T) Σ_t of them, dY_t /= T. Trap: the 1/T goes into every dY_t too.
    throw NotImplemented("sequence_loss (chapters/10_rnn/rnn.cpp, exercise 10.3)");
}

void Rnn::backward_through_time(const std::vector<arma::mat>& dY) {
    // TODO (10.4): zero the five gradients; for t = T..1: dH_t = W_hyᵀ dY_t + W_hhᵀ dA_{t+1},
    // dA_t = dH_t ⊙ (1 − h_t ⊙ h_t), then += the five contributions (rnn.hpp); dh_0 = W_hhᵀ dA_1.
    // Trap: dH_t needs BOTH paths, the output of step t and the state of step t + 1.
    throw NotImplemented("Rnn::backward_through_time (chapters/10_rnn/rnn.cpp, exercise 10.4)");
}

double clip_grad_norm(const std::vector<ParamRef>& params, double max_norm) {
    // TODO (10.5): n = √(Σ_p ‖g_p‖_F²) over ALL gradients together; if n > c scale each by c/n.
    // Trap: one global norm, not one norm per matrix; return n before clipping.
    throw NotImplemented("clip_grad_norm (chapters/10_rnn/rnn.cpp, exercise 10.5)");
}

double truncated_bptt(Rnn& net, const arma::umat& streams, arma::uword chunk, arma::mat& h,
                      const std::function<void(std::size_t, std::size_t, double)>& after_backward) {
    // TODO (10.6): per chunk of ≤ `chunk` steps: fill_chunk → forward from h → sequence_loss →
    // require_finite → backward_through_time → after_backward → h = last state of the chunk.
    // Trap: return the mean over all S·B predictions: weight each chunk's loss by its length.
    throw NotImplemented("truncated_bptt (chapters/10_rnn/rnn.cpp, exercise 10.6)");
}

arma::uword sample_from_logits(const arma::vec& logits, double temperature, std::mt19937_64& gen) {
    // TODO (10.7): p = softmax(z / τ) (stably); one uniform u from gen; the first k whose
    // cumulative probability exceeds u. Trap: τ = 0 is the arg-max, without drawing.
    throw NotImplemented("sample_from_logits (chapters/10_rnn/rnn.cpp, exercise 10.7)");
}

std::string sample_word(const Rnn& net, const CharVocab& vocab, arma::mat& h, double temperature,
                        std::mt19937_64& gen, std::size_t max_length) {
    // TODO (10.8): feed the marker; repeat Rnn::step (B = 1), draw with sample_from_logits and
    // feed the symbol back, until the marker or max_length letters. Trap: update h in place.
    throw NotImplemented("sample_word (chapters/10_rnn/rnn.cpp, exercise 10.8)");
}

}  // namespace nn
