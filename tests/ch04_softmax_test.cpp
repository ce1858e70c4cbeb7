// Tests of chapter 04: softmax, cross-entropy, NLL, the fused gradient, one-vs-rest,
// the optimisers and the schedule, and a learning test on the spirals.
#include <cmath>
#include <vector>

#include "classifier.hpp"
#include "mlp.hpp"
#include "nn/error.hpp"
#include "nn/gradcheck.hpp"
#include "nn/preprocess.hpp"
#include "nn/rng.hpp"
#include "nn/synthetic.hpp"
#include "nn_test.hpp"
#include "optim.hpp"
#include "softmax.hpp"

using nn::test::Close;
using nn::test::EqualsMat;

// Evaluate an exercise function first, then match: when a stub throws, the test case
// fails with the NotImplemented message before any matcher is built. (Catch2 2.x's
// `a || b` keeps pointers to its operands, so the matcher nn::test::Close returns refers
// to objects that are gone; describing it after an exception crashed the stub binary.)

namespace {

// 3-class spirals (300 points per class), a seeded 25% test split.
struct SpiralSplit {
    arma::mat Xtr, Xte;
    arma::uvec ytr, yte;
};

SpiralSplit spirals(std::uint64_t seed) {
    nn::seed_all(seed);
    const nn::LabelledData d = nn::make_spirals(300, 3, 0.2);
    const arma::uvec y = nn::labels_to_indices(d.y, "spirals");
    const nn::Split s = nn::train_valid_split(d.X.n_cols, 0.25);
    return {d.X.cols(s.train), d.X.cols(s.valid), y.elem(s.train), y.elem(s.valid)};
}

double train_spirals(nn::OptimizerConfig cfg, nn::OutputLoss loss, int epochs) {
    SpiralSplit d = spirals(42);
    nn::Mlp net({2, 64, 64, 3}, nn::Activation::ReLU, nn::Activation::Identity, nn::Init::He);
    nn::Optimizer opt(cfg);
    nn::MiniBatcher batches(d.Xtr.n_cols, 32);
    nn::TrainBuffers buf;
    nn::EpochOptions eo;
    eo.loss = loss;
    for (int e = 1; e <= epochs; ++e) {
        eo.epoch = e;
        nn::train_epoch(net, opt, d.Xtr, d.ytr, batches, buf, eo);
    }
    return nn::evaluate(net, d.Xte, d.yte, loss).accuracy;
}

}  // namespace

// Test cases are ordered by exercise; the tag [exN.M] says which exercise a test grades
// (scripts/check.sh N.M runs them). A test needs only its exercise and the ones before it.

TEST_CASE("Softmax of zero logits over ten classes is uniform", "[ch04][ex4.1][points=1]") {
    const arma::mat P = nn::softmax(arma::mat(10, 3, arma::fill::zeros));
    CHECK_THAT(P, EqualsMat(arma::mat(10, 3, arma::fill::value(0.1)), 1e-14, 1e-15));
}

TEST_CASE("Softmax worked example by hand", "[ch04][ex4.1][points=1]") {
    // z = (1, 2, 3): e^z = (e, e^2, e^3), sum = 30.19287485...
    const arma::mat Z = arma::vec{1.0, 2.0, 3.0};
    const double s = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
    const arma::mat expected = arma::vec{std::exp(1.0) / s, std::exp(2.0) / s, std::exp(3.0) / s};
    const arma::mat P = nn::softmax(Z);
    CHECK_THAT(P, EqualsMat(expected, 1e-14, 1e-15));
    CHECK_THAT(P(0, 0), Close(0.09003057317038046, 1e-12));
    CHECK_THAT(P(2, 0), Close(0.6652409557748219, 1e-12));
}

