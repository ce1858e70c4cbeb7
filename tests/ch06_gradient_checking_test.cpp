// Tests of chapter 06: centred differences, relative error, error bands, coordinate subsets,
// kinks, vacuous checks, a planted bug; then every backward of chapters 03-05 under
// nn::gradcheck::check and against the PyTorch fixtures (tests/fixtures/*.txt).
//
// Every test case calls at least one exercise function of chapter 06 (numerical_gradient,
// relative_error, verdict, check_gradient, ...), so that it fails on the stubs.
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "gradient_checking.hpp"
#include "mlp.hpp"
#include "nn/gradcheck.hpp"
#include "nn/metrics.hpp"
#include "nn/preprocess.hpp"
#include "nn/rng.hpp"
#include "nn_test.hpp"
#include "regularization.hpp"
#include "softmax.hpp"

using nn::test::Close;
using nn::test::EqualsMat;

namespace {

// Golden values written by tests/fixtures/make_fixtures.py (PyTorch, float64).
// Format: '#' comments; "name rows cols" then rows lines of cols numbers.
using nn::test::read_fixture;

// Uniform entries in [lo, hi] pushed at least `margin` away from `kink`.
arma::mat away_from(arma::uword r, arma::uword c, double lo, double hi, double kink,
                    double margin) {
    arma::mat M = lo + (hi - lo) * arma::randu(r, c);
    M.transform([&](double z) {
        if (std::abs(z - kink) < margin) return z < kink ? kink - margin : kink + margin;
        return z;
    });
    return M;
}

// A 1x1 matrix (arma::mat{{x}} is ambiguous).
arma::mat one(double x) {
    return arma::mat(1, 1, arma::fill::value(x));
}

// The smooth-point tolerance of the project: every check below must be "good".
constexpr double kTol = 1e-7;

// Both the project's checker and the student's band must call it good, and not vacuously.
void require_good(const nn::gradcheck::Report& r) {
    INFO(r.str());
    CHECK(r.ok(kTol));
    CHECK_FALSE(r.vacuous);
    CHECK(nn::verdict(r.max_rel_error) == nn::Verdict::Good);
}

}  // namespace

// Test cases are ordered by exercise; the tag [exN.M] says which exercise a test grades
// (scripts/check.sh N.M runs them). A test needs only its exercise and the ones before it.

TEST_CASE("Centred and one sided differences of a cube by hand", "[ch06][ex6.1][ex6.2][points=2]") {
    // L(theta) = theta^3 at theta = 2: L' = 12, L''' = 6.
    arma::mat theta = one(2.0);
    auto cube = [&] { return std::pow(theta(0), 3); };
    // Centred: ((2.1)^3 - (1.9)^3) / 0.2 = (9.261 - 6.859) / 0.2 = 12.01, error h^2 L'''/6 = h^2.
    CHECK_THAT(nn::numerical_gradient(cube, theta, 0.1)(0), Close(12.01, 1e-12));
    // One-sided: ((2.1)^3 - 8) / 0.1 = 12.61, error 3 theta h + h^2 = 0.61.
    CHECK_THAT(nn::one_sided_gradient(cube, theta, 0.1)(0), Close(12.61, 1e-12));
    // The parameter is restored exactly.
    CHECK(theta(0) == 2.0);
    // Ten times smaller h: the centred error drops 100 times, the one-sided one 10 times.
    CHECK_THAT(nn::numerical_gradient(cube, theta, 0.01)(0), Close(12.0001, 1e-11));
    CHECK_THAT(nn::one_sided_gradient(cube, theta, 0.01)(0), Close(12.0601, 1e-11));
    CHECK_THROWS_AS(nn::numerical_gradient(cube, theta, 0.0), std::invalid_argument);
    CHECK_THROWS_AS(nn::one_sided_gradient(cube, theta, -1.0), std::invalid_argument);
}

