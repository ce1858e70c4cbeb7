// Chapter 02 tests: the Δ accumulation, the stopping rule, the training loop and the
// perceptron criterion of the batch perceptron; its relation to chapter 01's online rule.
// Every test calls an exercise function of chapter 02, so every test fails on the stubs.
#include <cmath>
#include <initializer_list>
#include <limits>

#include "batch_perceptron.hpp"
#include "nn/gradcheck.hpp"
#include "nn/rng.hpp"
#include "nn/synthetic.hpp"
#include "nn_test.hpp"
#include "perceptron.hpp"

using nn::test::Close;
using nn::test::EqualsMat;

namespace {
// The worked example of the notes (section 2.2): four points, labels -1, -1, +1, +1.
const arma::mat kX = {{-1, 0, 1, 1}, {2, 0, 0, 1}};
const arma::rowvec kY = {-1, -1, 1, 1};

// The three points of the hand-computed Δ (notes, exercise 2.5): A = (2, 1) +, B = (1, 2) +, C = (-1, -1) -.
const arma::mat kX3 = {{2, 1, -1}, {1, 2, -1}};
const arma::rowvec kY3 = {1, 1, -1};

// XOR with labels ±1: 00 -> -1, 01 -> +1, 10 -> +1, 11 -> -1.
const arma::mat kXorX = {{0, 0, 1, 1}, {0, 1, 0, 1}};
const arma::rowvec kXorY = {-1, 1, 1, -1};

arma::mat as_mat(const arma::vec& v) {
    return arma::mat(v);
}
// A column vector as an n x 1 matrix, for EqualsMat.
arma::mat column(std::initializer_list<double> values) {
    return arma::mat(arma::vec(values));
}

// Separable data moved away from the origin: the bias must travel far, so training takes many epochs.
struct Shifted {
    arma::mat Xt;
    arma::rowvec y;
};
Shifted shifted_separable(std::uint64_t seed, arma::uword n, double shift) {
    nn::seed_all(seed);
    const nn::LabelledData d = nn::make_separable(n, 0.2);
    return {nn::augment_with_ones(d.X + shift), d.y};
}
}  // namespace

// Test cases are ordered by exercise; the tag [exN.M] says which exercise a test grades
// (scripts/check.sh N.M runs them). A test needs only its exercise and the ones before it.

TEST_CASE("batch delta by hand on three points", "[ch02][ex2.1][points=2]") {
    // theta = (1, -1, 0): A has y z = +1 (right), B has y z = -1 (wrong),
    // C has z = 0 exactly (on the line: counted as a mistake).
    const arma::vec theta = {1, -1, 0};
    const arma::mat Xt = nn::augment_with_ones(kX3);
    const nn::BatchDelta sum = nn::batch_delta(theta, Xt, kY3, false);
    CHECK(sum.mistakes == 2);
    // Delta = (+1)(1, 2, 1) + (-1)(-1, -1, 1) = (2, 3, 0)
    CHECK_THAT(as_mat(sum.delta), EqualsMat(column({2, 3, 0})));
    const nn::BatchDelta avg = nn::batch_delta(theta, Xt, kY3, true);
    CHECK(avg.mistakes == 2);
    CHECK_THAT(as_mat(avg.delta), EqualsMat(column({2.0 / 3, 1, 0})));
    CHECK_THAT(as_mat(theta), EqualsMat(column({1, -1, 0})));  // theta itself is not changed
}

TEST_CASE("at theta zero every point is a mistake", "[ch02][ex2.1][points=1]") {
    // y theta' xt = 0 <= 0 for every sample: Delta is the average of y xt.
    const arma::mat Xt = nn::augment_with_ones(kX);
    const nn::BatchDelta first = nn::batch_delta(arma::vec(3, arma::fill::zeros), Xt, kY, true);
    CHECK(first.mistakes == 4);
    CHECK_THAT(as_mat(first.delta), EqualsMat(column({0.75, -0.25, 0})));
    // A theta that gets every point right gives Delta = 0 and no mistake.
    const nn::BatchDelta clean = nn::batch_delta(arma::vec{0.75, -0.25, -0.25}, Xt, kY, true);
    CHECK(clean.mistakes == 0);
    CHECK_THAT(as_mat(clean.delta), EqualsMat(arma::mat(3, 1, arma::fill::zeros)));
}

TEST_CASE("the stopping rule is a strict inequality", "[ch02][ex2.2][points=1]") {
    const arma::vec delta = {3, 4};                  // ||Delta||_2 = 5 exactly
    CHECK_FALSE(nn::batch_should_stop(delta, 5.0));  // 5 < 5 is false
    CHECK(nn::batch_should_stop(delta, std::nextafter(5.0, 6.0)));
    CHECK_FALSE(nn::batch_should_stop(delta, 4.9));
    CHECK(nn::batch_should_stop(delta, 5.1));
    const arma::vec zero(3, arma::fill::zeros);
    CHECK(nn::batch_should_stop(zero, 1e-12));
    CHECK_FALSE(nn::batch_should_stop(zero, 0.0));  // epsilon = 0 never stops
    CHECK_THROWS_AS(nn::batch_should_stop(delta, -1.0), std::invalid_argument);
}

