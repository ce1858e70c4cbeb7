// Tests of chapter 09: the inverted-dropout mask, the Dropout layer (training and evaluation
// modes, forward and backward with the same mask), dropout on the hidden layers of an Mlp
// (gradient check with a fixed mask, predict never drops) and two learning tests.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "classifier.hpp"
#include "dropout.hpp"
#include "mlp.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/gradcheck.hpp"
#include "nn/preprocess.hpp"
#include "nn/rng.hpp"
#include "nn/synthetic.hpp"
#include "nn_test.hpp"
#include "optim.hpp"
#include "sequential.hpp"
#include "softmax.hpp"

using nn::test::Close;
using nn::test::EqualsMat;

namespace {

// Entries of magnitude 0.5 .. 1.5 with random signs (never 0: some tests divide by them).
arma::mat nonzero_matrix(arma::uword rows, arma::uword cols) {
    const arma::mat mag = 0.5 + arma::randu(rows, cols);
    const arma::mat sgn = arma::sign(arma::randn(rows, cols));
    arma::mat X = mag % sgn;
    X.replace(0.0, 1.0);
    return X;
}

arma::uword count_nonzero(const arma::mat& M) {
    return arma::accu(M != 0.0);
}

}  // namespace

namespace {

struct SplitData {
    arma::mat Xtr, Xva;
    arma::uvec ytr, yva;
};

// Train a ReLU network with dropout p on its hidden layers (nn::mlp_with_dropout; p = 0:
// none) with momentum SGD and the cosine schedule; returns (train accuracy, validation
// accuracy), both measured in evaluation mode.
double accuracy_of(nn::Sequential& net, const arma::mat& X, const arma::uvec& y) {
    net.set_training(false);
    arma::mat Z;
    net.forward(X, Z);
    net.set_training(true);
    return static_cast<double>(nn::count_correct(Z, y)) / static_cast<double>(y.n_elem);
}

std::pair<double, double> fit(const SplitData& d, const std::vector<arma::uword>& widths, double p,
                              int epochs, double lr, std::uint64_t seed) {
    nn::seed_all(seed);
    nn::Sequential net = nn::mlp_with_dropout(widths, nn::Activation::ReLU, p, nn::Init::He);
    const std::vector<nn::ParamRef> params = net.parameters();
    nn::Optimizer opt({nn::OptimizerKind::Momentum, lr});
    nn::MiniBatcher batches(d.Xtr.n_cols, 32);
    arma::mat Xb, Z, dZ;
    arma::uvec yb;
    for (int e = 1; e <= epochs; ++e) {
        opt.set_lr(nn::scheduled_lr(nn::Schedule::Cosine, lr, e, epochs));
        batches.shuffle();
        for (arma::uword b = 0; b < batches.num_batches(); ++b) {
            batches.fill(b, d.Xtr, Xb);
            batches.fill(b, d.ytr, yb);
            net.forward(Xb, Z);
            nn::softmax_cross_entropy(Z, yb, dZ);
            net.backward(dZ);
            opt.step(params);
        }
    }
    return {accuracy_of(net, d.Xtr, d.ytr), accuracy_of(net, d.Xva, d.yva)};
}

}  // namespace

namespace {

// Two classes in d dimensions separated by the sign of x1 + x2 (the other features are
// noise); a fraction `flip` of the TRAINING labels is flipped, the validation labels are clean.
SplitData noisy_linear(arma::uword d, arma::uword n_train, arma::uword n_valid, double flip) {
    const auto make = [d](arma::uword n, arma::mat& X, arma::uvec& y, double wrong_fraction) {
        X = arma::randn(d, n);
        const arma::urowvec positive = (X.row(0) + X.row(1)) > 0.0;
        y = positive.t();
        std::bernoulli_distribution wrong(wrong_fraction);
        for (arma::uword i = 0; i < n; ++i)
            if (wrong(nn::rng())) y(i) = 1 - y(i);
    };
    SplitData s;
    make(n_train, s.Xtr, s.ytr, flip);
    make(n_valid, s.Xva, s.yva, 0.0);
    return s;
}

}  // namespace

// Test cases are ordered by exercise; the tag [exN.M] says which exercise a test grades
// (scripts/check.sh N.M runs them). A test needs only its exercise and the ones before it.