TEST_CASE("Centred differences are second order and one sided first order",
          "[ch06][ex6.2][points=2]") {
    arma::mat theta = one(0.7);
    auto f = [&] { return std::sin(theta(0)) * std::exp(theta(0)); };
    const double exact = (std::cos(0.7) + std::sin(0.7)) * std::exp(0.7);
    const double c1 = std::abs(nn::numerical_gradient(f, theta, 1e-2)(0) - exact);
    const double c2 = std::abs(nn::numerical_gradient(f, theta, 1e-3)(0) - exact);
    const double o1 = std::abs(nn::one_sided_gradient(f, theta, 1e-2)(0) - exact);
    const double o2 = std::abs(nn::one_sided_gradient(f, theta, 1e-3)(0) - exact);
    // Truncation error ~ C h^2 (ratio 100) and ~ C h (ratio 10).
    CHECK(c1 / c2 > 90);
    CHECK(c1 / c2 < 110);
    CHECK(o1 / o2 > 9);
    CHECK(o1 / o2 < 11);
    // Too small an h: round-off (about eps L / h) takes over and the error grows again.
    const double c_tiny = std::abs(nn::numerical_gradient(f, theta, 1e-12)(0) - exact);
    CHECK(c_tiny > 100 * std::abs(nn::numerical_gradient(f, theta, 1e-5)(0) - exact));
}

TEST_CASE("A subset of coordinates for a large parameter", "[ch06][ex6.3][ex6.9][points=2]") {
    nn::seed_all(5);
    // L(W) = sum softplus(W x) with W 2 x 1000 (2000 entries): dL/dW = sigmoid(W x) x^T.
    arma::mat W = 0.02 * arma::randn(2, 1000);
    const arma::mat x = 1 + arma::randu(1000, 1);  // entries in [1, 2]: no tiny gradients
    auto loss = [&] { return arma::accu(arma::log(1 + arma::exp(W * x))); };
    const arma::mat analytic = (1 / (1 + arma::exp(-(W * x)))) * x.t();
    const arma::uvec coords = {0, 7, 1999, 345};
    const arma::vec n = nn::numerical_gradient_at(loss, W, coords, 1e-5);
    REQUIRE(n.n_elem == 4);
    CHECK(nn::relative_error(analytic.elem(coords), n) < 1e-8);
    CHECK_THROWS_AS(nn::numerical_gradient_at(loss, W, arma::uvec{2000}, 1e-5),
                    std::invalid_argument);
    // The whole check on 30 random coordinates is good and reports 30 checked.
    const nn::GradCheckResult r = nn::check_gradient(loss, W, analytic, 1e-5, 30);
    INFO("max relative error " << r.max_rel_error);
    CHECK(r.checked == 30);
    CHECK(r.verdict == nn::Verdict::Good);
    CHECK_FALSE(r.both_zero);
}

TEST_CASE("Numerical gradient of a matrix agrees with the project checker",
          "[ch06][ex6.4][points=2]") {
    nn::seed_all(1);
    arma::mat W = arma::randn(3, 5), x = arma::randn(5, 1);
    const arma::mat w0 = W;
    // L(W) = sum(tanh(W x)); dL/dW = (1 - tanh^2(W x)) x^T.
    auto loss = [&] { return arma::accu(arma::tanh(W * x)); };
    const arma::mat mine = nn::numerical_gradient(loss, W, 1e-5);
    CHECK(arma::approx_equal(W, w0, "absdiff", 0.0));  // every entry put back exactly
    const arma::mat ref = nn::gradcheck::numerical_gradient(loss, W, 1e-5);
    CHECK_THAT(mine, EqualsMat(ref, 1e-12, 1e-14));
    const arma::mat analytic = (1 - arma::square(arma::tanh(W * x))) * x.t();
    CHECK(nn::relative_error(analytic, mine) < 1e-9);
}

