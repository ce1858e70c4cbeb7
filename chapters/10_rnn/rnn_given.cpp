// Chapter 10 — given code (not an exercise): Rnn constructor, init, parameters, stream_loss.
// Contracts: rnn.hpp.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "nn/error.hpp"
#include "rnn.hpp"

namespace nn {

Rnn::Rnn(arma::uword n_in, arma::uword n_hidden, arma::uword n_out) {
    require(n_in > 0 && n_hidden > 0 && n_out > 0, "Rnn::Rnn",
            "sizes must be positive, got d = " + std::to_string(n_in) +
                ", H = " + std::to_string(n_hidden) + ", K = " + std::to_string(n_out));
    W_xh.zeros(n_hidden, n_in);
    W_hh.zeros(n_hidden, n_hidden);
    b_h.zeros(n_hidden, 1);
    W_hy.zeros(n_out, n_hidden);
    b_y.zeros(n_out, 1);
    dW_xh.zeros(n_hidden, n_in);
    dW_hh.zeros(n_hidden, n_hidden);
    db_h.zeros(n_hidden, 1);
    dW_hy.zeros(n_out, n_hidden);
    db_y.zeros(n_out, 1);
}

void Rnn::init(double recurrent_gain) {
    require(recurrent_gain > 0 && std::isfinite(recurrent_gain), "Rnn::init",
            "the recurrent gain must be a positive number");
    const double d = static_cast<double>(input_size()), H = static_cast<double>(hidden_size()),
                 K = static_cast<double>(output_size());
    // Xavier normal: N(0, 2/(n_in + n_out))
    W_xh = arma::randn(hidden_size(), input_size()) * std::sqrt(2.0 / (d + H));
    W_hy = arma::randn(output_size(), hidden_size()) * std::sqrt(2.0 / (H + K));
    // W_hh = g Q, Q orthogonal (the Q of the QR factorisation of a Gaussian matrix, with the
    // signs fixed so that Q is uniformly distributed)
    arma::mat G = arma::randn(hidden_size(), hidden_size()), Q, R;
    arma::qr(Q, R, G);
    Q.each_row() %= arma::sign(R.diag().t());
    W_hh = recurrent_gain * Q;
    b_h.zeros();
    b_y.zeros();
    dW_xh.zeros();
    dW_hh.zeros();
    db_h.zeros();
    dW_hy.zeros();
    db_y.zeros();
}

std::vector<ParamRef> Rnn::parameters() {
    return {{&W_xh, &dW_xh, false, "W_xh"},
            {&W_hh, &dW_hh, false, "W_hh"},
            {&b_h, &db_h, true, "b_h"},
            {&W_hy, &dW_hy, false, "W_hy"},
            {&b_y, &db_y, true, "b_y"}};
}

arma::uword Rnn::num_parameters() const {
    return W_xh.n_elem + W_hh.n_elem + b_h.n_elem + W_hy.n_elem + b_y.n_elem;
}

std::string Rnn::summary() const {
    std::ostringstream os;
    os << input_size() << "-" << hidden_size() << "(tanh)-" << output_size() << ", "
       << num_parameters() << " parameters";
    return os.str();
}

double stream_loss(Rnn& net, const arma::umat& streams, arma::uword chunk) {
    require(chunk > 0, "stream_loss", "chunk must be at least 1");
    require(streams.n_cols >= 2, "stream_loss",
            "the streams need at least 2 columns (one input, one target)");
    const arma::uword B = streams.n_rows, S = streams.n_cols - 1, V = net.input_size();
    arma::mat h(net.hidden_size(), B, arma::fill::zeros);
    std::vector<arma::mat> X, Y, dY;
    std::vector<arma::uvec> targets;
    double sum = 0;
    for (arma::uword start = 0; start < S; start += chunk) {
        const arma::uword steps = std::min(chunk, S - start);
        fill_chunk(streams, start, steps, V, X, targets);
        net.forward(X, h, Y);
        sum += sequence_loss(Y, targets, dY) * static_cast<double>(steps);
        h = net.hidden(steps);
    }
    return sum / static_cast<double>(S);
}

}  // namespace nn