TEST_CASE("batch training follows the worked example", "[ch02][ex2.3][points=3]") {
    // Epoch 1: theta = 0, all four wrong, Delta = (3, -1, 0)/4 -> theta = (0.75, -0.25, 0).
    // Epoch 2: only (0, 0) is wrong (on the line, z = 0), Delta = -(0, 0, 1)/4 -> theta = (0.75, -0.25, -0.25).
    // Epoch 3: no mistake, Delta = 0 < epsilon: stop.
    arma::vec theta(3, arma::fill::zeros);
    nn::BatchOptions opt;
    opt.lr = 1.0;
    opt.epsilon = 1e-6;
    opt.max_epochs = 100;
    const nn::BatchRun run = nn::batch_perceptron_train(theta, nn::augment_with_ones(kX), kY, opt);
    CHECK(run.converged);
    REQUIRE(run.epochs == 3);
    REQUIRE(run.history.size() == 3);
    REQUIRE(run.delta_norms.size() == 3);
    CHECK(run.mistakes_per_epoch == std::vector<std::size_t>{4, 1, 0});
    CHECK_THAT(as_mat(run.history[0]), EqualsMat(column({0.75, -0.25, 0})));
    CHECK_THAT(as_mat(run.history[1]), EqualsMat(column({0.75, -0.25, -0.25})));
    CHECK_THAT(as_mat(theta), EqualsMat(column({0.75, -0.25, -0.25})));
    CHECK_THAT(run.delta_norms[0], Close(std::sqrt(0.625)));  // ||(0.75, -0.25, 0)||
    CHECK_THAT(run.delta_norms[1], Close(0.25));
    CHECK_THAT(run.delta_norm, Close(0.0));
    CHECK_THAT(nn::signed_accuracy(theta, nn::augment_with_ones(kX), kY), Close(1.0));
}

TEST_CASE("batch training separates separable data", "[ch02][ex2.3][points=2]") {
    const Shifted s = shifted_separable(7, 200, 3.0);
    arma::vec theta(3, arma::fill::zeros);
    nn::BatchOptions opt;
    opt.max_epochs = 20000;
    const nn::BatchRun run = nn::batch_perceptron_train(theta, s.Xt, s.y, opt);
    REQUIRE(run.converged);
    CHECK(run.epochs > 2);  // off-centre data: more than one real step is needed
    CHECK(run.mistakes_per_epoch.back() == 0);
    CHECK(run.mistakes_per_epoch.front() == 200);  // theta = 0 gets nothing right
    CHECK(run.history.size() == static_cast<std::size_t>(run.epochs));
    CHECK(run.delta_norms.size() == static_cast<std::size_t>(run.epochs));
    CHECK_THAT(nn::signed_accuracy(theta, s.Xt, s.y), Close(1.0));
    CHECK_THAT(as_mat(run.history.back()), EqualsMat(as_mat(theta)));
}

TEST_CASE("from zero the learning rate and the averaging only scale theta",
          "[ch02][ex2.3][points=2]") {
    // theta_t = (alpha / n) * (fixed-increment theta_t): same signs, same mistakes, same epochs.
    const Shifted s = shifted_separable(3, 60, 1.0);
    const double n = 60;
    nn::BatchOptions fixed;
    fixed.lr = 1.0;
    fixed.normalize = false;
    fixed.max_epochs = 20000;
    nn::BatchOptions scaled = fixed;
    scaled.lr = 0.01;
    scaled.normalize = true;
    scaled.epsilon = fixed.epsilon / n;  // ||Delta|| shrinks by n too (alpha does not enter Delta)
    arma::vec a(3, arma::fill::zeros), b(3, arma::fill::zeros);
    const nn::BatchRun ra = nn::batch_perceptron_train(a, s.Xt, s.y, fixed);
    const nn::BatchRun rb = nn::batch_perceptron_train(b, s.Xt, s.y, scaled);
    REQUIRE(ra.converged);
    CHECK(rb.converged);
    CHECK(ra.mistakes_per_epoch == rb.mistakes_per_epoch);
    CHECK(ra.epochs == rb.epochs);
    CHECK_THAT(as_mat(b), EqualsMat(as_mat(a * (0.01 / n)), 1e-9, 1e-12));
    REQUIRE(ra.delta_norms.size() == rb.delta_norms.size());
    for (std::size_t k = 0; k < ra.delta_norms.size(); ++k)
        CHECK_THAT(rb.delta_norms[k], Close(ra.delta_norms[k] / n, 1e-9, 1e-12));
}