TEST_CASE("Dense layer agrees with PyTorch", "[ch06][ex6.4][points=2]") {
    auto f = read_fixture("dense.txt");
    nn::Dense layer(7, 5);
    layer.W = f.at("W");
    layer.b = f.at("b");
    arma::mat Z, dX;
    layer.forward(f.at("X"), Z);
    layer.backward(f.at("dZ"), dX);
    CHECK(nn::relative_error(Z, f.at("Z")) < 1e-14);
    CHECK(nn::relative_error(layer.dW, f.at("dW")) < 1e-14);
    CHECK(nn::relative_error(layer.db, f.at("db")) < 1e-14);
    CHECK(nn::relative_error(dX, f.at("dX")) < 1e-14);
    CHECK_THAT(Z, EqualsMat(f.at("Z"), 1e-12, 1e-13));
    CHECK_THAT(dX, EqualsMat(f.at("dX"), 1e-12, 1e-13));
}

TEST_CASE("Losses agree with PyTorch", "[ch06][ex6.4][points=2]") {
    auto f = read_fixture("losses.txt");
    arma::mat g;
    CHECK_THAT(nn::mse_loss(f.at("A"), f.at("Y")), Close(f.at("mse")(0), 1e-13));
    nn::mse_gradient(f.at("A"), f.at("Y"), g);
    CHECK(nn::relative_error(g, f.at("d_mse")) < 1e-14);
    CHECK_THAT(nn::mae_loss(f.at("Am"), f.at("Y")), Close(f.at("mae")(0), 1e-13));
    nn::mae_gradient(f.at("Am"), f.at("Y"), g);
    CHECK(nn::relative_error(g, f.at("d_mae")) < 1e-14);
    CHECK_THAT(nn::bce_loss(f.at("P"), f.at("T")), Close(f.at("bce")(0), 1e-13));
    nn::bce_gradient(f.at("P"), f.at("T"), g);
    CHECK(nn::relative_error(g, f.at("d_bce")) < 1e-13);
    CHECK_THAT(nn::bce_with_logits(f.at("Zl"), f.at("T"), g), Close(f.at("bce_logits")(0), 1e-13));
    CHECK(nn::relative_error(g, f.at("d_bce_logits")) < 1e-13);
}

TEST_CASE("Softmax cross-entropy agrees with PyTorch", "[ch06][ex6.4][points=2]") {
    auto f = read_fixture("softmax_ce.txt");
    const arma::uvec labels = arma::conv_to<arma::uvec>::from(f.at("labels").row(0).t());
    CHECK(nn::relative_error(nn::softmax(f.at("Z")), f.at("P")) < 1e-14);
    arma::mat dZ;
    CHECK_THAT(nn::softmax_cross_entropy(f.at("Z"), labels, dZ), Close(f.at("loss")(0), 1e-13));
    CHECK(nn::relative_error(dZ, f.at("dZ")) < 1e-13);
    CHECK_THAT(nn::cross_entropy(f.at("P"), f.at("Y")), Close(f.at("loss")(0), 1e-12));
}

TEST_CASE("Relative error by hand with its floor", "[ch06][ex6.5][points=2]") {
    const arma::mat a = {1.0, 2.0}, n = {1.0, 2.1};
    // ||a - n|| = 0.1, ||a|| = sqrt 5, ||n|| = sqrt 5.41.
    CHECK_THAT(nn::relative_error(a, n), Close(0.1 / (std::sqrt(5.0) + std::sqrt(5.41)), 1e-14));
    // Entry by entry: 0/2 and 0.1/4.1, the worst is the second.
    arma::uword worst = 99;
    CHECK_THAT(nn::max_relative_error(a, n, 1e-12, &worst), Close(0.1 / 4.1, 1e-14));
    CHECK(worst == 1);
    // Equal gradients: 0; one of them zero: 1; both zero: 0 thanks to the floor, not NaN.
    CHECK_THAT(nn::relative_error(a, a), Close(0.0));
    CHECK_THAT(nn::relative_error(a, arma::zeros(1, 2)), Close(1.0));
    CHECK_THAT(nn::relative_error(arma::zeros(2, 2), arma::zeros(2, 2)), Close(0.0));
    CHECK_THAT(nn::max_relative_error(arma::zeros(2, 2), arma::zeros(2, 2)), Close(0.0));
    // Opposite signs give the maximum, 1.
    CHECK_THAT(nn::max_relative_error(one(3.0), one(-3.0)), Close(1.0));
    // Tiny gradients: the floor decides. |1e-14 - 2e-14| / max(3e-14, 1e-12) = 0.01.
    CHECK_THAT(nn::relative_error(one(1e-14), one(2e-14), 1e-12), Close(0.01, 1e-12));
    CHECK_THROWS_AS(nn::relative_error(a, arma::zeros(2, 1)), std::invalid_argument);
    CHECK_THROWS_AS(nn::max_relative_error(a, arma::zeros(3, 1)), std::invalid_argument);
}