TEST_CASE("Mask entries are zero or one over one minus p", "[ch09][ex9.1][points=1]") {
    for (double p : {0.1, 0.5, 0.8}) {
        nn::seed_all(1);
        arma::mat M;
        nn::dropout_mask(p, 30, 40, M);
        REQUIRE(M.n_rows == 30);
        REQUIRE(M.n_cols == 40);
        const double s = 1.0 / (1.0 - p);
        const arma::uword zeros = arma::accu(M == 0.0), kept = arma::accu(M == s);
        INFO("p = " << p << ": " << zeros << " zeros and " << kept << " entries equal to 1/(1-p)");
        CHECK(zeros + kept == M.n_elem);  // nothing else
        CHECK(zeros > 0);                 // both values occur
        CHECK(kept > 0);
    }
    // the memory of a mask of the right size is reused
    arma::mat M(5, 4);
    const double* before = M.memptr();
    nn::dropout_mask(0.5, 5, 4, M);
    CHECK(M.memptr() == before);
}

TEST_CASE("The fraction of kept units is close to one minus p", "[ch09][ex9.1][points=2]") {
    // The number of kept entries among n independent ones is Binomial(n, 1-p): mean n(1-p),
    // standard deviation sqrt(n p (1-p)). We allow 5 standard deviations (a normal variable
    // exceeds that with probability 6e-7; the seed is fixed in any case).
    nn::seed_all(2);
    const arma::uword rows = 200, cols = 500, n = rows * cols;
    for (double p : {0.1, 0.3, 0.5, 0.9}) {
        arma::mat M;
        nn::dropout_mask(p, rows, cols, M);
        const double kept = static_cast<double>(count_nonzero(M));
        const double mean = static_cast<double>(n) * (1 - p),
                     sd = std::sqrt(static_cast<double>(n) * p * (1 - p));
        INFO("p = " << p << ": kept " << kept << " of " << n << ", expected " << mean << " +- "
                    << sd);
        CHECK(std::abs(kept - mean) <= 5 * sd);
    }
    // Entries are independent: with p = 0.5 every column of 200 entries keeps
    // Binomial(200, 0.5) of them, 100 +- 7.1; dropping whole columns (or rows) would give 0 or 200.
    arma::mat M;
    nn::dropout_mask(0.5, rows, cols, M);
    const arma::urowvec per_col = arma::sum(arma::conv_to<arma::umat>::from(M != 0.0), 0);
    const arma::ucolvec per_row = arma::sum(arma::conv_to<arma::umat>::from(M != 0.0), 1);
    CHECK(per_col.min() >= 100 - 6 * 7.08);
    CHECK(per_col.max() <= 100 + 6 * 7.08);
    CHECK(per_row.min() >= 250 - 6 * 11.2);  // Binomial(500, 0.5): 250 +- 11.2
    CHECK(per_row.max() <= 250 + 6 * 11.2);
}

