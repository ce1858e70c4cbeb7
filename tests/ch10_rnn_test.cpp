// Tests of chapter 10: the recurrent network, backpropagation through time (full and
// truncated), gradient clipping, sampling with a temperature, and a learning test.
// Tier 1: the two-step example of the notes by hand, and golden values from PyTorch.
// Tier 2: BPTT under nn::gradcheck for all five parameters and the initial state.
// Tier 3: an RNN memorises a short string.
#include <cmath>
#include <initializer_list>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "chars.hpp"
#include "nn/error.hpp"
#include "nn/gradcheck.hpp"
#include "nn/rng.hpp"
#include "nn_test.hpp"
#include "optim.hpp"
#include "rnn.hpp"
#include "softmax.hpp"

using nn::test::Close;
using nn::test::EqualsMat;

namespace {

// A 1 x 1 matrix and a column (the braces arma::mat{{v}} are ambiguous in Armadillo 11).
arma::mat scalar(double v) {
    return arma::mat(1, 1, arma::fill::value(v));
}
arma::mat column(std::initializer_list<double> v) {
    return arma::mat(arma::vec(v));
}

// Check `r` and show its one-line report on failure.
void require_grad_ok(const nn::gradcheck::Report& r, double tol = 1e-7) {
    INFO(r.str());
    const std::string bptt_hint =
        r.ok(tol) || r.name == "W_hy" || r.name == "b_y"
            ? std::string()
            : std::string(
                  "BPTT: dH_t = W_hy^T dY_t + W_hh^T dA_{t+1} (the gradient from the next step, zero after the "
                  "last step), dA_t = dH_t % (1 - h_t % h_t) with h_t of the SAME step, and dW_hh += dA_t h_{t-1}^T. "
                  "If W_hy and b_y pass but the others fail, the gradient from the next step is missing or "
                  "taken from the wrong step");
    INFO(bptt_hint);
    CHECK(r.ok(tol));  // CHECK: every parameter gets its verdict
}

// T random input matrices d x B (real-valued, not one-hot: the RNN takes any inputs).
std::vector<arma::mat> random_inputs(arma::uword d, arma::uword B, std::size_t T) {
    std::vector<arma::mat> X;
    for (std::size_t t = 0; t < T; ++t) X.push_back(arma::randn(d, B));
    return X;
}

// T vectors of B random targets in 0..K-1.
std::vector<arma::uvec> random_targets(arma::uword K, arma::uword B, std::size_t T) {
    std::vector<arma::uvec> c;
    for (std::size_t t = 0; t < T; ++t)
        c.push_back(arma::randi<arma::uvec>(B, arma::distr_param(0, static_cast<int>(K) - 1)));
    return c;
}

// An RNN with random weights of moderate size and non-zero biases (a smooth, generic point).
nn::Rnn random_rnn(arma::uword d, arma::uword H, arma::uword K) {
    nn::Rnn net(d, H, K);
    net.W_xh = 0.6 * arma::randn(H, d);
    net.W_hh = 0.5 * arma::randn(H, H);
    net.b_h = 0.2 * arma::randn(H, 1);
    net.W_hy = 0.7 * arma::randn(K, H);
    net.b_y = 0.2 * arma::randn(K, 1);
    return net;
}

// forward + sequence_loss + backward; returns L.
double loss_and_bptt(nn::Rnn& net, const std::vector<arma::mat>& X, const arma::mat& h0,
                     const std::vector<arma::uvec>& c) {
    std::vector<arma::mat> Y, dY;
    net.forward(X, h0, Y);
    const double L = nn::sequence_loss(Y, c, dY);
    net.backward_through_time(dY);
    return L;
}

// The five gradients of `net`, copied.
std::vector<arma::mat> grads_of(nn::Rnn& net) {
    std::vector<arma::mat> g;
    for (const nn::ParamRef& p : net.parameters()) g.push_back(*p.grad);
    return g;
}

// The tiny network of the notes' two-step example: d = 1, H = 1, K = 2.
nn::Rnn two_step_rnn() {
    nn::Rnn net(1, 1, 2);
    net.W_xh = scalar(1.0);
    net.W_hh = scalar(0.5);
    net.b_h = scalar(0.0);
    net.W_hy = column({1.0, -1.0});
    net.b_y = column({0.0, 0.0});
    return net;
}

}  // namespace

namespace {

// A few words over the letters a-e as streams, and a matching random network.
struct StreamCase {
    nn::CharVocab vocab{"abcde"};
    arma::umat streams;
    nn::Rnn net{6, 5, 6};
    StreamCase(arma::uword B, std::uint64_t seed) {
        nn::seed_all(seed);
        streams = nn::make_streams({"bad", "cab", "dead", "bead", "ace", "deed", "cede", "abe"},
                                   vocab, B);
        net = random_rnn(6, 5, 6);
    }
};

}  // namespace