TEST_CASE("fixed increment batch and online perceptron take different steps",
          "[ch02][ex2.3][points=2]") {
    // Same data, same start, alpha = 1, no averaging. The batch sums the mistakes of theta at the
    // START of the epoch; the online rule (chapter 01) judges each sample with the theta of the moment.
    const arma::mat Xt = nn::augment_with_ones(kX);
    arma::vec theta(3, arma::fill::zeros);
    nn::BatchOptions opt;
    opt.normalize = false;
    opt.max_epochs = 1;
    const nn::BatchRun one = nn::batch_perceptron_train(theta, Xt, kY, opt);
    CHECK(one.mistakes_per_epoch == std::vector<std::size_t>{4});
    CHECK_THAT(as_mat(theta), EqualsMat(column({3, -1, 0})));  // sum of y xt over all four

    nn::Perceptron p = nn::Perceptron::zeros(2);
    const arma::ivec y01 = {0, 0, 1, 1};
    const nn::PerceptronRun online = nn::perceptron_train(p, kX, y01, 1.0, 1);
    CHECK(online.mistakes == 2);  // only samples 1 and 4 are mistakes when they are met
    CHECK_THAT(as_mat(nn::theta_from_perceptron(p)), EqualsMat(column({2, -1, 0})));

    // Both finish with a separating line, but not the same one.
    opt.max_epochs = 100;
    const nn::BatchRun rest = nn::batch_perceptron_train(theta, Xt, kY, opt);
    CHECK(rest.converged);
    CHECK_THAT(as_mat(theta), EqualsMat(column({3, -1, -1})));
    const nn::PerceptronRun online_rest = nn::perceptron_train(p, kX, y01, 1.0, 100);
    CHECK(online_rest.converged);
    CHECK_THAT(as_mat(nn::theta_from_perceptron(p)), EqualsMat(column({2, -1, -1})));
}

TEST_CASE("the stopping rule is fooled by XOR at theta zero", "[ch02][ex2.3][points=1]") {
    // At theta = 0 all four points are mistakes, but their y xt cancel: Delta = 0 and the
    // rule stops after one epoch with every point still on the line.
    arma::vec theta(3, arma::fill::zeros);
    const arma::mat Xt = nn::augment_with_ones(kXorX);
    const nn::BatchRun run = nn::batch_perceptron_train(theta, Xt, kXorY, nn::BatchOptions());
    CHECK(run.converged);
    CHECK(run.epochs == 1);
    CHECK(run.mistakes_per_epoch == std::vector<std::size_t>{4});
    CHECK_THAT(run.delta_norm, Close(0.0));
    CHECK_THAT(nn::signed_accuracy(theta, Xt, kXorY), Close(0.0));
}

TEST_CASE("noisy XOR does not converge", "[ch02][ex2.3][points=2]") {
    nn::seed_all(5);
    const nn::LabelledData d = nn::make_noisy_xor(100, 0.25, 0.0);
    const arma::mat Xt = nn::augment_with_ones(d.X);
    const arma::rowvec y = nn::to_signed_labels(arma::conv_to<arma::ivec>::from(d.y.t()));
    for (bool normalize : {true, false}) {
        arma::vec theta(3, arma::fill::zeros);
        nn::BatchOptions opt;
        opt.normalize = normalize;
        opt.max_epochs = 300;
        const nn::BatchRun run = nn::batch_perceptron_train(theta, Xt, y, opt);
        CHECK_FALSE(run.converged);
        CHECK(run.epochs == 300);
        REQUIRE(run.mistakes_per_epoch.size() == 300);
        for (auto m : run.mistakes_per_epoch) CHECK(m > 0);
        CHECK(nn::signed_accuracy(theta, Xt, y) < 0.9);
    }
}

TEST_CASE("a larger epsilon stops earlier on the same path", "[ch02][ex2.3][points=1]") {
    const Shifted s = shifted_separable(7, 200, 3.0);
    nn::BatchOptions tight, loose;
    tight.max_epochs = loose.max_epochs = 20000;
    tight.epsilon = 1e-6;
    loose.epsilon = 0.05;
    arma::vec a(3, arma::fill::zeros), b(3, arma::fill::zeros);
    const nn::BatchRun rt = nn::batch_perceptron_train(a, s.Xt, s.y, tight);
    const nn::BatchRun rl = nn::batch_perceptron_train(b, s.Xt, s.y, loose);
    REQUIRE(rt.converged);
    REQUIRE(rl.converged);
    CHECK(rl.epochs <= rt.epochs);
    CHECK(rl.delta_norm < 0.05);
    // Same theta path up to the earlier stop: epsilon only decides when to stop.
    CHECK_THAT(as_mat(b), EqualsMat(as_mat(rt.history[static_cast<std::size_t>(rl.epochs) - 1])));
    // A tolerance above the first ||Delta|| stops after one epoch.
    nn::BatchOptions huge = loose;
    huge.epsilon = rt.delta_norms.front() * 1.01;
    arma::vec c(3, arma::fill::zeros);
    CHECK(nn::batch_perceptron_train(c, s.Xt, s.y, huge).epochs == 1);
}