TEST_CASE("Activations agree with PyTorch", "[ch06][ex6.5][points=2]") {
    auto f = read_fixture("activations.txt");
    const arma::mat& Z = f.at("Z");
    for (const std::string& name : nn::activation_names()) {
        if (!f.count(name + "_A")) continue;
        INFO(name);
        const nn::Activation kind = nn::parse_activation(name);
        const double alpha =
            f.at(name + "_alpha")(0) != 0 ? f.at(name + "_alpha")(0) : nn::default_alpha(kind);
        arma::mat A, D;
        nn::activation_forward(kind, alpha, Z, A);
        nn::activation_derivative(kind, alpha, Z, D);
        CHECK(nn::max_relative_error(A, f.at(name + "_A"), 1e-300) < 1e-13);
        CHECK_THAT(D, EqualsMat(f.at(name + "_D"), 1e-12, 1e-15));
    }
}

TEST_CASE("Error bands", "[ch06][ex6.6][points=2]") {
    CHECK(nn::verdict(0.0) == nn::Verdict::Good);
    CHECK(nn::verdict(3e-9) == nn::Verdict::Good);
    CHECK(nn::verdict(1e-7) == nn::Verdict::Good);
    CHECK(nn::verdict(2e-7) == nn::Verdict::Acceptable);
    CHECK(nn::verdict(1e-4) == nn::Verdict::Acceptable);
    CHECK(nn::verdict(1e-3) == nn::Verdict::Suspicious);
    CHECK(nn::verdict(1e-2) == nn::Verdict::Suspicious);
    CHECK(nn::verdict(0.02) == nn::Verdict::Wrong);
    CHECK(nn::verdict(1.0) == nn::Verdict::Wrong);
    CHECK(nn::verdict(std::nan("")) == nn::Verdict::Wrong);
    CHECK(nn::verdict_name(nn::Verdict::Wrong) == "WRONG");
}

TEST_CASE("Dense layer gradients are good", "[ch06][ex6.6][points=2]") {
    nn::seed_all(7);
    nn::Dense layer(7, 5);
    layer.init(nn::Init::He);
    layer.b = arma::randn(5, 1);
    arma::mat X = arma::randn(7, 11);
    const arma::mat G = arma::randn(5, 11);  // L = sum(G % Z), so dL/dZ = G
    auto loss = [&] {
        arma::mat Z;
        layer.forward(X, Z);
        return arma::accu(G % Z);
    };
    arma::mat Z, dX;
    layer.forward(X, Z);
    layer.backward(G, dX);
    const arma::mat dW = layer.dW, db = layer.db;
    require_good(nn::gradcheck::check("Dense dW", loss, layer.W, dW));
    require_good(nn::gradcheck::check("Dense db", loss, layer.b, db));
    require_good(nn::gradcheck::check("Dense dX", loss, X, dX));
}