// Test cases are ordered by exercise; the tag [exN.M] says which exercise a test grades
// (scripts/check.sh N.M runs them). A test needs only its exercise and the ones before it.

TEST_CASE("One RNN step computes the state and the logits and may update the state in place",
          "[ch10][ex10.1][points=1]") {
    nn::seed_all(3);
    const nn::Rnn net = random_rnn(3, 4, 2);
    const arma::mat x = arma::randn(3, 5), h_prev = arma::randn(4, 5);
    arma::mat h, y;
    net.step(x, h_prev, h, y);
    arma::mat a = net.W_xh * x + net.W_hh * h_prev;
    a.each_col() += net.b_h;
    const arma::mat h_expected = arma::tanh(a);
    arma::mat y_expected = net.W_hy * h_expected;
    y_expected.each_col() += net.b_y;
    CHECK_THAT(h, EqualsMat(h_expected, 1e-14, 1e-15));
    CHECK_THAT(y, EqualsMat(y_expected, 1e-14, 1e-15));
    // h may be the same object as h_prev
    arma::mat state = h_prev;
    net.step(x, state, state, y);
    CHECK_THAT(state, EqualsMat(h_expected, 1e-14, 1e-15));
    CHECK_THROWS_AS(net.step(arma::randn(2, 5), h_prev, h, y), std::invalid_argument);
    CHECK_THROWS_AS(net.step(x, arma::randn(4, 3), h, y), std::invalid_argument);
}

TEST_CASE("Two-step RNN example by hand", "[ch10][ex10.2][ex10.4][points=3]") {
    // x_1 = 1, x_2 = 0, h_0 = 0, targets c_1 = 0, c_2 = 1 (see the notes, "The two-step example")
    nn::Rnn net = two_step_rnn();
    const std::vector<arma::mat> X = {scalar(1.0), scalar(0.0)};
    const std::vector<arma::uvec> c = {arma::uvec{0}, arma::uvec{1}};
    std::vector<arma::mat> Y, dY;
    net.forward(X, scalar(0.0), Y);
    const double h1 = std::tanh(1.0), h2 = std::tanh(0.5 * h1);
    REQUIRE(Y.size() == 2);
    CHECK_THAT(net.hidden(1)(0, 0), Close(0.7615941559557649, 1e-14));
    CHECK_THAT(net.hidden(2)(0, 0), Close(h2, 1e-14));
    CHECK_THAT(net.hidden(2)(0, 0), Close(0.3633994843890525, 1e-14));
    CHECK_THAT(Y[0], EqualsMat(column({h1, -h1}), 1e-14, 1e-15));
    CHECK_THAT(Y[1], EqualsMat(column({h2, -h2}), 1e-14, 1e-15));
    // L = (log(1 + e^{-2 h1}) + log(1 + e^{2 h2})) / 2
    const double L = nn::sequence_loss(Y, c, dY);
    CHECK_THAT(L,
               Close(0.5 * (std::log1p(std::exp(-2 * h1)) + std::log1p(std::exp(2 * h2))), 1e-13));
    CHECK_THAT(L, Close(0.6591976029868777, 1e-12));
    // dY_t = (p_t - onehot(c_t)) / (T B) with T = 2, B = 1
    CHECK_THAT(dY[0], EqualsMat(column({-0.08949625199700006, 0.08949625199700005}), 1e-12, 1e-15));
    CHECK_THAT(dY[1], EqualsMat(column({0.3370512178185561, -0.33705121781855607}), 1e-12, 1e-15));
    net.backward_through_time(dY);
    // dH_2 = W_hy^T dY_2 (no future), dA_2 = dH_2 (1 - h2^2); dH_1 = W_hy^T dY_1 + w_hh dA_2
    CHECK_THAT(net.hidden_grad(2)(0, 0), Close(0.6741024356371121, 1e-12));
    CHECK_THAT(net.hidden_grad(1)(0, 0), Close(0.11354800461049169, 1e-12));
    const double dA2 = 0.5850810172089836, dA1 = 0.047687248477877656;
    // dW_hh = dA_2 h_1 + dA_1 h_0 (= 0); dW_xh = dA_2 x_2 (= 0) + dA_1 x_1; db_h = dA_1 + dA_2
    CHECK_THAT(net.dW_hh(0, 0), Close(dA2 * h1, 1e-12));
    CHECK_THAT(net.dW_hh(0, 0), Close(0.44559428346701624, 1e-12));
    CHECK_THAT(net.dW_xh(0, 0), Close(dA1, 1e-12));
    CHECK_THAT(net.db_h(0, 0), Close(dA1 + dA2, 1e-12));
    CHECK_THAT(net.dh0()(0, 0), Close(0.5 * dA1, 1e-12));
    // dW_hy = dY_1 h_1 + dY_2 h_2, db_y = dY_1 + dY_2: one contribution per step, summed
    CHECK_THAT(net.dW_hy,
               EqualsMat(column({0.054324416267105824, -0.054324416267105824}), 1e-12, 1e-15));
    CHECK_THAT(net.db_y,
               EqualsMat(column({0.24755496582155606, -0.247554965821556}), 1e-12, 1e-15));
}

