// Tests of chapter 05: L1/L2 penalties, their gradients, biases left alone, the cost of the
// notes, the penalty under the gradient checker, and sparsity of L1 against L2.
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "nn/gradcheck.hpp"
#include "nn/metrics.hpp"
#include "nn/preprocess.hpp"
#include "nn/rng.hpp"
#include "nn/synthetic.hpp"
#include "nn_test.hpp"
#include "regularization.hpp"
#include "softmax.hpp"

using nn::test::Close;
using nn::test::EqualsMat;

namespace {

// Golden values written by tests/fixtures/make_fixtures.py (PyTorch, float64).
// Format: '#' comments; "name rows cols" then rows lines of cols numbers.
using nn::test::read_fixture;

// A small network with weights pushed at least 0.05 away from 0 (L1 has a kink there)
// and non-zero biases, so that "biases are not penalised" can be seen.
nn::Mlp small_net(std::uint64_t seed) {
    nn::seed_all(seed);
    nn::Mlp net({3, 4, 2}, nn::Activation::Tanh, nn::Activation::Identity, nn::Init::Xavier);
    for (nn::ParamRef& p : net.parameters()) {
        if (p.is_bias) {
            p.value->randn();
        } else {
            p.value->transform([](double w) { return w + (w >= 0 ? 0.05 : -0.05); });
        }
    }
    return net;
}

void zero_grads(const std::vector<nn::ParamRef>& params) {
    for (const nn::ParamRef& p : params) p.grad->zeros(arma::size(*p.value));
}

}  // namespace

namespace {

// Noisy binary data in 10 dimensions where only the first two features matter
// (XOR of their signs, as in nn::make_noisy_xor); the other 8 are pure noise.
struct SparseTask {
    arma::mat X;
    arma::mat Y;
};
SparseTask sparse_task(arma::uword n) {
    nn::LabelledData xor2 = nn::make_noisy_xor(n, 0.3, 0.0);
    SparseTask t;
    t.X = arma::join_cols(xor2.X, arma::randn(8, n));
    t.Y = xor2.y;
    return t;
}

struct RunResult {
    double accuracy, zero_fraction;
};

RunResult train_with(const nn::Regularization& reg, const SparseTask& train,
                     const SparseTask& test) {
    nn::seed_all(11);
    nn::Mlp net({10, 16, 1}, nn::Activation::Tanh, nn::Activation::Identity, nn::Init::Xavier);
    const nn::LogitLoss bce = [](const arma::mat& Z, const arma::mat& Y, arma::mat& dZ) {
        return nn::bce_with_logits(Z, Y, dZ);
    };
    for (int epoch = 0; epoch < 1500; ++epoch) {
        nn::regularized_gradients(net, train.X, train.Y, bce, reg);
        nn::sgd_step(net.parameters(), 0.2);
    }
    const arma::mat Z = net.predict(test.X);
    const arma::uvec pred = arma::conv_to<arma::uvec>::from(Z.row(0).t() > 0.0);
    const arma::uvec truth = arma::conv_to<arma::uvec>::from(test.Y.row(0).t());
    return {nn::accuracy(pred, truth), nn::zero_fraction(net.parameters(), 1e-3)};
}

}  // namespace

// Test cases are ordered by exercise; the tag [exN.M] says which exercise a test grades
// (scripts/check.sh N.M runs them). A test needs only its exercise and the ones before it.

TEST_CASE("L1 and L2 penalties by hand", "[ch05][ex5.1][ex5.2][points=2]") {
    const arma::mat W = {{1.0, -2.0}, {0.0, 3.0}};
    // Omega1 = |1| + |-2| + |0| + |3| = 6, gradient sign(W) with sign(0) = 0.
    CHECK_THAT(nn::l1_penalty(W), Close(6.0));
    CHECK_THAT(nn::l1_penalty_gradient(W), EqualsMat(arma::mat{{1.0, -1.0}, {0.0, 1.0}}));
    // Omega2 = (1 + 4 + 0 + 9) / 2 = 7, gradient W.
    CHECK_THAT(nn::l2_penalty(W), Close(7.0));
    CHECK_THAT(nn::l2_penalty_gradient(W), EqualsMat(W));
    // A zero matrix costs nothing under both.
    CHECK_THAT(nn::l1_penalty(arma::zeros(3, 5)), Close(0.0));
    CHECK_THAT(nn::l2_penalty(arma::zeros(3, 5)), Close(0.0));
}