TEST_CASE("Softmax is unchanged by adding a constant to a column", "[ch04][ex4.1][points=1]") {
    nn::seed_all(4);
    const arma::mat Z(5, 4, arma::fill::randn);
    arma::mat Zs = Z;
    Zs.each_row() += arma::rowvec{100.0, -50.0, 3.0, 700.0};
    CHECK_THAT(nn::softmax(Zs), EqualsMat(nn::softmax(Z), 1e-12, 1e-15));
}

TEST_CASE("Softmax of logits of plus or minus 1000 stays finite", "[ch04][ex4.1][points=2]") {
    const arma::mat Z = {{1000.0, -1000.0, 1000.0, -1000.0},
                         {0.0, -1000.0, 999.0, -1001.0},
                         {-1000.0, -1000.0, -1000.0, -1002.0}};
    const arma::mat P = nn::softmax(Z);
    REQUIRE(P.is_finite());
    // column 0: all mass on the first class
    CHECK_THAT(P(0, 0), Close(1.0, 1e-15));
    CHECK_THAT(P(1, 0), Close(0.0, 0, 1e-300));
    // column 1: three equal logits -> uniform
    CHECK_THAT(P(0, 1), Close(1.0 / 3.0, 1e-14));
    // column 2: logits 1000 and 999 -> 1/(1+e^-1) and e^-1/(1+e^-1)
    CHECK_THAT(P(0, 2), Close(1.0 / (1.0 + std::exp(-1.0)), 1e-14));
    CHECK_THAT(P(1, 2), Close(std::exp(-1.0) / (1.0 + std::exp(-1.0)), 1e-14));
    // column 3: (-1000, -1001, -1002) is (0, -1, -2) shifted
    const double s = 1.0 + std::exp(-1.0) + std::exp(-2.0);
    CHECK_THAT(P(2, 3), Close(std::exp(-2.0) / s, 1e-14));
}

TEST_CASE("Softmax columns sum to one", "[ch04][ex4.1][points=1]") {
    nn::seed_all(7);
    const arma::mat Z = 30.0 * arma::mat(7, 50, arma::fill::randn);
    const arma::mat P = nn::softmax(Z);
    REQUIRE(P.is_finite());
    CHECK(P.min() >= 0.0);
    const arma::rowvec sums = arma::sum(P, 0);
    for (arma::uword n = 0; n < sums.n_elem; ++n) CHECK_THAT(sums(n), Close(1.0, 1e-14));
    // the order of the logits is kept
    CHECK(arma::all(arma::index_max(P, 0) == arma::index_max(Z, 0)));
}

TEST_CASE("Log-softmax is stable and matches the log of softmax", "[ch04][ex4.1][points=1]") {
    const arma::mat Z = {{0.0, 1.0}, {-1000.0, 2.0}, {5.0, 3.0}};
    const arma::mat L = nn::log_softmax(Z);
    REQUIRE(L.is_finite());
    // column 0: log-sum-exp = 5 + log(1 + e^-5 + e^-1005)
    const double lse = 5.0 + std::log1p(std::exp(-5.0));
    CHECK_THAT(L(1, 0), Close(-1000.0 - lse, 1e-14));
    CHECK_THAT(L(2, 0), Close(5.0 - lse, 1e-12, 1e-14));
    CHECK_THAT(arma::mat(L.col(1)), EqualsMat(arma::log(nn::softmax(Z.col(1))), 1e-13, 1e-15));
}

TEST_CASE("Cross-entropy by hand with soft targets and zero entries", "[ch04][ex4.2][points=1]") {
    // column 0: y = (1, 0, 0), p = (0.5, 0.25, 0.25) -> -log 0.5
    // column 1: y = (0, 0.5, 0.5), p = (0, 0.5, 0.5) -> -log 0.5 (the 0 * log 0 term is 0)
    const arma::mat P = {{0.5, 0.0}, {0.25, 0.5}, {0.25, 0.5}};
    const arma::mat Y = {{1.0, 0.0}, {0.0, 0.5}, {0.0, 0.5}};
    CHECK_THAT(nn::cross_entropy(P, Y), Close(std::log(2.0), 1e-14));
    CHECK_THROWS_AS(nn::cross_entropy(P, Y.t()), std::invalid_argument);
}