TEST_CASE("the criterion by hand on three points", "[ch02][ex2.4][points=1]") {
    // theta = (1, -1, 0): B contributes -y z = 1, C lies on the line and contributes 0, A none.
    const arma::mat Xt = nn::augment_with_ones(kX3);
    CHECK_THAT(nn::perceptron_criterion(arma::vec{1, -1, 0}, Xt, kY3), Close(1.0));
    CHECK_THAT(nn::perceptron_criterion(arma::vec{0, 0, 0}, Xt, kY3), Close(0.0));    // J(0) = 0
    CHECK_THAT(nn::perceptron_criterion(arma::vec{1, 1, 0}, Xt, kY3), Close(0.0));    // all right
    CHECK_THAT(nn::perceptron_criterion(arma::vec{-1, -1, 0}, Xt, kY3), Close(8.0));  // 3 + 3 + 2
}

TEST_CASE("delta is minus the gradient of the criterion over n", "[ch02][ex2.4][points=3]") {
    // Noisy XOR: whatever theta, some points are wrong, so the gradient is not zero.
    nn::seed_all(11);
    const nn::LabelledData d = nn::make_noisy_xor(40, 0.3, 0.0);
    const arma::mat Xt = nn::augment_with_ones(d.X);
    const arma::rowvec y = nn::to_signed_labels(arma::conv_to<arma::ivec>::from(d.y.t()));
    const double n = 40;
    int checked = 0;
    for (int trial = 0; trial < 10; ++trial) {
        arma::mat theta = arma::randn(3, 1);
        // Away from the kinks: no sample within 1e-3 of the line (the step h is 1e-5).
        if (arma::abs(theta.t() * Xt).eval().min() < 1e-3) continue;
        const nn::BatchDelta bd = nn::batch_delta(theta.col(0), Xt, y, true);
        REQUIRE(bd.mistakes > 0);
        const arma::mat analytic = -n * arma::mat(bd.delta);  // grad J = -n Delta
        // The bias entry is -(sum of y over the mistakes), an integer that is often exactly 0;
        // a relative error against an exact 0 measures only round-off, so such points are skipped.
        if (arma::any(arma::vectorise(analytic) == 0.0)) continue;
        auto J = [&] { return nn::perceptron_criterion(theta.col(0), Xt, y); };
        const nn::gradcheck::Report r =
            nn::gradcheck::check("perceptron criterion", J, theta, analytic);
        INFO(r.str());
        CHECK(r.ok(1e-7));
        CHECK_FALSE(r.vacuous);
        ++checked;
    }
    CHECK(checked >= 3);
}

TEST_CASE("shape and label errors throw invalid argument", "[ch02][ex2.4][points=1]") {
    const arma::mat Xt = nn::augment_with_ones(kX);
    const arma::vec theta(3, arma::fill::zeros);
    CHECK(nn::batch_delta(theta, Xt, kY, true).mistakes == 4);  // the valid call works
    CHECK_THROWS_AS(nn::batch_delta(arma::vec(2, arma::fill::zeros), Xt, kY, true),
                    std::invalid_argument);
    CHECK_THROWS_AS(nn::batch_delta(theta, Xt, arma::rowvec{-1, 1, 1}, true),
                    std::invalid_argument);
    CHECK_THROWS_AS(nn::batch_delta(theta, Xt, arma::rowvec{0, 0, 1, 1}, true),
                    std::invalid_argument);
    CHECK_THROWS_AS(nn::perceptron_criterion(theta, kX, kY),
                    std::invalid_argument);  // not augmented
    arma::vec t = theta;
    nn::BatchOptions bad;
    bad.lr = 0;
    CHECK_THROWS_AS(nn::batch_perceptron_train(t, Xt, kY, bad), std::invalid_argument);
    bad = nn::BatchOptions();
    bad.max_epochs = 0;
    CHECK_THROWS_AS(nn::batch_perceptron_train(t, Xt, kY, bad), std::invalid_argument);
    bad = nn::BatchOptions();
    bad.epsilon = -1;
    CHECK_THROWS_AS(nn::batch_perceptron_train(t, Xt, kY, bad), std::invalid_argument);
    CHECK_THROWS_AS(nn::batch_perceptron_train(t, Xt, arma::rowvec{-1, -1, 1}, nn::BatchOptions()),
                    std::invalid_argument);
}