TEST_CASE("Sequence loss averages the softmax cross-entropy over steps and sequences",
          "[ch10][ex10.3][points=1]") {
    // zero logits over K = 5 classes: every prediction costs log 5
    const std::vector<arma::mat> Y(3, arma::mat(5, 2, arma::fill::zeros));
    const std::vector<arma::uvec> c = {{0, 4}, {2, 2}, {1, 3}};
    std::vector<arma::mat> dY;
    CHECK_THAT(nn::sequence_loss(Y, c, dY), Close(std::log(5.0), 1e-14));
    REQUIRE(dY.size() == 3);
    // dY_t = (1/5 - onehot) / (T B) = (0.2 - y) / 6
    CHECK_THAT(dY[1](2, 0), Close(-0.8 / 6.0, 1e-14));
    CHECK_THAT(dY[1](0, 1), Close(0.2 / 6.0, 1e-14));
    CHECK_THROWS_AS(nn::sequence_loss(Y, std::vector<arma::uvec>(2, arma::uvec{0, 0}), dY),
                    std::invalid_argument);
    CHECK_THROWS_AS(nn::sequence_loss(std::vector<arma::mat>(), std::vector<arma::uvec>(), dY),
                    std::invalid_argument);
    CHECK_THROWS_AS(nn::sequence_loss(Y, {{0, 4}, {2, 5}, {1, 3}}, dY), std::invalid_argument);
}

TEST_CASE("RNN forward pass and BPTT gradients match PyTorch", "[ch10][ex10.4][points=2]") {
    auto f = nn::test::read_fixture("ch10_rnn.txt");
    nn::Rnn net(4, 5, 3);
    net.W_xh = f["W_xh"];
    net.W_hh = f["W_hh"];
    net.b_h = f["b_h"];
    net.W_hy = f["W_hy"];
    net.b_y = f["b_y"];
    std::vector<arma::mat> X;
    std::vector<arma::uvec> c;
    const arma::mat& targets = f["targets"];  // T x B
    for (int t = 1; t <= 4; ++t) {
        X.push_back(f["x_" + std::to_string(t)]);
        c.push_back(arma::conv_to<arma::uvec>::from(targets.row(t - 1).t()));
    }
    std::vector<arma::mat> Y, dY;
    net.forward(X, f["h0"], Y);
    for (int t = 1; t <= 4; ++t) {
        INFO("step " << t);
        CHECK_THAT(net.hidden(t), EqualsMat(f["h_" + std::to_string(t)], 1e-12, 1e-14));
        CHECK_THAT(Y[t - 1], EqualsMat(f["y_" + std::to_string(t)], 1e-12, 1e-14));
    }
    CHECK_THAT(nn::sequence_loss(Y, c, dY), Close(f["loss"](0, 0), 1e-12));
    net.backward_through_time(dY);
    CHECK_THAT(net.dW_xh, EqualsMat(f["dW_xh"], 1e-10, 1e-14));
    CHECK_THAT(net.dW_hh, EqualsMat(f["dW_hh"], 1e-10, 1e-14));
    CHECK_THAT(net.db_h, EqualsMat(f["db_h"], 1e-10, 1e-14));
    CHECK_THAT(net.dW_hy, EqualsMat(f["dW_hy"], 1e-10, 1e-14));
    CHECK_THAT(net.db_y, EqualsMat(f["db_y"], 1e-10, 1e-14));
    CHECK_THAT(net.dh0(), EqualsMat(f["dh0"], 1e-10, 1e-14));
}

TEST_CASE("BPTT passes the gradient check for all five parameters and the initial state",
          "[ch10][ex10.4][points=3]") {
    nn::seed_all(10);
    const arma::uword d = 3, H = 4, K = 3, B = 2;
    const std::size_t T = 5;
    nn::Rnn net = random_rnn(d, H, K);
    const std::vector<arma::mat> X = random_inputs(d, B, T);
    const std::vector<arma::uvec> c = random_targets(K, B, T);
    arma::mat h0 = 0.5 * arma::randn(H, B);
    loss_and_bptt(net, X, h0, c);
    const std::vector<arma::mat> grads = grads_of(net);
    const arma::mat dh0 = net.dh0();
    auto f = [&]() {
        std::vector<arma::mat> Y, dY;
        net.forward(X, h0, Y);
        return nn::sequence_loss(Y, c, dY);
    };
    std::size_t i = 0;
    for (const nn::ParamRef& p : net.parameters()) {
        const nn::gradcheck::Report r = nn::gradcheck::check(p.name, f, *p.value, grads[i++]);
        require_grad_ok(r);
        CHECK(r.analytic_norm > 1e-3);  // a real gradient, not a vacuous match
    }
    require_grad_ok(nn::gradcheck::check("h0", f, h0, dh0));
}

