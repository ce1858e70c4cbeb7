// Chapter 01 tests: the perceptron's prediction, update rule, training loop and
// Novikoff's bound. Every test calls an exercise function, so every test fails on the stubs.
#include "nn/rng.hpp"
#include "nn/synthetic.hpp"
#include "nn_test.hpp"
#include "perceptron.hpp"

using nn::Perceptron;
using nn::test::Close;

namespace {
// A truth table as 2 x 4 inputs (00, 01, 10, 11) and labels.
const arma::mat kInputs = {{0, 0, 1, 1}, {0, 1, 0, 1}};
const arma::ivec kAnd = {0, 0, 0, 1};
const arma::ivec kOr = {0, 1, 1, 1};
const arma::ivec kXor = {0, 1, 1, 0};
}  // namespace

// Test cases are ordered by exercise; the tag [exN.M] says which exercise a test grades
// (scripts/check.sh N.M runs them). A test needs only its exercise and the ones before it.

TEST_CASE("predict is the step of the net input", "[ch01][ex1.1][points=2]") {
    const Perceptron p{{1.0, -1.0}, 0.5};
    CHECK(nn::perceptron_predict(p, arma::vec{0, 0}) == 1);    // z = 0.5
    CHECK(nn::perceptron_predict(p, arma::vec{2, 3}) == 0);    // z = -0.5
    CHECK(nn::perceptron_predict(p, arma::vec{1, 1.5}) == 1);  // z = 0 exactly: step(0) = 1
    CHECK(nn::perceptron_predict(p, arma::vec{-4, 0}) == 0);   // z = -3.5
}

TEST_CASE("predict rejects a sample of the wrong size", "[ch01][ex1.1][points=1]") {
    const Perceptron p{{1.0, -1.0}, 0.5};
    CHECK(nn::perceptron_predict(p, arma::vec{1, 1}) == 1);
    CHECK_THROWS_AS(nn::perceptron_predict(p, arma::vec{1, 2, 3}), std::invalid_argument);
}

TEST_CASE("update leaves a correct unit alone", "[ch01][ex1.2][points=1]") {
    Perceptron p{{2.0, -1.0}, -0.5};
    const bool changed = nn::perceptron_update(p, arma::vec{1, 0}, 1, 0.7);  // z = 1.5 -> 1, right
    CHECK_FALSE(changed);
    CHECK_THAT(p.w(0), Close(2.0));
    CHECK_THAT(p.w(1), Close(-1.0));
    CHECK_THAT(p.b, Close(-0.5));
}

TEST_CASE("update adds the input when the output is too low", "[ch01][ex1.2][points=2]") {
    Perceptron p{{2.0, -1.0}, -0.5};
    const bool changed =
        nn::perceptron_update(p, arma::vec{0, 3}, 1, 0.5);  // z = -3.5 -> 0, want 1
    CHECK(changed);
    CHECK_THAT(p.w(0), Close(2.0));
    CHECK_THAT(p.w(1), Close(-1.0 + 0.5 * 3));
    CHECK_THAT(p.b, Close(-0.5 + 0.5));
}

TEST_CASE("update subtracts the input when the output is too high", "[ch01][ex1.2][points=2]") {
    Perceptron p{{2.0, -1.0}, -0.5};
    const bool changed =
        nn::perceptron_update(p, arma::vec{1, 1}, 0, 0.25);  // z = 0.5 -> 1, want 0
    CHECK(changed);
    CHECK_THAT(p.w(0), Close(2.0 - 0.25));
    CHECK_THAT(p.w(1), Close(-1.0 - 0.25));
    CHECK_THAT(p.b, Close(-0.5 - 0.25));
}

TEST_CASE("training learns AND and OR", "[ch01][ex1.3][points=2]") {
    for (const arma::ivec* y : {&kAnd, &kOr}) {
        Perceptron p = Perceptron::zeros(2);
        const nn::PerceptronRun run = nn::perceptron_train(p, kInputs, *y, 1.0, 100);
        CHECK(run.converged);
        CHECK(run.mistakes_per_epoch.back() == 0);
        for (arma::uword i = 0; i < 4; ++i)
            CHECK(nn::perceptron_predict(p, kInputs.col(i)) == (*y)(i));
    }
}