TEST_CASE("NLL picks the log-probability of the true class", "[ch04][ex4.2][points=1]") {
    const arma::mat logP = {{std::log(0.7), std::log(0.2)},
                            {std::log(0.2), std::log(0.2)},
                            {std::log(0.1), std::log(0.6)}};
    const arma::uvec labels = {0, 2};
    CHECK_THAT(nn::nll_loss(logP, labels), Close(-(std::log(0.7) + std::log(0.6)) / 2.0, 1e-14));
    CHECK_THROWS_AS(nn::nll_loss(logP, arma::uvec{0, 3}), std::invalid_argument);
    CHECK_THROWS_AS(nn::nll_loss(logP, arma::uvec{0}), std::invalid_argument);
}

TEST_CASE("Zero logits over ten classes give the loss log 10", "[ch04][ex4.3][points=2]") {
    const arma::mat Z(10, 4, arma::fill::zeros);
    const arma::uvec labels = {0, 3, 9, 5};
    arma::mat dZ;
    CHECK_THAT(nn::softmax_cross_entropy(Z, labels, dZ), Close(2.302585092994046, 1e-14));
    CHECK_THAT(nn::softmax_cross_entropy(Z, labels, dZ), Close(2.3025851, 1e-7));
    CHECK_THAT(nn::nll_loss(nn::log_softmax(Z), labels), Close(std::log(10.0), 1e-14));
    CHECK_THAT(nn::cross_entropy(nn::softmax(Z), nn::one_hot(labels, 10)),
               Close(std::log(10.0), 1e-14));
    // gradient: (0.1 - y) / 4
    REQUIRE(dZ.n_rows == 10);
    REQUIRE(dZ.n_cols == 4);
    CHECK_THAT(dZ(0, 0), Close(-0.9 / 4, 1e-14));
    CHECK_THAT(dZ(1, 0), Close(0.1 / 4, 1e-14));
}

TEST_CASE("Fused softmax cross-entropy by hand", "[ch04][ex4.3][points=2]") {
    // z = (1, 2, 3), true class 2: loss = log(e + e^2 + e^3) - 3
    const arma::mat Z = arma::vec{1.0, 2.0, 3.0};
    arma::mat dZ;
    const double s = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
    CHECK_THAT(nn::softmax_cross_entropy(Z, arma::uvec{2}, dZ), Close(std::log(s) - 3.0, 1e-14));
    CHECK_THAT(nn::softmax_cross_entropy(Z, arma::uvec{2}, dZ), Close(0.40760596444437994, 1e-12));
    const arma::mat expected =
        arma::vec{std::exp(1.0) / s, std::exp(2.0) / s, std::exp(3.0) / s - 1.0};
    CHECK_THAT(dZ, EqualsMat(expected, 1e-13, 1e-15));
}

TEST_CASE("Fused loss agrees with softmax then cross-entropy and stays finite",
          "[ch04][ex4.3][points=1]") {
    nn::seed_all(11);
    const arma::mat Z = 3.0 * arma::mat(6, 20, arma::fill::randn);
    const arma::uvec labels = arma::randi<arma::uvec>(20, arma::distr_param(0, 5));
    arma::mat dZ;
    const double fused = nn::softmax_cross_entropy(Z, labels, dZ);
    CHECK_THAT(fused, Close(nn::cross_entropy(nn::softmax(Z), nn::one_hot(labels, 6)), 1e-12));
    CHECK_THAT(fused, Close(nn::nll_loss(nn::log_softmax(Z), labels), 1e-12));
    // dZ = (P - Y) / N
    CHECK_THAT(dZ, EqualsMat((nn::softmax(Z) - nn::one_hot(labels, 6)) / 20.0, 1e-12, 1e-15));
    // extreme logits: a wrong confident answer costs 2000, not inf
    const arma::mat big = arma::vec{1000.0, -1000.0};
    CHECK_THAT(nn::softmax_cross_entropy(big, arma::uvec{1}, dZ), Close(2000.0, 1e-14));
    CHECK(dZ.is_finite());
}

