// Chapter 10 — reference solution of chapters/10_rnn/rnn.cpp (exercises 10.1–10.8).
// Contracts, shapes and notation: chapters/10_rnn/rnn.hpp.
#include "rnn.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "nn/error.hpp"
#include "softmax.hpp"

namespace nn {

void Rnn::step(const arma::mat& x, const arma::mat& h_prev, arma::mat& h, arma::mat& y) const {
    require(x.n_cols > 0, "Rnn::step", "the batch is empty (x has 0 columns)");
    require_shape(x, input_size(), any, "Rnn::step", "x");
    require_shape(h_prev, hidden_size(), x.n_cols, "Rnn::step", "h_prev");
    // a = W_xh x + W_hh h_prev + b_h   (computed before h is written: h may alias h_prev)
    arma::mat a = W_xh * x;
    a += W_hh * h_prev;
    a.each_col() += b_h;
    // h = tanh(a)
    h = arma::tanh(a);
    // y = W_hy h + b_y
    y = W_hy * h;
    y.each_col() += b_y;
}

void Rnn::forward(const std::vector<arma::mat>& X, const arma::mat& h0, std::vector<arma::mat>& Y) {
    require(!X.empty(), "Rnn::forward", "the sequence is empty (T = 0 steps)");
    const std::size_t T = X.size();
    const arma::uword B = X[0].n_cols;
    require(B > 0, "Rnn::forward", "the batch is empty (x_1 has 0 columns)");
    for (std::size_t t = 0; t < T; ++t)
        require_shape(X[t], input_size(), B, "Rnn::forward", "x_" + std::to_string(t + 1));
    require_shape(h0, hidden_size(), B, "Rnn::forward", "h0");
    X_.resize(T);
    H_.resize(T + 1);
    Y.resize(T);
    H_[0] = h0;
    for (std::size_t t = 1; t <= T; ++t) {
        X_[t - 1] = X[t - 1];  // keep x_t for dW_xh
        arma::mat& h = H_[t];
        // a_t = W_xh x_t + W_hh h_{t-1} + b_h: two GEMMs over the whole batch
        h = W_xh * X[t - 1];
        h += W_hh * H_[t - 1];
        h.each_col() += b_h;
        // h_t = tanh(a_t)
        h = arma::tanh(h);
        // y_t = W_hy h_t + b_y
        Y[t - 1] = W_hy * h;
        Y[t - 1].each_col() += b_y;
    }
    has_cache_ = true;
}

double sequence_loss(const std::vector<arma::mat>& Y, const std::vector<arma::uvec>& targets,
                     std::vector<arma::mat>& dY) {
    require(!Y.empty(), "sequence_loss", "the sequence is empty (T = 0 steps)");
    require(targets.size() == Y.size(), "sequence_loss",
            "targets has " + std::to_string(targets.size()) + " steps but the logits have " +
                std::to_string(Y.size()) + " (one vector of B targets per step)");
    const double T = static_cast<double>(Y.size());
    dY.resize(Y.size());
    double sum = 0;
    for (std::size_t t = 0; t < Y.size(); ++t) {
        // L_t = mean over the B columns, dY_t = (P_t - onehot(c_t)) / B   (chapter 04)
        sum += softmax_cross_entropy(Y[t], targets[t], dY[t]);
        // the mean over the T steps divides every dY_t by T as well
        dY[t] /= T;
    }
    return sum / T;
}

void Rnn::backward_through_time(const std::vector<arma::mat>& dY) {
    if (!has_cache_) throw std::logic_error("Rnn::backward_through_time: call forward() first");
    const std::size_t T = X_.size();
    const arma::uword B = H_[0].n_cols;
    require(dY.size() == T, "Rnn::backward_through_time",
            "dY has " + std::to_string(dY.size()) + " steps but the last forward() had " +
                std::to_string(T));
    for (std::size_t t = 0; t < T; ++t)
        require_shape(dY[t], output_size(), B, "Rnn::backward_through_time",
                      "dY_" + std::to_string(t + 1));
    // the gradients are overwritten by this call, then accumulated over the steps
    dW_xh.zeros();
    dW_hh.zeros();
    db_h.zeros();
    dW_hy.zeros();
    db_y.zeros();
    dH_.resize(T);
    dh_next_.zeros(hidden_size(), B);  // W_hh^T dA_{t+1}: nothing flows back from after step T
    for (std::size_t t = T; t >= 1; --t) {
        const arma::mat& h = H_[t];
        // output layer of step t: dW_hy += dY_t h_t^T, db_y += row sums of dY_t
        dW_hy += dY[t - 1] * h.t();
        db_y += arma::sum(dY[t - 1], 1);
        // dH_t = W_hy^T dY_t + W_hh^T dA_{t+1}: h_t feeds y_t and h_{t+1}
        arma::mat& dH = dH_[t - 1];
        dH = W_hy.t() * dY[t - 1];
        dH += dh_next_;
        // dA_t = dH_t ⊙ tanh'(a_t) = dH_t ⊙ (1 - h_t ⊙ h_t)
        dA_ = dH % (1.0 - h % h);
        // the shared weights collect one contribution per step
        dW_xh += dA_ * X_[t - 1].t();
        dW_hh += dA_ * H_[t - 1].t();
        db_h += arma::sum(dA_, 1);
        // what flows into h_{t-1} through the recurrence
        dh_next_ = W_hh.t() * dA_;
    }
    dh0_ = dh_next_;  // dL/dh_0 = W_hh^T dA_1
}

double clip_grad_norm(const std::vector<ParamRef>& params, double max_norm) {
    require(max_norm > 0 && std::isfinite(max_norm), "clip_grad_norm",
            "max_norm must be a positive number, got " + std::to_string(max_norm));
    // n = sqrt(sum over all parameters of ||g||_F^2)
    double sq = 0;
    for (const ParamRef& p : params) sq += arma::dot(*p.grad, *p.grad);
    const double norm = std::sqrt(sq);
    // scale every gradient by c / n when n > c: one factor for all keeps the direction
    if (norm > max_norm) {
        const double scale = max_norm / norm;
        for (const ParamRef& p : params) *p.grad *= scale;
    }
    return norm;
}

double truncated_bptt(Rnn& net, const arma::umat& streams, arma::uword chunk, arma::mat& h,
                      const std::function<void(std::size_t, std::size_t, double)>& after_backward) {
    require(chunk > 0, "truncated_bptt", "the chunk length must be at least 1 step");
    require(streams.n_cols >= 2, "truncated_bptt",
            "the streams have " + std::to_string(streams.n_cols) +
                " columns; at least 2 are needed (one input and its target)");
    const arma::uword B = streams.n_rows, S = streams.n_cols - 1, V = net.input_size();
    require_shape(h, net.hidden_size(), B, "truncated_bptt", "h");
    const std::size_t n_chunks = (S + chunk - 1) / chunk;
    std::vector<arma::mat> X, Y, dY;  // reused from chunk to chunk
    std::vector<arma::uvec> targets;
    double sum = 0;
    for (std::size_t c = 0; c < n_chunks; ++c) {
        const arma::uword start = c * chunk, steps = std::min<arma::uword>(chunk, S - start);
        // inputs: one-hot symbols of columns start .. start+steps-1; targets: the next column
        fill_chunk(streams, start, steps, V, X, targets);
        // forward from the carried state, loss of the chunk, BPTT inside the chunk only
        net.forward(X, h, Y);
        const double loss = sequence_loss(Y, targets, dY);
        require_finite(loss, "chunk " + std::to_string(c + 1),
                       "lower the learning rate or clip the gradients");
        net.backward_through_time(dY);
        if (after_backward) after_backward(c + 1, n_chunks, loss);
        sum += loss * static_cast<double>(steps);
        // carry the value of the last state; the next backward pass stops here (the cut)
        h = net.hidden(steps);
    }
    return sum / static_cast<double>(S);
}

arma::uword sample_from_logits(const arma::vec& logits, double temperature, std::mt19937_64& gen) {
    require(logits.n_elem > 0, "sample_from_logits", "the logits are empty");
    require(temperature >= 0 && std::isfinite(temperature), "sample_from_logits",
            "the temperature must be a number >= 0, got " + std::to_string(temperature));
    // tau = 0: the limit of ever sharper distributions, the arg-max
    if (temperature == 0) return logits.index_max();
    // p = softmax(z / tau), computed stably (chapter 04)
    const arma::mat p = softmax(logits / temperature);
    // one uniform u in [0, 1): the first k with p_1 + ... + p_k > u
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const double u = uniform(gen);
    double cumulative = 0;
    for (arma::uword k = 0; k < p.n_elem; ++k) {
        cumulative += p(k);
        if (u < cumulative) return k;
    }
    return p.n_elem - 1;  // rounding: the cumulative sum ended just below 1
}

std::string sample_word(const Rnn& net, const CharVocab& vocab, arma::mat& h, double temperature,
                        std::mt19937_64& gen, std::size_t max_length) {
    const arma::uword V = vocab.size();
    require(net.input_size() == V && net.output_size() == V, "sample_word",
            "the network is " + net.summary() + " but the vocabulary has " + std::to_string(V) +
                " symbols (input and output width must both be V)");
    require_shape(h, net.hidden_size(), 1, "sample_word", "h");
    arma::mat x(V, 1, arma::fill::zeros), y;
    x(0, 0) = 1.0;  // the marker starts a word
    std::string word;
    while (word.size() < max_length) {
        // one step with B = 1, the state updated in place
        net.step(x, h, h, y);
        const arma::uword k = sample_from_logits(y.col(0), temperature, gen);
        if (k == 0) break;  // the marker ends the word
        word.push_back(vocab.symbol(k));
        // feed the drawn symbol back as the next input
        x.zeros();
        x(k, 0) = 1.0;
    }
    return word;
}

}  // namespace nn