TEST_CASE("A whole network agrees with PyTorch", "[ch06][ex6.6][points=2]") {
    auto f = read_fixture("mlp.txt");
    nn::Mlp net({7, 5, 3}, nn::Activation::Tanh, nn::Activation::Sigmoid);
    net.layer(0).W = f.at("W1");
    net.layer(0).b = f.at("b1");
    net.layer(1).W = f.at("W2");
    net.layer(1).b = f.at("b2");
    arma::mat Out, dOut;
    net.forward(f.at("X"), Out);
    CHECK(nn::relative_error(Out, f.at("A2")) < 1e-14);
    CHECK_THAT(nn::loss_and_gradient(nn::Loss::MSE, Out, f.at("Y"), dOut),
               Close(f.at("loss")(0), 1e-13));
    net.backward(dOut);
    CHECK(nn::relative_error(net.layer(0).dW, f.at("dW1")) < 1e-13);
    CHECK(nn::relative_error(net.layer(0).db, f.at("db1")) < 1e-13);
    CHECK(nn::relative_error(net.layer(1).dW, f.at("dW2")) < 1e-13);
    CHECK(nn::relative_error(net.layer(1).db, f.at("db2")) < 1e-13);
    // The same backward (Mlp::backward through a sigmoid output) under the checker.
    const arma::mat X = f.at("X"), Y = f.at("Y");
    auto loss = [&] { return nn::mse_loss(net.predict(X), Y); };
    for (const auto& p : net.parameters()) {
        const arma::mat analytic = *p.grad;
        require_good(nn::gradcheck::check("mlp fixture " + p.name, loss, *p.value, analytic));
    }
}

TEST_CASE("Random coordinate subsets", "[ch06][ex6.7][points=2]") {
    nn::seed_all(3);
    const arma::uvec c = nn::random_coordinates(1000, 20);
    REQUIRE(c.n_elem == 20);
    CHECK(c.is_sorted());
    CHECK(arma::unique(c).eval().n_elem == 20);  // distinct
    CHECK(c.max() < 1000);
    // The same seed gives the same subset, another seed another one.
    nn::seed_all(3);
    CHECK(arma::all(nn::random_coordinates(1000, 20) == c));
    nn::seed_all(4);
    CHECK_FALSE(arma::all(nn::random_coordinates(1000, 20) == c));
    // Asking for more than there is gives everything.
    CHECK(arma::all(nn::random_coordinates(5, 9) == arma::regspace<arma::uvec>(0, 4)));
    // Uniform: over many draws of 3 out of 10 every index turns up about 3/10 of the time.
    arma::vec hits(10, arma::fill::zeros);
    for (int t = 0; t < 4000; ++t) {
        const arma::uvec s = nn::random_coordinates(10, 3);
        for (arma::uword i : s) hits(i) += 1;
    }
    CHECK(hits.min() > 4000 * 0.3 * 0.85);
    CHECK(hits.max() < 4000 * 0.3 * 1.15);
    CHECK_THROWS_AS(nn::random_coordinates(0, 1), std::invalid_argument);
}

TEST_CASE("Loss gradients are good", "[ch06][ex6.8][points=3]") {
    nn::seed_all(9);
    const arma::mat Y = arma::randn(3, 7);
    SECTION("MSE") {
        arma::mat A = arma::randn(3, 7), dA;
        nn::mse_gradient(A, Y, dA);
        require_good(nn::gradcheck::check(
            "mse", [&] { return nn::mse_loss(A, Y); }, A, dA));
    }
    SECTION("MAE away from its kink") {
        arma::mat A = Y + away_from(3, 7, -1.0, 1.0, 0.0, 0.05), dA;
        REQUIRE(nn::kink_crossings(A - Y, 1e-5) == 0);
        nn::mae_gradient(A, Y, dA);
        require_good(nn::gradcheck::check(
            "mae", [&] { return nn::mae_loss(A, Y); }, A, dA));
    }
    SECTION("BCE on probabilities") {
        arma::mat P = 0.05 + 0.9 * arma::randu(3, 7), dP;
        const arma::mat T = arma::conv_to<arma::mat>::from(arma::randu(3, 7) < 0.5);
        nn::bce_gradient(P, T, dP);
        require_good(nn::gradcheck::check(
            "bce", [&] { return nn::bce_loss(P, T); }, P, dP));
    }
    SECTION("BCE with logits") {
        arma::mat Z = 3 * arma::randn(3, 7), dZ;
        const arma::mat T = arma::conv_to<arma::mat>::from(arma::randu(3, 7) < 0.5);
        nn::bce_with_logits(Z, T, dZ);
        arma::mat scratch;
        require_good(nn::gradcheck::check(
            "bce_logits", [&] { return nn::bce_with_logits(Z, T, scratch); }, Z, dZ));
    }
    SECTION("Softmax cross-entropy") {
        arma::mat Z = arma::randn(5, 7), dZ;  // moderate logits: no probability (gradient) near 0
        const arma::uvec labels = {0, 4, 2, 2, 1, 3, 0};
        nn::softmax_cross_entropy(Z, labels, dZ);
        arma::mat scratch;
        require_good(nn::gradcheck::check(
            "softmax_ce", [&] { return nn::softmax_cross_entropy(Z, labels, scratch); }, Z, dZ));
    }
    SECTION("One vs rest") {
        arma::mat Z = 2 * arma::randn(4, 7), dZ;
        const arma::uvec labels = {0, 3, 2, 2, 1, 3, 0};
        nn::one_vs_rest_loss(Z, labels, dZ);
        arma::mat scratch;
        require_good(nn::gradcheck::check(
            "one_vs_rest", [&] { return nn::one_vs_rest_loss(Z, labels, scratch); }, Z, dZ));
    }
}