TEST_CASE("Biases are not penalised", "[ch05][ex5.3][ex5.4][points=2]") {
    nn::Mlp net = small_net(5);
    auto params = net.parameters();
    const nn::Regularization reg{0.03, 0.2};

    // The penalty counts the weights only: by hand over W1, W2 ...
    double expected = 0;
    for (const auto& p : params)
        if (!p.is_bias)
            expected += 0.03 * arma::accu(arma::abs(*p.value)) +
                        0.2 * 0.5 * arma::accu(arma::square(*p.value));
    CHECK_THAT(nn::weight_penalty(params, reg), Close(expected, 1e-13));
    // ... and changing a bias does not change it.
    *params[1].value += 10.0;
    CHECK_THAT(nn::weight_penalty(params, reg), Close(expected, 1e-13));

    // Gradients: the weights get lambda1 sign(W) + lambda2 W on top, the biases nothing.
    zero_grads(params);
    for (const auto& p : params) p.grad->fill(0.5);  // as if backward had left 0.5 everywhere
    nn::add_penalty_gradients(params, reg);
    for (const auto& p : params) {
        INFO(p.name);
        if (p.is_bias) {
            CHECK_THAT(*p.grad, EqualsMat(arma::mat(arma::size(*p.value), arma::fill::value(0.5))));
        } else {
            const arma::mat want = 0.5 + 0.03 * arma::sign(*p.value) + 0.2 * (*p.value);
            CHECK_THAT(*p.grad, EqualsMat(want, 1e-13, 1e-15));
        }
    }
}

TEST_CASE("Penalty gradients pass the gradient check", "[ch05][ex5.4][points=2]") {
    nn::Mlp net = small_net(7);
    auto params = net.parameters();
    for (const nn::Regularization reg : {nn::Regularization{0.0, 0.3}, nn::Regularization{0.2, 0.0},
                                         nn::Regularization{0.1, 0.05}}) {
        zero_grads(params);
        nn::add_penalty_gradients(params, reg);  // gradient of weight_penalty alone
        for (const auto& p : params) {
            const arma::mat analytic = *p.grad;
            auto report = nn::gradcheck::check(
                "penalty " + p.name, [&] { return nn::weight_penalty(params, reg); }, *p.value,
                analytic, nn::gradcheck::Options{1e-5, 0, 1e-12, 1e-10, /*allow_zero=*/p.is_bias});
            INFO(report.str());
            CHECK(report.ok(1e-7));
            if (!p.is_bias) CHECK_FALSE(report.vacuous);
        }
    }
}

TEST_CASE("Penalties agree with PyTorch", "[ch05][ex5.5][points=2]") {
    auto f = read_fixture("penalties.txt");
    const arma::mat& W = f.at("W");  // 5x7
    CHECK_THAT(nn::l1_penalty(W), Close(f.at("l1")(0), 1e-13));
    CHECK_THAT(nn::l1_penalty_gradient(W), EqualsMat(f.at("l1_grad"), 1e-13, 1e-13));
    CHECK_THAT(nn::l2_penalty(W), Close(f.at("l2")(0), 1e-13));
    CHECK_THAT(nn::l2_penalty_gradient(W), EqualsMat(f.at("l2_grad"), 1e-13, 1e-13));

    // The cost of the notes J = L + lambda/(2n) sum W^2 and its gradient (lambda/n) W,
    // on a "network" whose only weight is W (plus a bias that must not count).
    const double lambda = f.at("lambda")(0), data_loss = f.at("data_loss")(0);
    const auto n = static_cast<arma::uword>(f.at("n")(0));
    arma::mat Wc = W, gW(arma::size(W), arma::fill::zeros), b = arma::ones(5, 1),
              gb(5, 1, arma::fill::zeros);
    std::vector<nn::ParamRef> params = {{&Wc, &gW, false, "W1"}, {&b, &gb, true, "b1"}};
    CHECK_THAT(nn::regularized_cost(data_loss, params, lambda, n), Close(f.at("J")(0), 1e-13));
    nn::add_penalty_gradients(params, {0.0, lambda / static_cast<double>(n)});
    CHECK_THAT(gW, EqualsMat(f.at("J_grad"), 1e-13, 1e-13));
    CHECK_THAT(gb, EqualsMat(arma::zeros(5, 1)));
}

TEST_CASE("Zero strengths change nothing and negative ones are refused",
          "[ch05][ex5.5][points=1]") {
    nn::Mlp net = small_net(6);
    auto params = net.parameters();
    for (const auto& p : params) p.grad->fill(0.25);
    nn::add_penalty_gradients(params, {0.0, 0.0});
    for (const auto& p : params)
        CHECK_THAT(*p.grad, EqualsMat(arma::mat(arma::size(*p.value), arma::fill::value(0.25))));
    CHECK_THAT(nn::weight_penalty(params, {0.0, 0.0}), Close(0.0));
    CHECK_THROWS_AS(nn::weight_penalty(params, {-1.0, 0.0}), std::invalid_argument);
    CHECK_THROWS_AS(nn::add_penalty_gradients(params, {0.0, -0.1}), std::invalid_argument);
    CHECK_THROWS_AS(nn::regularized_cost(1.0, params, -1.0, 10), std::invalid_argument);
    CHECK_THROWS_AS(nn::regularized_cost(1.0, params, 1.0, 0), std::invalid_argument);
}