TEST_CASE("BPTT gradient check with the loss at the last step only", "[ch10][ex10.4][points=1]") {
    // Only y_T is scored, so every gradient of W_xh, W_hh, b_h reaches it through time.
    nn::seed_all(12);
    const arma::uword d = 2, H = 3, K = 2, B = 3;
    const std::size_t T = 6;
    nn::Rnn net = random_rnn(d, H, K);
    const std::vector<arma::mat> X = random_inputs(d, B, T);
    const arma::uvec last = {0, 1, 1};
    const arma::mat h0(H, B, arma::fill::zeros);
    auto f_and_grad = [&](bool backward) {
        std::vector<arma::mat> Y, dY(T, arma::mat(K, B, arma::fill::zeros));
        net.forward(X, h0, Y);
        const double L = nn::softmax_cross_entropy(Y[T - 1], last, dY[T - 1]);
        if (backward) net.backward_through_time(dY);
        return L;
    };
    f_and_grad(true);
    const std::vector<arma::mat> grads = grads_of(net);
    std::size_t i = 0;
    for (const nn::ParamRef& p : net.parameters())
        require_grad_ok(nn::gradcheck::check(
            p.name, [&]() { return f_and_grad(false); }, *p.value, grads[i++]));
    // dH_t for t < T comes only through the recurrence: dH_t = W_hh^T dA_{t+1}
    const arma::mat dA3 = net.hidden_grad(3) % (1.0 - net.hidden(3) % net.hidden(3));
    CHECK_THAT(net.hidden_grad(2), EqualsMat(net.W_hh.t() * dA3, 1e-12, 1e-15));
}

TEST_CASE("BPTT overwrites the gradients on every call", "[ch10][ex10.4][points=1]") {
    nn::seed_all(13);
    nn::Rnn net = random_rnn(3, 4, 3);
    const std::vector<arma::mat> X1 = random_inputs(3, 2, 4), X2 = random_inputs(3, 2, 3);
    const std::vector<arma::uvec> c1 = random_targets(3, 2, 4), c2 = random_targets(3, 2, 3);
    const arma::mat h0(4, 2, arma::fill::zeros);
    loss_and_bptt(net, X2, h0, c2);
    const std::vector<arma::mat> g2 = grads_of(net);
    // the gradients of sequence 1, then of sequence 2 again: equal to the first ones
    loss_and_bptt(net, X1, h0, c1);
    loss_and_bptt(net, X2, h0, c2);
    const std::vector<arma::mat> again = grads_of(net);
    for (std::size_t i = 0; i < g2.size(); ++i)
        CHECK_THAT(again[i], EqualsMat(g2[i], 1e-14, 1e-15));
    // a second backward of the same forward gives the same gradients, not twice them
    std::vector<arma::mat> Y, dY;
    net.forward(X2, h0, Y);
    nn::sequence_loss(Y, c2, dY);
    net.backward_through_time(dY);
    net.backward_through_time(dY);
    const std::vector<arma::mat> twice = grads_of(net);
    for (std::size_t i = 0; i < g2.size(); ++i)
        CHECK_THAT(twice[i], EqualsMat(g2[i], 1e-14, 1e-15));
}

TEST_CASE("Backward before forward throws a logic error and a wrong dY is rejected",
          "[ch10][ex10.4][points=1]") {
    nn::seed_all(14);
    nn::Rnn net = random_rnn(2, 3, 2);
    std::vector<arma::mat> dY(2, arma::mat(2, 1, arma::fill::zeros));
    CHECK_THROWS_AS(net.backward_through_time(dY), std::logic_error);
    std::vector<arma::mat> Y;
    net.forward(random_inputs(2, 1, 2), arma::zeros(3, 1), Y);
    REQUIRE(Y.size() == 2);
    REQUIRE_NOTHROW(net.backward_through_time(dY));
    // wrong number of steps, wrong shape
    CHECK_THROWS_AS(net.backward_through_time(std::vector<arma::mat>(3, arma::mat(2, 1))),
                    std::invalid_argument);
    CHECK_THROWS_AS(net.backward_through_time(std::vector<arma::mat>(2, arma::mat(2, 4))),
                    std::invalid_argument);
}