TEST_CASE("Drop probabilities outside zero to one are rejected", "[ch09][ex9.1][points=1]") {
    arma::mat M;
    for (double p : {-0.1, 1.0, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
        INFO("p = " << p);
        CHECK_THROWS_AS(nn::dropout_mask(p, 2, 2, M), std::invalid_argument);
        CHECK_THROWS_AS(nn::Dropout(p), std::invalid_argument);
    }
    CHECK_THROWS_WITH(nn::dropout_mask(1.0, 2, 2, M),
                      Catch::Contains("dropout_mask") && Catch::Contains("[0, 1)"));
    CHECK_THROWS_WITH(nn::Dropout(-0.5), Catch::Contains("Dropout") && Catch::Contains("-0.5"));
    // just below 1 is allowed (almost everything dropped, the rest scaled by 1000)
    nn::seed_all(6);
    nn::dropout_mask(0.999, 2, 2, M);
    CHECK(arma::all(arma::vectorise((M == 0.0) + (M == 1.0 / (1.0 - 0.999))) == 1));
}

TEST_CASE("Inverted dropout preserves the expectation", "[ch09][ex9.2][points=2]") {
    // One masked copy of x is y = x r / q with r ~ Bernoulli(q), q = 1 - p:
    //   E[y] = x q / q = x,   Var[y] = x^2 (E[r^2]/q^2 - 1) = x^2 (1/q - 1) = x^2 p / (1 - p).
    // The mean of K independent copies has standard deviation |x| sqrt(p / ((1 - p) K)); every
    // entry must be within 5 of those of x.
    // The variance itself: z = (y - x)^2 / x^2 = (r/q - 1)^2 is (p/q)^2 with probability q and 1
    // with probability p, so E[z] = p/q and Var[z] = q (p/q)^4 + p - (p/q)^2; the mean of the
    // n K values of z must be within 5 of its standard deviations of p / q.
    nn::seed_all(3);
    const arma::mat X = nonzero_matrix(6, 5);
    const int K = 4000;
    for (double p : {0.2, 0.5, 0.75}) {
        nn::Dropout drop(p);
        arma::mat Y, sum(arma::size(X), arma::fill::zeros);
        double z_sum = 0;
        for (int k = 0; k < K; ++k) {
            drop.forward(X, Y);
            sum += Y;
            z_sum += arma::accu(arma::square(Y - X) / arma::square(X));
        }
        const arma::mat mean = sum / K;
        const arma::mat sd = arma::abs(X) * std::sqrt(p / ((1 - p) * K));
        const arma::mat dev = arma::abs(mean - X) / sd;
        INFO("p = " << p << ": largest deviation of a mean " << dev.max()
                    << " standard deviations");
        CHECK(dev.max() <= 5.0);

        const double q = 1 - p, n_z = static_cast<double>(X.n_elem) * K;
        const double var_z = q * std::pow(p / q, 4) + p - std::pow(p / q, 2);
        const double z_mean = z_sum / n_z;
        INFO("relative variance " << z_mean << ", expected p/(1-p) = " << p / q);
        CHECK(std::abs(z_mean - p / q) <= 5 * std::sqrt(var_z / n_z) + 1e-12);
    }
}

TEST_CASE("Evaluation mode is the identity", "[ch09][ex9.2][ex9.3][points=1]") {
    nn::seed_all(4);
    const arma::mat X = arma::randn(7, 9), dY = arma::randn(7, 9);
    nn::Dropout drop(0.7);
    CHECK(drop.training());  // a new layer trains
    drop.eval();
    CHECK_FALSE(drop.training());
    const std::mt19937_64 before = nn::rng();
    arma::mat Y, dX;
    drop.forward(X, Y);
    CHECK_THAT(Y, EqualsMat(X, 0, 0));
    drop.backward(dY, dX);
    CHECK_THAT(dX, EqualsMat(dY, 0, 0));
    CHECK(nn::rng() == before);  // no random numbers drawn
    // back to training: now units are dropped
    drop.train();
    drop.forward(X, Y);
    CHECK(count_nonzero(Y) < Y.n_elem);
}

TEST_CASE("The same seed gives the same masks", "[ch09][ex9.2][points=1]") {
    const arma::mat X(20, 10, arma::fill::ones);
    nn::Dropout drop(0.5);
    arma::mat Y;
    nn::seed_all(5);
    drop.forward(X, Y);
    const arma::mat M1 = drop.mask();
    drop.forward(X, Y);
    const arma::mat M2 = drop.mask();
    CHECK(arma::any(arma::vectorise(M1 != M2)));  // a new mask every pass
    nn::seed_all(5);
    drop.forward(X, Y);
    CHECK_THAT(drop.mask(), EqualsMat(M1, 0, 0));
    drop.forward(X, Y);
    CHECK_THAT(drop.mask(), EqualsMat(M2, 0, 0));
    nn::seed_all(6);
    drop.forward(X, Y);
    CHECK(arma::any(arma::vectorise(drop.mask() != M1)));
    // the mask function on its own
    arma::mat A, B;
    nn::seed_all(11);
    nn::dropout_mask(0.3, 15, 15, A);
    nn::seed_all(11);
    nn::dropout_mask(0.3, 15, 15, B);
    CHECK_THAT(A, EqualsMat(B, 0, 0));
}

TEST_CASE("Dropout with p equal to zero is the identity", "[ch09][ex9.3][points=1]") {
    nn::seed_all(5);
    const arma::mat X = arma::randn(4, 6), dY = arma::randn(4, 6);
    nn::Dropout drop(0.0);
    REQUIRE(drop.training());
    arma::mat Y, dX, M;
    const std::mt19937_64 before = nn::rng();
    drop.forward(X, Y);
    CHECK_THAT(Y, EqualsMat(X, 0, 0));
    drop.backward(dY, dX);
    CHECK_THAT(dX, EqualsMat(dY, 0, 0));
    nn::dropout_mask(0.0, 3, 4, M);
    CHECK_THAT(M, EqualsMat(arma::ones(3, 4), 0, 0));
    CHECK(nn::rng() == before);  // with p = 0 nothing is drawn
}

TEST_CASE("Backward uses the mask of the forward pass", "[ch09][ex9.3][points=2]") {
    nn::seed_all(7);
    const double p = 0.4;
    nn::Dropout drop(p);
    const arma::mat X = nonzero_matrix(8, 6), dY = arma::randn(8, 6), dY2 = arma::randn(8, 6);
    arma::mat Y, dX;
    drop.forward(X, Y);
    const arma::mat M = drop.mask();
    REQUIRE(M.n_rows == 8);
    REQUIRE(M.n_cols == 6);
    CHECK_THAT(Y, EqualsMat(X % M, 0, 0));
    drop.backward(dY, dX);
    CHECK_THAT(dX, EqualsMat(dY % M, 0, 0));  // exactly the forward's mask
    // entry by entry: a dropped unit passes nothing back, a kept one dY / (1 - p)
    const arma::mat keep = arma::conv_to<arma::mat>::from(Y != 0.0);  // r, read off the output
    CHECK(arma::accu(keep) > 0);
    CHECK(arma::accu(keep) < keep.n_elem);
    CHECK_THAT(dX, EqualsMat(dY % keep / (1 - p), 1e-15, 0));  // the same to the last bit or two
    for (arma::uword i = 0; i < dX.n_elem; ++i)
        if (keep(i) != 0.0) CHECK(dX(i) == dY(i) * drop.scale());

    // a second backward reuses the mask and draws nothing; in place works too
    const std::mt19937_64 before = nn::rng();
    drop.backward(dY2, dX);
    CHECK_THAT(dX, EqualsMat(dY2 % M, 0, 0));
    arma::mat G = dY2;
    drop.backward(G, G);
    CHECK_THAT(G, EqualsMat(dY2 % M, 0, 0));
    CHECK(nn::rng() == before);
    // in-place forward, and the next forward draws a new mask
    arma::mat A = X;
    drop.forward(A, A);
    CHECK_THAT(A, EqualsMat(X % drop.mask(), 0, 0));
    CHECK(arma::any(arma::vectorise(drop.mask() != M)));
}

TEST_CASE("Backward before forward is an error", "[ch09][ex9.3][points=1]") {
    nn::Dropout drop(0.5);
    arma::mat dX, Y;
    const arma::mat ones(3, 2, arma::fill::ones);
    CHECK_THROWS_AS(drop.backward(ones, dX), std::logic_error);
    CHECK_THROWS_WITH(drop.backward(ones, dX), Catch::Contains("forward"));
    // after a forward, backward works and checks the shape of dY
    drop.forward(ones, Y);
    CHECK_NOTHROW(drop.backward(ones, dX));
    CHECK_THROWS_AS(drop.backward(ones.t(), dX), std::invalid_argument);
    CHECK_THROWS_WITH(drop.backward(ones.t(), dX), Catch::Contains("Dropout::backward"));
    // the same in evaluation mode
    nn::Dropout ev(0.5);
    ev.eval();
    CHECK_THROWS_AS(ev.backward(ones, dX), std::logic_error);
    ev.forward(ones, Y);
    CHECK_NOTHROW(ev.backward(ones, dX));
    CHECK_THROWS_AS(ev.backward(arma::mat(3, 3, arma::fill::ones), dX), std::invalid_argument);
}

TEST_CASE("Backward follows the last forward and not the current mode", "[ch09][ex9.3][points=1]") {
    // backward() must do what the LAST forward() did, whatever the mode is now and whatever
    // mask an earlier training pass left behind.
    nn::seed_all(8);
    const arma::mat X = nonzero_matrix(5, 4), dY = arma::randn(5, 4);
    nn::Dropout drop(0.5);
    arma::mat Y, dX;
    // a training forward leaves a 5 x 4 mask; then an evaluation forward of the same shape:
    // backward is the identity, the old mask must not be applied
    drop.forward(X, Y);
    const arma::mat M = drop.mask();
    REQUIRE(count_nonzero(M) < M.n_elem);
    drop.eval();
    drop.forward(X, Y);
    CHECK_THAT(Y, EqualsMat(X, 0, 0));
    drop.backward(dY, dX);
    CHECK_THAT(dX, EqualsMat(dY, 0, 0));
    // a training forward, then a switch to evaluation mode before backward: the gradient still
    // goes through the mask that forward applied
    drop.train();
    drop.forward(X, Y);
    const arma::mat M2 = drop.mask();
    REQUIRE(count_nonzero(M2) < M2.n_elem);
    drop.eval();
    drop.backward(dY, dX);
    CHECK_THAT(dX, EqualsMat(dY % M2, 0, 0));
    // and the other way round: an evaluation forward, then train() before backward
    drop.forward(X, Y);
    drop.train();
    drop.backward(dY, dX);
    CHECK_THAT(dX, EqualsMat(dY, 0, 0));
}

TEST_CASE("Dropout on the hidden layers of a Sequential", "[ch09][ex9.4][points=2]") {
    nn::seed_all(9);
    nn::Sequential net =
        nn::mlp_with_dropout({4, 6, 5, 3}, nn::Activation::Tanh, 0.5, nn::Init::Xavier);
    nn::seed_all(9);
    const nn::Mlp same({4, 6, 5, 3}, nn::Activation::Tanh, nn::Activation::Identity,
                       nn::Init::Xavier);
    // fc1 act1 drop1 fc2 act2 drop2 fc3: no activation and no dropout on the logits
    const std::vector<std::string> names{"fc1", "act1", "drop1", "fc2", "act2", "drop2", "fc3"};
    REQUIRE(net.size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i) CHECK(net.name(i) == names[i]);
    const auto& drop1 = dynamic_cast<const nn::Dropout&>(net.layer(2));
    const auto& drop2 = dynamic_cast<const nn::Dropout&>(net.layer(5));
    CHECK(drop2.p() == 0.5);
    // the weights drawn in layer order: those of chapter 03's Mlp with the same seed
    for (std::size_t l = 0; l < 3; ++l)
        CHECK_THAT(dynamic_cast<const nn::Dense&>(net.layer(3 * l)).W,
                   EqualsMat(same.layer(l).W, 0, 0));
    const arma::mat X = arma::randn(4, 7);
    arma::mat Out;
    net.forward(X, Out);
    // each hidden layer: A = f(Z) ⊙ M, with a mask of its own shape; the next layer sees it
    REQUIRE(drop1.mask().n_rows == 6);
    REQUIRE(drop1.mask().n_cols == 7);
    REQUIRE(drop2.mask().n_rows == 5);
    CHECK_THAT(net.output(2), EqualsMat(arma::tanh(net.output(0)) % drop1.mask(), 1e-13, 1e-15));
    CHECK_THAT(net.output(5), EqualsMat(arma::tanh(net.output(3)) % drop2.mask(), 1e-13, 1e-15));
    CHECK(count_nonzero(drop1.mask()) < 6 * 7);
    arma::mat Z3 = same.layer(2).W * net.output(5);
    Z3.each_col() += same.layer(2).b.col(0);
    CHECK_THAT(Out, EqualsMat(Z3, 1e-12, 1e-12));
    CHECK_THROWS_AS(nn::mlp_with_dropout({4}, nn::Activation::Tanh, 0.5), std::invalid_argument);
    CHECK_THROWS_AS(nn::mlp_with_dropout({4, 3, 2}, nn::Activation::Tanh, 1.0),
                    std::invalid_argument);
}

TEST_CASE("Evaluation mode never drops", "[ch09][ex9.4][points=1]") {
    nn::seed_all(10);
    nn::Sequential net = nn::mlp_with_dropout({3, 16, 16, 4}, nn::Activation::ReLU, 0.5);
    nn::seed_all(10);
    const nn::Mlp same({3, 16, 16, 4}, nn::Activation::ReLU, nn::Activation::Identity);
    const arma::mat X = arma::randn(3, 12);
    const arma::mat P = same.predict(X);
    arma::mat Out;
    // training mode: forward drops, so it differs from the plain network
    net.forward(X, Out);
    CHECK(arma::abs(Out - P).max() > 1e-6);
    // evaluation mode: no dropout, no rescaling, no random numbers drawn
    net.set_training(false);
    const std::mt19937_64 before = nn::rng();
    net.forward(X, Out);
    CHECK(nn::rng() == before);
    CHECK_THAT(Out, EqualsMat(P, 1e-13, 1e-14));
}

TEST_CASE("Gradient check of a network with dropout and a fixed mask", "[ch09][ex9.4][points=3]") {
    // The loss of a network with dropout depends on the mask. To check the gradient we fix
    // it: every evaluation of the loss re-seeds the generator with the same seed, so each
    // forward pass draws the very masks the analytic gradient was computed with.
    nn::seed_all(21);
    nn::Sequential net =
        nn::mlp_with_dropout({5, 8, 7, 3}, nn::Activation::Tanh, 0.5, nn::Init::Xavier);
    const arma::mat X = arma::randn(5, 6);
    const arma::uvec labels = {0, 1, 2, 2, 1, 0};
    const std::uint64_t mask_seed = 77;
    arma::mat Z, dZ, scratch;
    nn::seed_all(mask_seed);
    net.forward(X, Z);
    nn::softmax_cross_entropy(Z, labels, dZ);
    net.backward(dZ);
    // the masks really drop something
    for (std::size_t l : {2, 5}) {
        const arma::mat& mask = dynamic_cast<const nn::Dropout&>(net.layer(l)).mask();
        CHECK(count_nonzero(mask) > 0);
        CHECK(count_nonzero(mask) < mask.n_elem);
    }
    const auto loss = [&] {
        nn::seed_all(mask_seed);  // the same masks every time
        net.forward(X, Z);
        return nn::softmax_cross_entropy(Z, labels, scratch);
    };
    const std::vector<nn::ParamRef> params = net.parameters();
    REQUIRE(params.size() == 6);
    CHECK(params[0].name == "fc1.W");
    for (const nn::ParamRef& p : params) {
        const arma::mat analytic = *p.grad;
        const auto rep = nn::gradcheck::check(p.name + " with dropout", loss, *p.value, analytic);
        INFO(rep.str());
        CHECK(rep.ok(1e-7));
        CHECK_FALSE(rep.vacuous);
    }
    // and the masks matter: the gradient without dropout is a different one
    const arma::mat dW1_dropout = *params[0].grad;
    net.set_training(false);
    net.forward(X, Z);
    nn::softmax_cross_entropy(Z, labels, dZ);
    net.backward(dZ);
    CHECK(arma::abs(*params[0].grad - dW1_dropout).max() > 1e-6);
}

TEST_CASE("A network with dropout learns the spirals", "[ch09][ex9.4][points=2]") {
    nn::seed_all(42);
    const nn::LabelledData s = nn::make_spirals(300, 3, 0.2);
    const arma::uvec y = nn::labels_to_indices(s.y, "spirals");
    const nn::Split sp = nn::train_valid_split(s.X.n_cols, 0.25);
    const SplitData d{s.X.cols(sp.train), s.X.cols(sp.valid), y.elem(sp.train), y.elem(sp.valid)};
    const auto acc = fit(d, {2, 64, 64, 3}, 0.1, 150, 0.05, 1);
    INFO("train accuracy " << acc.first << ", test accuracy " << acc.second);
    CHECK(acc.second >= 0.9);
}

TEST_CASE("Dropout narrows the gap between training and validation accuracy",
          "[ch09][ex9.4][points=2]") {
    // 400 training points in 10 dimensions, 20% of their labels wrong, 2000 validation points
    // with clean labels, and a 10-128-128-2 network (18,000 parameters): without dropout it
    // learns every wrong label by heart (training accuracy 1); with p = 0.5 it cannot, and it
    // generalises better. (Over seeds 7 to 12 the validation accuracy rose by 0.016 to 0.1 and
    // the gap fell by more than 0.15 every time.)
    nn::seed_all(7);
    const SplitData d = noisy_linear(10, 400, 2000, 0.2);
    const auto plain = fit(d, {10, 128, 128, 2}, 0.0, 100, 0.01, 3);
    const auto dropped = fit(d, {10, 128, 128, 2}, 0.5, 100, 0.01, 3);
    INFO("no dropout: train " << plain.first << ", validation " << plain.second);
    INFO("p = 0.5:    train " << dropped.first << ", validation " << dropped.second);
    CHECK(plain.first >= 0.99);
    CHECK(dropped.first < 0.95);
    CHECK(dropped.first - dropped.second < plain.first - plain.second - 0.1);
    CHECK(dropped.second > plain.second);
}