TEST_CASE("Penalty gradients are good away from zero", "[ch06][ex6.8][points=2]") {
    nn::seed_all(10);
    arma::mat W = away_from(5, 7, -1.0, 1.0, 0.0, 0.05);
    REQUIRE(nn::kink_crossings(W, 1e-5) == 0);
    require_good(nn::gradcheck::check(
        "l1", [&] { return nn::l1_penalty(W); }, W, nn::l1_penalty_gradient(W)));
    require_good(nn::gradcheck::check(
        "l2", [&] { return nn::l2_penalty(W); }, W, nn::l2_penalty_gradient(W)));
}

TEST_CASE("Relative errors agree with the project checker", "[ch06][ex6.9][points=1]") {
    nn::seed_all(2);
    arma::mat W = arma::randn(4, 3);
    auto loss = [&] { return arma::accu(arma::exp(0.3 * W)); };
    const arma::mat slightly_off = 0.3 * arma::exp(0.3 * W) % (1 + 1e-4 * arma::randn(4, 3));
    const auto report = nn::gradcheck::check("exp", loss, W, slightly_off);
    const arma::mat n = nn::numerical_gradient(loss, W, 1e-5);
    arma::uword worst = 0;
    CHECK_THAT(nn::max_relative_error(slightly_off, n, 1e-12, &worst),
               Close(report.max_rel_error, 1e-6));
    CHECK(worst == report.worst);
    CHECK_THAT(nn::relative_error(slightly_off, n), Close(report.total_rel_error, 1e-6));
    // The student's whole check says the same.
    const nn::GradCheckResult mine = nn::check_gradient(loss, W, slightly_off);
    CHECK_THAT(mine.max_rel_error, Close(report.max_rel_error, 1e-6));
    CHECK(mine.worst == report.worst);
    CHECK(mine.checked == 12);
    CHECK(mine.verdict == nn::verdict(report.max_rel_error));
}

TEST_CASE("ReLU at its kink fools the check", "[ch06][ex6.9][points=2]") {
    // L(Z) = sum relu(Z) at Z = 0 exactly: the centred difference is (h - 0) / 2h = 1/2 but
    // backward says relu'(0) = 0: relative error 1 although nothing is wrong with backward.
    arma::mat Z = {{0.0, 1.5, -2.0}};
    auto loss = [&] {
        arma::mat A;
        nn::activation_forward(nn::Activation::ReLU, 0.0, Z, A);
        return arma::accu(A);
    };
    arma::mat D;
    nn::activation_derivative(nn::Activation::ReLU, 0.0, Z, D);
    const nn::GradCheckResult r = nn::check_gradient(loss, Z, D, 1e-5);
    CHECK(r.worst == 0);
    CHECK_THAT(r.numeric_at_worst, Close(0.5, 1e-9));
    CHECK_THAT(r.analytic_at_worst, Close(0.0));
    CHECK_THAT(r.max_rel_error, Close(1.0, 1e-9));
    CHECK(r.verdict == nn::Verdict::Wrong);
    CHECK(nn::kink_crossings(Z, 1e-5) == 1);
    // Within h of the kink (z = 3e-6 < h = 1e-5) the centred difference still straddles it:
    // (3e-6 + 1e-5) / 2e-5 = 0.65, not 1.
    Z(0) = 3e-6;
    CHECK(nn::kink_crossings(Z, 1e-5) == 1);
    CHECK_THAT(nn::numerical_gradient(loss, Z, 1e-5)(0), Close(0.65, 1e-6));
    // Farther away than h there is no crossing and the check is good.
    Z(0) = 0.3;
    CHECK(nn::kink_crossings(Z, 1e-5) == 0);
    nn::activation_derivative(nn::Activation::ReLU, 0.0, Z, D);
    CHECK(nn::check_gradient(loss, Z, D, 1e-5).verdict == nn::Verdict::Good);
}