TEST_CASE("Batched forward and BPTT equal one sequence at a time", "[ch10][ex10.4][points=2]") {
    // The batch is only a faster way to run B independent sequences: GEMMs instead of loops.
    nn::seed_all(15);
    const arma::uword d = 3, H = 5, K = 4, B = 3;
    const std::size_t T = 4;
    nn::Rnn net = random_rnn(d, H, K);
    const std::vector<arma::mat> X = random_inputs(d, B, T);
    const std::vector<arma::uvec> c = random_targets(K, B, T);
    const arma::mat h0 = 0.3 * arma::randn(H, B);
    loss_and_bptt(net, X, h0, c);
    const std::vector<arma::mat> batched = grads_of(net);
    const arma::mat h_last = net.hidden(T);
    std::vector<arma::mat> sum;
    for (const arma::mat& g : batched) sum.emplace_back(arma::size(g), arma::fill::zeros);
    for (arma::uword b = 0; b < B; ++b) {
        std::vector<arma::mat> Xb;
        std::vector<arma::uvec> cb;
        for (std::size_t t = 0; t < T; ++t) {
            Xb.push_back(X[t].col(b));
            cb.push_back(arma::uvec{c[t](b)});
        }
        loss_and_bptt(net, Xb, h0.col(b), cb);
        CHECK_THAT(arma::mat(net.hidden(T)), EqualsMat(h_last.col(b), 1e-13, 1e-15));
        const std::vector<arma::mat> g = grads_of(net);
        for (std::size_t i = 0; i < g.size(); ++i) sum[i] += g[i];
    }
    // the batch loss is the mean over B sequences, so its gradient is the mean of theirs
    for (std::size_t i = 0; i < sum.size(); ++i)
        CHECK_THAT(batched[i], EqualsMat(sum[i] / B, 1e-12, 1e-15));
}

TEST_CASE("Small recurrent weights make the gradient vanish geometrically",
          "[ch10][ex10.4][points=1]") {
    // W_hh = g Q with Q orthogonal: ||W_hh^T v|| = g ||v||, and tanh' <= 1, so
    // ||dH_t|| <= g^(T-t) ||dH_T|| when only the last step has a loss.
    nn::seed_all(51);
    const arma::uword V = 6, H = 16, B = 4;
    const std::size_t T = 20;
    nn::Rnn net(V, H, V);
    net.init(0.5);
    std::vector<arma::mat> X(T), Y;
    for (std::size_t t = 0; t < T; ++t) {
        X[t].zeros(V, B);
        for (arma::uword b = 0; b < B; ++b) X[t]((t + b) % V, b) = 1.0;
    }
    net.forward(X, arma::zeros(H, B), Y);
    std::vector<arma::mat> dY(T, arma::mat(V, B, arma::fill::zeros));
    nn::softmax_cross_entropy(Y[T - 1], arma::uvec{0, 1, 2, 3}, dY[T - 1]);
    net.backward_through_time(dY);
    const double last = arma::norm(net.hidden_grad(T), "fro");
    REQUIRE(last > 0);
    for (std::size_t t = 1; t < T; ++t) {
        const double ratio = arma::norm(net.hidden_grad(t), "fro") / last;
        CHECK(ratio <= std::pow(0.5, static_cast<double>(T - t)) * (1 + 1e-12));
    }
    CHECK(arma::norm(net.hidden_grad(1), "fro") < 1e-5 * last);
}

TEST_CASE("Gradient clipping by global norm", "[ch10][ex10.5][points=2]") {
    arma::mat a = arma::rowvec{3.0, 0.0}, b = column({0.0, 4.0});
    arma::mat ga = arma::rowvec{3.0, 0.0}, gb = column({0.0, 4.0});
    std::vector<nn::ParamRef> params = {{&a, &ga, false, "a"}, {&b, &gb, true, "b"}};
    // global norm sqrt(9 + 16) = 5 > 2: scaled by 2/5
    CHECK_THAT(nn::clip_grad_norm(params, 2.0), Close(5.0, 1e-15));
    CHECK_THAT(ga, EqualsMat(arma::mat(arma::rowvec{1.2, 0.0}), 1e-15, 1e-15));
    CHECK_THAT(gb, EqualsMat(column({0.0, 1.6}), 1e-15, 1e-15));
    const double after = std::sqrt(arma::dot(ga, ga) + arma::dot(gb, gb));
    CHECK_THAT(after, Close(2.0, 1e-15));
    // below the threshold: nothing changes, not even by rounding
    const arma::mat ga_before = ga, gb_before = gb;
    CHECK_THAT(nn::clip_grad_norm(params, 10.0), Close(2.0, 1e-15));
    CHECK(arma::approx_equal(ga, ga_before, "absdiff", 0.0));
    CHECK(arma::approx_equal(gb, gb_before, "absdiff", 0.0));
    CHECK_THROWS_AS(nn::clip_grad_norm(params, 0.0), std::invalid_argument);

    // on a real network: the direction is kept, the norm becomes the threshold
    nn::seed_all(31);
    nn::Rnn net = random_rnn(3, 4, 3);
    loss_and_bptt(net, random_inputs(3, 2, 5), arma::zeros(4, 2), random_targets(3, 2, 5));
    const std::vector<arma::mat> before = grads_of(net);
    double n2 = 0;
    for (const arma::mat& g : before) n2 += arma::dot(g, g);
    const double c = 0.1 * std::sqrt(n2);
    CHECK_THAT(nn::clip_grad_norm(net.parameters(), c), Close(std::sqrt(n2), 1e-14));
    const std::vector<arma::mat> clipped = grads_of(net);
    double m2 = 0;
    for (std::size_t i = 0; i < clipped.size(); ++i) {
        m2 += arma::dot(clipped[i], clipped[i]);
        CHECK_THAT(clipped[i], EqualsMat(before[i] * 0.1, 1e-13, 1e-16));
    }
    CHECK_THAT(std::sqrt(m2), Close(c, 1e-13));
}