TEST_CASE("Fused softmax cross-entropy gradient passes the gradient check",
          "[ch04][ex4.3][points=2]") {
    nn::seed_all(3);
    arma::mat Z = arma::mat(5, 8, arma::fill::randn);
    const arma::uvec labels = {0, 1, 2, 3, 4, 0, 2, 4};
    arma::mat dZ, scratch;
    nn::softmax_cross_entropy(Z, labels, dZ);
    const auto rep = nn::gradcheck::check(
        "softmax_cross_entropy dZ", [&] { return nn::softmax_cross_entropy(Z, labels, scratch); },
        Z, dZ);
    INFO(rep.str());
    CHECK(rep.ok(1e-7));
}

TEST_CASE("Fused gradient through a softmax network passes the gradient check",
          "[ch04][ex4.3][points=2]") {
    nn::seed_all(5);
    nn::Mlp net({4, 6, 3}, nn::Activation::Tanh, nn::Activation::Identity, nn::Init::Xavier);
    const arma::mat X(4, 7, arma::fill::randn);
    const arma::uvec labels = {0, 1, 2, 2, 1, 0, 1};
    arma::mat Z, dZ, scratchZ, scratchD;
    net.forward(X, Z);
    nn::softmax_cross_entropy(Z, labels, dZ);
    net.backward_from_logits(dZ);
    for (const nn::ParamRef& p : net.parameters()) {
        const arma::mat analytic = *p.grad;
        const auto rep = nn::gradcheck::check(
            p.name,
            [&] {
                scratchZ = net.predict(X);
                return nn::softmax_cross_entropy(scratchZ, labels, scratchD);
            },
            *p.value, analytic);
        INFO(rep.str());
        CHECK(rep.ok(1e-7));
    }
}

TEST_CASE("One-vs-rest loss by hand", "[ch04][ex4.4][points=1]") {
    // two classes, one sample of class 0, logits (0, 0): each sigmoid is 0.5,
    // loss = 2 log 2, gradient (0.5 - 1, 0.5 - 0)
    const arma::mat Z(2, 1, arma::fill::zeros);
    arma::mat dZ;
    CHECK_THAT(nn::one_vs_rest_loss(Z, arma::uvec{0}, dZ), Close(2.0 * std::log(2.0), 1e-14));
    CHECK_THAT(dZ, EqualsMat(arma::vec{-0.5, 0.5}, 1e-14, 1e-15));
    // large logits stay finite: z = (1000, -1000) for class 1 costs 1000 + 1000
    const arma::mat big = arma::vec{1000.0, -1000.0};
    CHECK_THAT(nn::one_vs_rest_loss(big, arma::uvec{1}, dZ), Close(2000.0, 1e-14));
    CHECK(dZ.is_finite());
}

TEST_CASE("One-vs-rest gradient passes the gradient check", "[ch04][ex4.4][points=1]") {
    nn::seed_all(8);
    arma::mat Z = 2.0 * arma::mat(4, 6, arma::fill::randn);
    const arma::uvec labels = {3, 1, 0, 2, 2, 1};
    arma::mat dZ, scratch;
    nn::one_vs_rest_loss(Z, labels, dZ);
    const auto rep = nn::gradcheck::check(
        "one_vs_rest dZ", [&] { return nn::one_vs_rest_loss(Z, labels, scratch); }, Z, dZ);
    INFO(rep.str());
    CHECK(rep.ok(1e-7));
}