TEST_CASE("A check of two zero gradients is refused", "[ch06][ex6.9][points=2]") {
    // A loss that does not depend on W and a backward that returns zeros: perfect agreement
    // that proves nothing. Both checkers must refuse it.
    arma::mat W = arma::randn(3, 3);
    auto constant = [&] { return 4.2; };
    const arma::mat zeros(3, 3, arma::fill::zeros);
    const nn::GradCheckResult mine = nn::check_gradient(constant, W, zeros);
    CHECK(mine.both_zero);
    CHECK(mine.verdict == nn::Verdict::Wrong);
    const auto report = nn::gradcheck::check("constant", constant, W, zeros);
    CHECK(report.vacuous);
    CHECK_FALSE(report.ok(kTol));
    CHECK(nn::relative_error(zeros, nn::numerical_gradient(constant, W)) == 0.0);
    // With allow_zero (a zero gradient is the expected answer) the project checker accepts it.
    nn::gradcheck::Options allow;
    allow.allow_zero = true;
    CHECK(nn::gradcheck::check("constant", constant, W, zeros, allow).ok(kTol));
}

TEST_CASE("A planted bug is caught and the worst coordinate reported", "[ch06][ex6.9][points=3]") {
    // A square dense layer with MSE. The buggy backward forgets the transpose in dX = W^T dZ;
    // with a square W the shapes still fit, so only a gradient check can notice.
    nn::seed_all(6);
    nn::Dense layer(4, 4);
    layer.init(nn::Init::Xavier);
    arma::mat X = arma::randn(4, 5);
    const arma::mat Y = arma::randn(4, 5);
    auto loss = [&] {
        arma::mat Z;
        layer.forward(X, Z);
        return nn::mse_loss(Z, Y);
    };
    arma::mat Z, dZ, dX;
    layer.forward(X, Z);
    nn::mse_gradient(Z, Y, dZ);
    layer.backward(dZ, dX);
    const arma::mat buggy = layer.W * dZ;  // should be W.t() * dZ

    const nn::GradCheckResult right = nn::check_gradient(loss, X, dX);
    CHECK(right.verdict == nn::Verdict::Good);
    const nn::GradCheckResult wrong = nn::check_gradient(loss, X, buggy);
    CHECK(wrong.verdict == nn::Verdict::Wrong);
    CHECK(wrong.analytic_at_worst == buggy(wrong.worst));

    const auto report = nn::gradcheck::check("Dense dX (buggy)", loss, X, buggy);
    CHECK_FALSE(report.ok(kTol));
    CHECK(report.worst == wrong.worst);
    // The report gives the worst coordinate with both values: the buggy one and the true one.
    CHECK_THAT(report.analytic_at_worst, Close(buggy(report.worst)));
    CHECK_THAT(report.numeric_at_worst, Close(dX(report.worst), 1e-7, 1e-9));
    const std::string line = report.str();
    CHECK(line.find("analytic") != std::string::npos);
    CHECK(line.find("numeric") != std::string::npos);

    // A missing factor is caught as well: MSE gradient without its 2.
    const arma::mat half = 0.5 * dZ;
    arma::mat Zc = Z;
    auto loss_z = [&] { return nn::mse_loss(Zc, Y); };
    CHECK(nn::check_gradient(loss_z, Zc, half).verdict == nn::Verdict::Wrong);
    CHECK_THAT(nn::relative_error(half, dZ), Close(1.0 / 3.0, 1e-12));  // |a - 2a| / (|a| + |2a|)
}