TEST_CASE("Truncated BPTT with a chunk covering the sequence equals full BPTT",
          "[ch10][ex10.6][points=2]") {
    StreamCase sc(2, 21);
    const arma::uword S = sc.streams.n_cols - 1, B = 2;
    // full BPTT by hand: one forward over all S steps
    std::vector<arma::mat> X(S);
    std::vector<arma::uvec> c(S);
    for (arma::uword t = 0; t < S; ++t) {
        nn::fill_one_hot(sc.streams, t, 6, X[t]);
        c[t] = sc.streams.col(t + 1);
    }
    const arma::mat h0(5, B, arma::fill::zeros);
    const double L_full = loss_and_bptt(sc.net, X, h0, c);
    const std::vector<arma::mat> g_full = grads_of(sc.net);
    const arma::mat h_full = sc.net.hidden(S);
    for (arma::uword chunk : {S, S + 7}) {
        arma::mat h = h0;
        std::size_t calls = 0;
        std::vector<arma::mat> g;
        const double L = nn::truncated_bptt(sc.net, sc.streams, chunk, h,
                                            [&](std::size_t k, std::size_t n, double) {
                                                ++calls;
                                                CHECK(k == 1);
                                                CHECK(n == 1);
                                                g = grads_of(sc.net);
                                            });
        CHECK(calls == 1);
        CHECK_THAT(L, Close(L_full, 1e-13));
        CHECK_THAT(h, EqualsMat(h_full, 1e-13, 1e-15));
        REQUIRE(g.size() == g_full.size());
        for (std::size_t i = 0; i < g.size(); ++i)
            CHECK_THAT(g[i], EqualsMat(g_full[i], 1e-12, 1e-15));
    }
}

TEST_CASE("Truncated BPTT carries the state across chunks and cuts the gradient",
          "[ch10][ex10.6][points=2]") {
    StreamCase sc(2, 22);
    const arma::uword S = sc.streams.n_cols - 1, B = 2, chunk = 4;
    REQUIRE(S % chunk != 0);  // a shorter last chunk is part of the test
    std::vector<arma::mat> X(S);
    std::vector<arma::uvec> c(S);
    for (arma::uword t = 0; t < S; ++t) {
        nn::fill_one_hot(sc.streams, t, 6, X[t]);
        c[t] = sc.streams.col(t + 1);
    }
    // a non-zero start state: the first chunk must start from h, not from zeros
    const arma::mat h0 = 0.5 * arma::randn(5, B);
    const double L_full = loss_and_bptt(sc.net, X, h0, c);
    const std::vector<arma::mat> g_full = grads_of(sc.net);
    const arma::mat h_full = sc.net.hidden(S);
    // the chunks' gradients weighted by their share of the steps (no update in between)
    std::vector<arma::mat> g_sum;
    for (const arma::mat& g : g_full) g_sum.emplace_back(arma::size(g), arma::fill::zeros);
    std::vector<std::size_t> lengths;
    arma::mat h = h0;
    const double L =
        nn::truncated_bptt(sc.net, sc.streams, chunk, h, [&](std::size_t, std::size_t n, double) {
            lengths.push_back(sc.net.steps());
            CHECK(n == (S + chunk - 1) / chunk);
            const std::vector<arma::mat> g = grads_of(sc.net);
            for (std::size_t i = 0; i < g.size(); ++i)
                g_sum[i] += g[i] * (static_cast<double>(sc.net.steps()) / S);
        });
    REQUIRE(lengths.size() == (S + chunk - 1) / chunk);
    CHECK(lengths.front() == chunk);
    CHECK(lengths.back() == S % chunk);
    // the state is carried: the same predictions, the same loss, the same final state
    CHECK_THAT(L, Close(L_full, 1e-13));
    CHECK_THAT(h, EqualsMat(h_full, 1e-13, 1e-15));
    // the output layer does not go through time: its gradient is the same
    CHECK_THAT(g_sum[3], EqualsMat(g_full[3], 1e-12, 1e-15));  // W_hy
    CHECK_THAT(g_sum[4], EqualsMat(g_full[4], 1e-12, 1e-15));  // b_y
    // the recurrent weights lose the paths that cross a chunk boundary: a different gradient
    CHECK(arma::norm(g_sum[1] - g_full[1], "fro") > 1e-6 * arma::norm(g_full[1], "fro"));
    CHECK_THROWS_AS(nn::truncated_bptt(sc.net, sc.streams, 0, h, nullptr), std::invalid_argument);
    arma::mat wrong(5, 3, arma::fill::zeros);
    CHECK_THROWS_AS(nn::truncated_bptt(sc.net, sc.streams, 3, wrong, nullptr),
                    std::invalid_argument);
}