TEST_CASE("Losses reject bad labels with a message naming the function",
          "[ch04][ex4.4][points=1]") {
    const arma::mat Z(3, 2, arma::fill::zeros);
    arma::mat dZ;
    CHECK_THROWS_WITH(nn::softmax_cross_entropy(Z, arma::uvec{0, 3}, dZ),
                      Catch::Contains("softmax_cross_entropy") && Catch::Contains("label 3"));
    CHECK_THROWS_AS(nn::softmax_cross_entropy(Z, arma::uvec{0}, dZ), std::invalid_argument);
    CHECK_THROWS_AS(nn::one_vs_rest_loss(Z, arma::uvec{0, 1, 2}, dZ), std::invalid_argument);
}

TEST_CASE("One momentum step by hand", "[ch04][ex4.5][points=2]") {
    // theta = (1, -2), v = (0.5, 0), g = (0.2, -0.4), lr 0.1, mu 0.9
    // v <- 0.9 v + g = (0.65, -0.4); theta <- theta - 0.1 v = (0.935, -1.96)
    arma::mat theta = {{1.0, -2.0}}, v = {{0.5, 0.0}};
    const arma::mat g = {{0.2, -0.4}};
    nn::momentum_update(theta, v, g, 0.1, 0.9);
    CHECK_THAT(v, EqualsMat(arma::mat{{0.65, -0.4}}, 1e-14, 1e-15));
    CHECK_THAT(theta, EqualsMat(arma::mat{{0.935, -1.96}}, 1e-14, 1e-15));
    // a second step with the same gradient: v = 0.9 (0.65, -0.4) + g = (0.785, -0.76)
    nn::momentum_update(theta, v, g, 0.1, 0.9);
    CHECK_THAT(v, EqualsMat(arma::mat{{0.785, -0.76}}, 1e-14, 1e-15));
    CHECK_THAT(theta, EqualsMat(arma::mat{{0.8565, -1.884}}, 1e-14, 1e-15));
    arma::mat wrong(2, 1, arma::fill::zeros);
    CHECK_THROWS_AS(nn::momentum_update(theta, wrong, g, 0.1, 0.9), std::invalid_argument);
}

TEST_CASE("One Adam step with bias correction by hand", "[ch04][ex4.6][points=2]") {
    // t = 1, g = (0.5, -2), beta1 0.9, beta2 0.999, eps 1e-8, lr 0.01, m = v = 0
    // m = 0.1 g = (0.05, -0.2); v = 0.001 g^2 = (0.00025, 0.004)
    // m^ = m / 0.1 = g; v^ = v / 0.001 = g^2; step = lr g / (|g| + eps) ~ lr sign(g)
    arma::mat theta = {{1.0, 1.0}}, m(1, 2, arma::fill::zeros), v(1, 2, arma::fill::zeros);
    const arma::mat g = {{0.5, -2.0}};
    nn::adam_update(theta, m, v, g, 0.01, 0.9, 0.999, 1e-8, 1);
    CHECK_THAT(m, EqualsMat(arma::mat{{0.05, -0.2}}, 1e-14, 1e-16));
    CHECK_THAT(v, EqualsMat(arma::mat{{0.00025, 0.004}}, 1e-12, 1e-16));
    CHECK_THAT(theta(0, 0), Close(1.0 - 0.01 * 0.5 / (0.5 + 1e-8), 1e-14));
    CHECK_THAT(theta(0, 1), Close(1.0 + 0.01 * 2.0 / (2.0 + 1e-8), 1e-14));
    // second step, g2 = (0.1, 0.1):
    // m = (0.9*0.05 + 0.01, 0.9*(-0.2) + 0.01) = (0.055, -0.17)
    // v = (0.999*0.00025 + 0.001*0.01, 0.999*0.004 + 0.001*0.01) = (0.00025975, 0.004006)
    // m^ = m / (1 - 0.81) = m / 0.19; v^ = v / (1 - 0.998001) = v / 0.001999
    const arma::mat g2 = {{0.1, 0.1}};
    const arma::mat before = theta;
    nn::adam_update(theta, m, v, g2, 0.01, 0.9, 0.999, 1e-8, 2);
    const double mh0 = 0.055 / 0.19, vh0 = 0.00025975 / 0.001999;
    const double mh1 = -0.17 / 0.19, vh1 = 0.004006 / 0.001999;
    CHECK_THAT(theta(0, 0), Close(before(0, 0) - 0.01 * mh0 / (std::sqrt(vh0) + 1e-8), 1e-12));
    CHECK_THAT(theta(0, 1), Close(before(0, 1) - 0.01 * mh1 / (std::sqrt(vh1) + 1e-8), 1e-12));
    CHECK_THROWS_AS(nn::adam_update(theta, m, v, g2, 0.01, 0.9, 0.999, 1e-8, 0),
                    std::invalid_argument);
}