TEST_CASE("The cost of the notes is L2 with lambda over n", "[ch05][ex5.5][points=1]") {
    // One 1x2 weight [3, -4] and a bias 7: sum of squares 25, so with lambda = 0.2, n = 10:
    // J = 0.5 + 0.2 / 20 * 25 = 0.75 (the bias does not count).
    arma::mat W = {{3.0, -4.0}}, gW(1, 2, arma::fill::zeros), b(1, 1, arma::fill::value(7.0)),
              gb(1, 1, arma::fill::zeros);
    std::vector<nn::ParamRef> params = {{&W, &gW, false, "W1"}, {&b, &gb, true, "b1"}};
    CHECK_THAT(nn::regularized_cost(0.5, params, 0.2, 10), Close(0.75));
    CHECK_THAT(nn::regularized_cost(0.5, params, 0.2, 10),
               Close(0.5 + nn::weight_penalty(params, {0.0, 0.2 / 10.0})));
}

TEST_CASE("A regularised training step passes the gradient check", "[ch05][ex5.6][points=2]") {
    nn::Mlp net = small_net(8);
    nn::seed_all(80);
    const arma::mat X = arma::randn(3, 9);
    const arma::uvec labels = {0, 1, 1, 0, 1, 0, 0, 1, 1};
    const arma::mat Y = nn::one_hot(labels, 2);
    const nn::LogitLoss ce = [](const arma::mat& Z, const arma::mat& T, arma::mat& dZ) {
        return nn::softmax_cross_entropy(Z, nn::argmax_columns(T), dZ);
    };
    const nn::Regularization reg{0.01, 0.1};
    const double objective = nn::regularized_gradients(net, X, Y, ce, reg);
    auto params = net.parameters();

    // The value: data loss + penalty.
    arma::mat Z = net.predict(X), dZ;
    CHECK_THAT(
        objective,
        Close(nn::softmax_cross_entropy(Z, labels, dZ) + nn::weight_penalty(params, reg), 1e-12));

    // The gradients: every parameter, against centred differences of the whole objective.
    auto total = [&] {
        arma::mat Zt = net.predict(X), dZt;
        return nn::softmax_cross_entropy(Zt, labels, dZt) + nn::weight_penalty(params, reg);
    };
    for (const auto& p : params) {
        const arma::mat analytic = *p.grad;
        auto report = nn::gradcheck::check("objective " + p.name, total, *p.value, analytic);
        INFO(report.str());
        CHECK(report.ok(1e-7));
    }

    // The output layer must give logits.
    nn::Mlp sig({3, 2}, nn::Activation::Sigmoid, nn::Activation::Sigmoid);
    CHECK_THROWS_AS(nn::regularized_gradients(sig, X, Y, ce, reg), std::invalid_argument);
}

TEST_CASE("Near zero fraction by hand", "[ch05][ex5.7][points=1]") {
    // 6 weights, of which 0, 1e-5 and -5e-4 are below tol = 1e-3; the bias zeros do not count.
    arma::mat W = {{0.0, 1e-5, 0.5}, {-5e-4, -0.2, 2e-3}}, gW(2, 3), b(2, 1, arma::fill::zeros),
              gb(2, 1);
    std::vector<nn::ParamRef> params = {{&W, &gW, false, "W1"}, {&b, &gb, true, "b1"}};
    CHECK_THAT(nn::zero_fraction(params, 1e-3), Close(0.5));
    CHECK_THAT(nn::zero_fraction(params, 1e-6), Close(1.0 / 6.0));
    CHECK_THROWS_AS(nn::zero_fraction(params, 0.0), std::invalid_argument);
    CHECK(nn::weights_of(params).n_elem == 6);
}

TEST_CASE("L1 gives more near zero weights than L2 at matched accuracy",
          "[ch05][ex5.7][points=3]") {
    nn::seed_all(2024);
    const SparseTask train = sparse_task(200), test = sparse_task(1000);
    const RunResult l1 = train_with({3e-3, 0.0}, train, test);
    const RunResult l2 = train_with({0.0, 3e-3}, train, test);
    INFO("L1: accuracy " << l1.accuracy << " zero fraction " << l1.zero_fraction);
    INFO("L2: accuracy " << l2.accuracy << " zero fraction " << l2.zero_fraction);
    // Both solve the task about equally well ...
    CHECK(l1.accuracy > 0.9);
    CHECK(l2.accuracy > 0.9);
    CHECK(std::abs(l1.accuracy - l2.accuracy) < 0.05);
    // ... but L1 has driven most weights from the 8 noise inputs to (almost) zero and L2 has not.
    CHECK(l1.zero_fraction > 0.3);
    CHECK(l1.zero_fraction > 5 * l2.zero_fraction);
}