TEST_CASE("Truncated BPTT stops with a divergence error at the first non-finite chunk loss",
          "[ch10][ex10.6][points=1]") {
    // An optimiser step that blows up after chunk 1: chunk 2's loss is NaN and must be reported
    // (nn::DivergenceError naming the chunk, counted from 1) before any backward pass on it.
    StreamCase sc(2, 23);
    arma::mat h(5, 2, arma::fill::zeros);
    std::size_t calls = 0;
    const auto explode = [&](std::size_t, std::size_t, double) {
        ++calls;
        sc.net.W_hy(0, 0) = std::nan("");
    };
    CHECK_THROWS_AS(nn::truncated_bptt(sc.net, sc.streams, 3, h, explode), nn::DivergenceError);
    CHECK(calls == 1);
    sc.net.W_hy(0, 0) = std::nan("");
    CHECK_THROWS_WITH(nn::truncated_bptt(sc.net, sc.streams, 3, h, nullptr),
                      Catch::Contains("chunk 1"));
}

TEST_CASE("Sampling with a temperature", "[ch10][ex10.7][points=2]") {
    const arma::vec z = {0.5, 2.0, 1.9, -1.0};
    std::mt19937_64 gen(5);
    // tau -> 0 picks the arg-max
    for (int i = 0; i < 200; ++i) {
        REQUIRE(nn::sample_from_logits(z, 0.0, gen) == 1);
        REQUIRE(nn::sample_from_logits(z, 1e-3, gen) == 1);
    }
    // tau = 1 samples softmax(z): frequencies within 4 standard errors of 20000 draws
    const arma::mat p = nn::softmax(z);
    arma::vec counts(4, arma::fill::zeros);
    const int n = 20000;
    for (int i = 0; i < n; ++i) counts(nn::sample_from_logits(z, 1.0, gen)) += 1;
    for (arma::uword k = 0; k < 4; ++k) {
        const double se = std::sqrt(p(k) * (1 - p(k)) / n);
        CHECK(std::abs(counts(k) / n - p(k)) < 4 * se);
    }
    // a high temperature flattens the distribution: p_k of softmax(z / 100) are within 1% of 1/4
    counts.zeros();
    for (int i = 0; i < n; ++i) counts(nn::sample_from_logits(z, 100.0, gen)) += 1;
    CHECK(counts.min() > 0.22 * n);
    // the same seed gives the same draws
    std::mt19937_64 g1(77), g2(77);
    for (int i = 0; i < 50; ++i)
        REQUIRE(nn::sample_from_logits(z, 1.5, g1) == nn::sample_from_logits(z, 1.5, g2));
    CHECK_THROWS_AS(nn::sample_from_logits(z, -1.0, gen), std::invalid_argument);
    CHECK_THROWS_AS(nn::sample_from_logits(arma::vec(), 1.0, gen), std::invalid_argument);
}

TEST_CASE("Sampling a word stops at the marker or at the maximum length",
          "[ch10][ex10.8][points=1]") {
    const nn::CharVocab vocab("ab");
    nn::Rnn net(3, 2, 3);
    // the output bias alone decides: 'b' (index 2) wins at every step
    net.b_y = column({0.0, 1.0, 3.0});
    std::mt19937_64 gen(1);
    arma::mat h(2, 1, arma::fill::zeros);
    CHECK(nn::sample_word(net, vocab, h, 0.0, gen, 7) == "bbbbbbb");
    {
        // the first input is the marker (one-hot index 0), not a zero vector: here only the
        // marker's column of W_xh lifts hidden unit 1, which makes 'a' beat 'b' at step 1
        nn::Rnn first(3, 2, 3);
        first.W_xh(1, 0) = 1.0;
        first.W_hy(1, 1) = 4.0;
        first.b_y = column({-5.0, -1.0, 0.0});  // a: 4 tanh(1) - 1 = 2.05 > 0 = b
        arma::mat h_first(2, 1, arma::fill::zeros);
        CHECK(nn::sample_word(first, vocab, h_first, 0.0, gen, 3) == "abb");
    }
    // the marker wins: an empty word
    net.b_y = column({5.0, 1.0, 3.0});
    CHECK(nn::sample_word(net, vocab, h, 0.0, gen) == "");
    // 'a' while the state is small, the marker once it has grown: the state carries the count
    net.W_xh = arma::mat{{0.0, 1.0, 1.0}, {0.0, 0.0, 0.0}};  // every letter pushes unit 0 up
    net.W_hh = arma::mat{{1.0, 0.0}, {0.0, 0.0}};
    net.W_hy = arma::mat{{4.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}};
    net.b_y = column({-2.0, 0.0, -5.0});
    h.zeros();
    // h_1 = 0 (the marker's column of W_xh is 0): 'a'; h_2 = tanh(1) = 0.76: 4 h - 2 = 1.05 > 0: end
    CHECK(nn::sample_word(net, vocab, h, 0.0, gen) == "a");
    CHECK_THAT(h(0, 0), Close(std::tanh(1.0), 1e-14));
    // seeded determinism at tau = 1
    std::mt19937_64 g1(9), g2(9);
    arma::mat h1(2, 1, arma::fill::zeros), h2(2, 1, arma::fill::zeros);
    for (int i = 0; i < 10; ++i)
        CHECK(nn::sample_word(net, vocab, h1, 1.0, g1) == nn::sample_word(net, vocab, h2, 1.0, g2));
}