TEST_CASE("The Optimizer applies SGD momentum and Adam to every parameter",
          "[ch04][ex4.7][points=2]") {
    nn::seed_all(2);
    nn::Mlp net({3, 4, 2}, nn::Activation::ReLU, nn::Activation::Identity);
    for (const nn::ParamRef& p : net.parameters()) p.grad->fill(0.5);  // a known gradient
    const auto params = net.parameters();
    const arma::mat W1 = *params[0].value, b2 = *params[3].value;

    nn::Optimizer sgd({nn::OptimizerKind::SGD, 0.1});
    sgd.step(params);
    CHECK(sgd.steps() == 1);
    CHECK_THAT(*params[0].value, EqualsMat(W1 - 0.05, 1e-14, 1e-15));

    nn::Optimizer mom({nn::OptimizerKind::Momentum, 0.1, 0.9});
    mom.step(params);  // v = 0.5, step 0.05
    mom.step(params);  // v = 0.95, step 0.095
    CHECK_THAT(*params[3].value, EqualsMat(b2 - 0.05 - 0.05 - 0.095, 1e-14, 1e-15));

    nn::Optimizer adam({nn::OptimizerKind::Adam, 0.01});
    const arma::mat W1b = *params[0].value;
    adam.step(params);  // t = 1: every entry moves by lr * g / (|g| + eps) ~ 0.01
    CHECK(adam.steps() == 1);
    CHECK_THAT(*params[0].value, EqualsMat(W1b - 0.01 * 0.5 / (0.5 + 1e-8), 1e-13, 1e-15));
    CHECK_THROWS_AS(mom.step({params[0]}), std::invalid_argument);
}

TEST_CASE("Step-size schedules", "[ch04][ex4.8][points=1]") {
    using nn::Schedule;
    CHECK_THAT(nn::scheduled_lr(Schedule::Constant, 0.3, 7, 10), Close(0.3));
    // step, E = 8: epochs 1-4 lr0, 5-6 lr0/10, 7-8 lr0/100
    CHECK_THAT(nn::scheduled_lr(Schedule::Step, 1.0, 4, 8), Close(1.0));
    CHECK_THAT(nn::scheduled_lr(Schedule::Step, 1.0, 5, 8), Close(0.1));
    CHECK_THAT(nn::scheduled_lr(Schedule::Step, 1.0, 6, 8), Close(0.1));
    CHECK_THAT(nn::scheduled_lr(Schedule::Step, 1.0, 7, 8), Close(0.01));
    // cosine, E = 4: lr0 (1 + cos(pi (e-1)/4)) / 2 = 1, 0.8536, 0.5, 0.1464
    CHECK_THAT(nn::scheduled_lr(Schedule::Cosine, 1.0, 1, 4), Close(1.0));
    CHECK_THAT(nn::scheduled_lr(Schedule::Cosine, 1.0, 2, 4),
               Close(0.5 + 0.5 * std::sqrt(0.5), 1e-14));
    CHECK_THAT(nn::scheduled_lr(Schedule::Cosine, 1.0, 3, 4), Close(0.5, 1e-14));
    CHECK_THAT(nn::scheduled_lr(Schedule::Cosine, 2.0, 4, 4), Close(1.0 - std::sqrt(0.5), 1e-14));
    CHECK_THROWS_AS(nn::scheduled_lr(Schedule::Step, 1.0, 9, 8), std::invalid_argument);
    CHECK_THROWS_AS(nn::scheduled_lr(Schedule::Cosine, 1.0, 0, 8), std::invalid_argument);
}