TEST_CASE("Every activation derivative is good away from kinks", "[ch06][ex6.9][points=3]") {
    nn::seed_all(8);
    const arma::mat G = arma::randn(4, 6);
    for (nn::Activation f : {nn::Activation::Identity, nn::Activation::Sigmoid,
                             nn::Activation::Tanh, nn::Activation::Arctan, nn::Activation::Softsign,
                             nn::Activation::ISRU, nn::Activation::ReLU, nn::Activation::LeakyReLU,
                             nn::Activation::ELU, nn::Activation::Softplus, nn::Activation::Step}) {
        const double alpha = f == nn::Activation::LeakyReLU ? 0.1 : nn::default_alpha(f);
        arma::mat Z = away_from(4, 6, -3.0, 3.0, 0.0, 0.05);  // no entry within 0.05 of a kink
        REQUIRE(nn::kink_crossings(Z, 1e-5) == 0);
        auto loss = [&] {
            arma::mat A;
            nn::activation_forward(f, alpha, Z, A);
            return arma::accu(G % A);
        };
        arma::mat D;
        nn::activation_derivative(f, alpha, Z, D);
        const arma::mat analytic = G % D;  // dL/dZ = G (.) f'(Z)
        INFO(nn::activation_name(f));
        if (f == nn::Activation::Step) {
            // The step function is flat away from 0: a zero gradient is the right answer.
            nn::gradcheck::Options allow;
            allow.allow_zero = true;
            const auto r = nn::gradcheck::check("step", loss, Z, analytic, allow);
            CHECK(r.ok(kTol));
            CHECK(nn::check_gradient(loss, Z, analytic).both_zero);
        } else {
            require_good(nn::gradcheck::check(nn::activation_name(f), loss, Z, analytic));
        }
    }
}

TEST_CASE("A whole network with penalties is good", "[ch06][ex6.9][points=3]") {
    nn::seed_all(70);  // a seed whose gradients have no entry near 0 (see the REQUIRE below)
    nn::Mlp net({6, 8, 5, 3},
                {nn::Activation::Tanh, nn::Activation::Softplus, nn::Activation::Identity},
                nn::Init::Xavier);
    for (nn::ParamRef& p : net.parameters()) {
        if (p.is_bias)
            p.value->randn();
        else
            p.value->transform(
                [](double w) { return w + (w >= 0 ? 0.05 : -0.05); });  // L1 away from 0
    }
    const arma::mat X = arma::randn(6, 9);
    const arma::uvec labels = {0, 1, 2, 2, 1, 0, 1, 2, 0};
    const arma::mat Y = nn::one_hot(labels, 3);
    const nn::LogitLoss ce = [](const arma::mat& Z, const arma::mat& T, arma::mat& dZ) {
        return nn::softmax_cross_entropy(Z, nn::argmax_columns(T), dZ);
    };
    const nn::Regularization reg{0.01, 0.05};
    nn::regularized_gradients(net, X, Y, ce, reg);
    auto params = net.parameters();
    auto objective = [&] {
        arma::mat dZ;
        return nn::softmax_cross_entropy(net.predict(X), labels, dZ) +
               nn::weight_penalty(params, reg);
    };
    for (const auto& p : params) {
        const arma::mat analytic = *p.grad;
        // A precondition, not a tolerance: an entry of size g is only good to about
        // eps L / (h g) (round-off), so a 1e-7 check needs no entry near 0 (the seed gives none).
        REQUIRE(arma::abs(analytic).min() > 1e-3);
        require_good(nn::gradcheck::check("mlp " + p.name, objective, *p.value, analytic));
        // The student's check with a random subset of 10 coordinates agrees.
        CHECK(nn::check_gradient(objective, *p.value, analytic, 1e-5, 10).verdict ==
              nn::Verdict::Good);
    }
}