TEST_CASE("Bad shapes empty sequences and unknown characters are rejected with clear messages",
          "[ch10][ex10.8][points=1]") {
    nn::seed_all(41);
    nn::Rnn net = random_rnn(3, 4, 3);
    std::vector<arma::mat> Y;
    const arma::mat h0(4, 2, arma::fill::zeros);
    // an empty sequence
    CHECK_THROWS_WITH(net.forward({}, h0, Y),
                      Catch::Contains("Rnn::forward") && Catch::Contains("empty"));
    // x_2 has the wrong number of rows, x_2 a different batch size, h0 the wrong shape
    CHECK_THROWS_WITH(net.forward({arma::mat(3, 2), arma::mat(2, 2)}, h0, Y),
                      Catch::Contains("Rnn::forward") && Catch::Contains("x_2"));
    CHECK_THROWS_AS(net.forward({arma::mat(3, 2), arma::mat(3, 3)}, h0, Y), std::invalid_argument);
    CHECK_THROWS_WITH(net.forward({arma::mat(3, 2, arma::fill::zeros)}, arma::mat(4, 1), Y),
                      Catch::Contains("h0"));
    CHECK_THROWS_AS(net.forward({arma::mat(3, 0)}, arma::mat(4, 0), Y), std::invalid_argument);
    // unknown characters: in the vocabulary, in a word list, in sampling
    const nn::CharVocab vocab("abc");
    CHECK_THROWS_WITH(vocab.index('Z'), Catch::Contains("unknown character 'Z'"));
    CHECK_THROWS_WITH(vocab.encode_word("cab1"),
                      Catch::Contains("'1'") && Catch::Contains("position 3"));
    CHECK_THROWS_AS(nn::make_streams({"abc", "cbx"}, vocab, 1), std::invalid_argument);
    CHECK_THROWS_AS(nn::make_streams({"ab"}, vocab, 10), std::invalid_argument);
    std::mt19937_64 gen(1);
    arma::mat h(4, 1, arma::fill::zeros);
    nn::Rnn wrong_vocab = random_rnn(5, 4, 5);
    CHECK_THROWS_WITH(nn::sample_word(wrong_vocab, vocab, h, 1.0, gen),
                      Catch::Contains("sample_word"));
    arma::mat h_wrong(3, 1, arma::fill::zeros);  // the network has H = 4
    nn::Rnn three = random_rnn(3, 4, 3);
    CHECK_THROWS_AS(nn::sample_word(three, nn::CharVocab("ab"), h_wrong, 1.0, gen),
                    std::invalid_argument);
    // missing word list: the message names the file and the package
    CHECK_THROWS_WITH(nn::load_words("/nonexistent/words"),
                      Catch::Contains("/nonexistent/words") && Catch::Contains("wamerican"));
}

TEST_CASE("An RNN memorises a short string", "[ch10][ex10.8][points=3]") {
    nn::seed_all(61);
    const nn::CharVocab vocab("abcdefghijklmnopqrstuvwxyz ");
    const std::string text = "the cat sat on the mat";
    const arma::umat streams = nn::make_streams({text}, vocab, 1);  // .the cat sat on the mat.
    REQUIRE(streams.n_cols == text.size() + 2);
    nn::Rnn net(vocab.size(), 32, vocab.size());
    net.init(1.0);
    nn::OptimizerConfig cfg;
    cfg.kind = nn::OptimizerKind::Adam;
    cfg.lr = 0.01;
    nn::Optimizer opt(cfg);
    const auto params = net.parameters();
    double loss = 0;
    for (int it = 0; it < 300; ++it) {
        arma::mat h(32, 1, arma::fill::zeros);
        // chunks of 8 steps: the state crosses the cuts, the gradient does not
        loss = nn::truncated_bptt(net, streams, 8, h, [&](std::size_t, std::size_t, double) {
            nn::clip_grad_norm(params, 5.0);
            opt.step(params);
        });
    }
    INFO("final loss " << loss);
    CHECK(loss < 0.05);
    // greedy generation from the start state reproduces the string
    std::mt19937_64 gen(1);
    arma::mat h(32, 1, arma::fill::zeros);
    CHECK(nn::sample_word(net, vocab, h, 0.0, gen, 40) == text);
}