TEST_CASE("training on AND follows the textbook trace", "[ch01][ex1.3][points=2]") {
    // From zero weights, alpha = 1, samples in the order 00, 01, 10, 11. Epoch 1:
    // 00: z = 0 -> 1, want 0: theta -= (0,0,1) -> w = (0,0), b = -1
    // 01: z = -1 -> 0 right;  10: z = -1 -> 0 right
    // 11: z = -1 -> 0, want 1: theta += (1,1,1) -> w = (1,1), b = 0
    Perceptron p = Perceptron::zeros(2);
    const nn::PerceptronRun one = nn::perceptron_train(p, kInputs, kAnd, 1.0, 1);
    REQUIRE(one.mistakes_per_epoch.size() == 1);
    CHECK(one.mistakes == 2);
    CHECK_FALSE(one.converged);
    CHECK_THAT(p.w(0), Close(1.0));
    CHECK_THAT(p.w(1), Close(1.0));
    CHECK_THAT(p.b, Close(0.0));
    const nn::PerceptronRun all = nn::perceptron_train(p, kInputs, kAnd, 1.0, 100);
    CHECK(all.converged);
    CHECK(all.history.size() == static_cast<std::size_t>(all.epochs));
    std::size_t sum = 0;
    for (auto m : all.mistakes_per_epoch) sum += m;
    CHECK(sum == all.mistakes);
}

TEST_CASE("training never learns XOR", "[ch01][ex1.3][points=2]") {
    Perceptron p = Perceptron::zeros(2);
    const nn::PerceptronRun run = nn::perceptron_train(p, kInputs, kXor, 1.0, 50);
    CHECK_FALSE(run.converged);
    CHECK(run.epochs == 50);
    REQUIRE(run.mistakes_per_epoch.size() == 50);
    for (auto m : run.mistakes_per_epoch) CHECK(m > 0);  // no line gets all four right
}

TEST_CASE("mistakes stay within the Novikoff bound on separable data", "[ch01][ex1.3][points=3]") {
    nn::seed_all(7);
    const nn::LabelledData d = nn::make_separable(200, 0.3);
    const arma::ivec y = nn::to_binary_labels(d.y, "make_separable");
    Perceptron p = Perceptron::zeros(2);
    const nn::PerceptronRun run = nn::perceptron_train(p, d.X, y, 1.0, 1000);
    REQUIRE(run.converged);
    CHECK(nn::augmented_margin(d.X, y, p.w, p.b) > 0);  // the final line separates the data
    const nn::NovikoffBound nb = nn::novikoff_bound(d.X, y, p);
    REQUIRE(nb.gamma > 0);
    CHECK(static_cast<double>(run.mistakes) <= nb.bound);
}

TEST_CASE("the number of mistakes does not depend on the learning rate",
          "[ch01][ex1.3][points=1]") {
    // From zero weights, theta is always lr times the lr = 1 run: the same mistakes happen.
    nn::seed_all(3);
    const nn::LabelledData d = nn::make_separable(60, 0.2);
    const arma::ivec y = nn::to_binary_labels(d.y, "make_separable");
    Perceptron a = Perceptron::zeros(2), b = Perceptron::zeros(2);
    const nn::PerceptronRun ra = nn::perceptron_train(a, d.X, y, 1.0, 500);
    const nn::PerceptronRun rb = nn::perceptron_train(b, d.X, y, 0.01, 500);
    CHECK(ra.converged);
    CHECK(ra.mistakes_per_epoch == rb.mistakes_per_epoch);
    CHECK_THAT(b.b, Close(0.01 * a.b, 1e-9, 1e-12));
}

TEST_CASE("training rejects mismatched sizes, labels other than 0 and 1, and max_epochs below 1",
          "[ch01][ex1.3][points=1]") {
    Perceptron p = Perceptron::zeros(2);
    CHECK_THROWS_AS(nn::perceptron_train(p, kInputs, arma::ivec{0, 1, 1}, 1.0, 10),
                    std::invalid_argument);
    Perceptron q = Perceptron::zeros(3);
    CHECK_THROWS_AS(nn::perceptron_train(q, kInputs, kAnd, 1.0, 10), std::invalid_argument);
    // labels must be 0/1 (a -1/+1 label set is converted by nn::to_binary_labels first)
    Perceptron r = Perceptron::zeros(2);
    CHECK_THROWS_AS(nn::perceptron_train(r, kInputs, arma::ivec{0, 1, 1, 2}, 1.0, 10),
                    std::invalid_argument);
    r = Perceptron::zeros(2);
    CHECK_THROWS_AS(nn::perceptron_train(r, kInputs, arma::ivec{-1, 1, 1, 1}, 1.0, 10),
                    std::invalid_argument);
    // at least one epoch
    r = Perceptron::zeros(2);
    CHECK_THROWS_AS(nn::perceptron_train(r, kInputs, kOr, 1.0, 0), std::invalid_argument);
    const nn::PerceptronRun ok = nn::perceptron_train(p, kInputs, kOr, 1.0, 10);
    CHECK(ok.converged);
}
