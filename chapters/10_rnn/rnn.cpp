// Chapter 10, your file: the recurrent network's step and unrolled forward pass, the
// per-step loss, backpropagation through time, clipping, truncated BPTT, sampling.
// Replace each `throw nn::NotImplemented(...)` by the body; the doc comments in rnn.hpp
// give the formulas and shapes. The constructor, init(), parameters() and stream_loss()
// are given in rnn_given.cpp; the vocabulary and streams in chars_given.cpp.
// Test: scripts/check.sh 10.N (exercise 10.N; scripts/check.sh 10: the whole chapter)
//
// Legend: x_t (d x B) inputs, h_t (H x B) states (h_0 given), a_t = W_xh x_t + W_hh h_{t-1} + b_h,
// h_t = tanh(a_t), y_t = W_hy h_t + b_y (K x B) logits; dY_t, dH_t, dA_t the gradients of L
// with respect to y_t, h_t, a_t; T steps, B sequences.
#include "rnn.hpp"

#include "nn/error.hpp"

namespace nn {

void Rnn::step(const arma::mat& x, const arma::mat& h_prev, arma::mat& h, arma::mat& y) const {
    (void)x, (void)h_prev, (void)h, (void)y;
    throw NotImplemented("Rnn::step (chapters/10_rnn/rnn.cpp, exercise 10.1)");
}

void Rnn::forward(const std::vector<arma::mat>& X, const arma::mat& h0, std::vector<arma::mat>& Y) {
    (void)X, (void)h0, (void)Y;
    throw NotImplemented("Rnn::forward (chapters/10_rnn/rnn.cpp, exercise 10.2)");
}

double sequence_loss(const std::vector<arma::mat>& Y, const std::vector<arma::uvec>& targets,
                     std::vector<arma::mat>& dY) {
    (void)Y, (void)targets, (void)dY;
    throw NotImplemented("sequence_loss (chapters/10_rnn/rnn.cpp, exercise 10.3)");
}

void Rnn::backward_through_time(const std::vector<arma::mat>& dY) {
    (void)dY;
    throw NotImplemented("Rnn::backward_through_time (chapters/10_rnn/rnn.cpp, exercise 10.4)");
}

double clip_grad_norm(const std::vector<ParamRef>& params, double max_norm) {
    (void)params, (void)max_norm;
    throw NotImplemented("clip_grad_norm (chapters/10_rnn/rnn.cpp, exercise 10.5)");
}

double truncated_bptt(Rnn& net, const arma::umat& streams, arma::uword chunk, arma::mat& h,
                      const std::function<void(std::size_t, std::size_t, double)>& after_backward) {
    (void)net, (void)streams, (void)chunk, (void)h, (void)after_backward;
    throw NotImplemented("truncated_bptt (chapters/10_rnn/rnn.cpp, exercise 10.6)");
}

arma::uword sample_from_logits(const arma::vec& logits, double temperature, std::mt19937_64& gen) {
    (void)logits, (void)temperature, (void)gen;
    throw NotImplemented("sample_from_logits (chapters/10_rnn/rnn.cpp, exercise 10.7)");
}

std::string sample_word(const Rnn& net, const CharVocab& vocab, arma::mat& h, double temperature,
                        std::mt19937_64& gen, std::size_t max_length) {
    (void)net, (void)vocab, (void)h, (void)temperature, (void)gen, (void)max_length;
    throw NotImplemented("sample_word (chapters/10_rnn/rnn.cpp, exercise 10.8)");
}

}  // namespace nn