TEST_CASE("A softmax MLP learns the spirals with momentum", "[ch04][ex4.9][points=3]") {
    nn::OptimizerConfig cfg;
    cfg.kind = nn::OptimizerKind::Momentum;
    cfg.lr = 0.05;
    const double acc = train_spirals(cfg, nn::OutputLoss::Softmax, 150);
    INFO("test accuracy " << acc);
    CHECK(acc >= 0.95);
}

TEST_CASE("A softmax MLP learns the spirals with Adam", "[ch04][ex4.9][points=2]") {
    nn::OptimizerConfig cfg;
    cfg.kind = nn::OptimizerKind::Adam;
    cfg.lr = 0.01;
    const double acc = train_spirals(cfg, nn::OutputLoss::Softmax, 100);
    INFO("test accuracy " << acc);
    CHECK(acc >= 0.95);
}

TEST_CASE("One-vs-rest sigmoids also learn the spirals", "[ch04][ex4.9][points=1]") {
    nn::OptimizerConfig cfg;
    cfg.kind = nn::OptimizerKind::Momentum;
    cfg.lr = 0.05;
    const double acc = train_spirals(cfg, nn::OutputLoss::OneVsRest, 150);
    INFO("test accuracy " << acc);
    CHECK(acc >= 0.9);
}

TEST_CASE("Training stops with a clear message when the loss diverges", "[ch04][ex4.9][points=1]") {
    SpiralSplit d = spirals(1);
    nn::Mlp net({2, 32, 3}, nn::Activation::ReLU, nn::Activation::Identity);
    nn::Optimizer opt({nn::OptimizerKind::SGD, 1e300});
    nn::MiniBatcher batches(d.Xtr.n_cols, 32);
    nn::TrainBuffers buf;
    nn::EpochOptions eo;
    eo.epoch = 1;
    eo.diverge_hint = "lower --lr (now 1e+06)";
    CHECK_THROWS_WITH(
        nn::train_epoch(net, opt, d.Xtr, d.ytr, batches, buf, eo),
        Catch::Contains("at epoch 1 batch") && Catch::Contains("lower --lr (now 1e+06)"));
}

TEST_CASE("Evaluate returns loss accuracy and predictions", "[ch04][ex4.9][points=1]") {
    // a fixed network whose logits are the inputs: W = I, b = 0, identity output
    nn::Mlp net({3, 3}, nn::Activation::Identity, nn::Activation::Identity);
    net.layer(0).W = arma::eye(3, 3);
    net.layer(0).b.zeros();
    const arma::mat X = {{0.0, 2.0, 0.0, 0.0}, {0.0, 0.0, 0.0, 5.0}, {0.0, 0.0, 1.0, 0.0}};
    const arma::uvec labels = {0, 0, 1, 1};
    arma::uvec pred;
    const nn::ClassStats s = nn::evaluate(net, X, labels, nn::OutputLoss::Softmax, &pred, 3);
    // predictions: column 0 ties (0,0,0) -> class 0, then 0, 2, 1
    CHECK(arma::all(pred == arma::uvec{0, 0, 2, 1}));
    CHECK_THAT(s.accuracy, Close(0.75));
    arma::mat dZ;
    CHECK_THAT(s.loss, Close(nn::softmax_cross_entropy(X, labels, dZ), 1e-13));
}
