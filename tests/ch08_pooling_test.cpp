// Tests of chapter 08: output sizes, max and average pooling (forward and backward) on
// hand-computed 4 x 4 examples, several channels and samples against a direct definition,
// gradient checks, global pooling of maps of any size, negative maps, ties and reused
// gradient buffers, errors, and a small learning test (global max pooling finds a bright
// pixel anywhere in images of any size).
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "conv.hpp"
#include "mlp.hpp"
#include "nn/error.hpp"
#include "nn/gradcheck.hpp"
#include "nn/rng.hpp"
#include "nn_test.hpp"
#include "optim.hpp"
#include "pool.hpp"
#include "softmax.hpp"

using nn::test::Close;
using nn::test::EqualsMat;

namespace {

// One sample as a column: the channels given as H x W matrices M(y, x), packed at row
// (c*H + y)*W + x (the book's layout).
arma::mat image_column(const std::vector<arma::mat>& channels) {
    const arma::uword H = channels.at(0).n_rows, W = channels.at(0).n_cols;
    arma::mat col(channels.size() * H * W, 1);
    for (arma::uword c = 0; c < channels.size(); ++c)
        for (arma::uword y = 0; y < H; ++y)
            for (arma::uword x = 0; x < W; ++x) col((c * H + y) * W + x, 0) = channels[c](y, x);
    return col;
}

// Channel c of sample n of a batch, back as an H x W matrix M(y, x).
arma::mat channel_of(const arma::mat& X, arma::uword n, arma::uword c, arma::uword H,
                     arma::uword W) {
    arma::mat M(H, W);
    for (arma::uword y = 0; y < H; ++y)
        for (arma::uword x = 0; x < W; ++x) M(y, x) = X((c * H + y) * W + x, n);
    return M;
}

// The 4 x 4 input of the worked example of the notes.
const arma::mat kX4 = {{1, 3, 2, 1},  //
                       {4, 2, 0, 1},
                       {5, 6, 1, 2},
                       {0, 2, 3, 4}};

// Distinct values (gaps of 0.01) in random order: no ties, so max pooling is
// differentiable at X and a finite difference of 1e-5 never changes an arg-max.
arma::mat distinct_values(arma::uword rows, arma::uword cols) {
    const arma::vec v =
        arma::shuffle(arma::regspace<arma::vec>(0, static_cast<double>(rows * cols) - 1)) * 0.01 -
        1.0;
    return arma::reshape(v, rows, cols);
}

}  // namespace

namespace {
// Gradient check of a pooling layer's dX: L = sum(G % pool(X)) with a fixed random G, so dL/dY = G
// (X is perturbed in place by the checker and restored).
template <class Pool>
void check_pool_gradient(const std::string& name, Pool& pool, arma::mat& X) {
    arma::mat Y, dX, scratch;
    pool.forward(X, Y);
    const arma::mat G(Y.n_rows, Y.n_cols, arma::fill::randn);
    pool.backward(G, dX);
    const auto rep = nn::gradcheck::check(
        name,
        [&] {
            pool.forward(X, scratch);
            return arma::accu(G % scratch);
        },
        X, dX);
    INFO(rep.str());
    CHECK(rep.ok(1e-7));
}
}  // namespace

// Test cases are ordered by exercise; the tag [exN.M] says which exercise a test grades
// (scripts/check.sh N.M runs them). A test needs only its exercise and the ones before it.

TEST_CASE("Pooling output size by the formula", "[ch08][ex8.1][points=1]") {
    CHECK(nn::pool_output_size(28, 2, 2) == 14);
    CHECK(nn::pool_output_size(14, 2, 2) == 7);
    CHECK(nn::pool_output_size(7, 2, 2) == 3);  // the last row is never covered
    CHECK(nn::pool_output_size(4, 2, 1) == 3);  // overlapping windows
    CHECK(nn::pool_output_size(5, 3, 2) == 2);
    CHECK(nn::pool_output_size(4, 4, 1) == 1);  // the window is the whole input
    CHECK(nn::pool_output_size(13, 3, 2) == 6);
    CHECK_THROWS_AS(nn::pool_output_size(3, 4, 1), std::invalid_argument);
    CHECK_THROWS_AS(nn::pool_output_size(4, 0, 1), std::invalid_argument);
    CHECK_THROWS_AS(nn::pool_output_size(4, 2, 0), std::invalid_argument);
    const nn::ImageShape out = nn::pool_output_shape(nn::ImageShape{8, 28, 20}, 3, 2);
    CHECK(out.channels == 8);
    CHECK(out.height == 13);
    CHECK(out.width == 9);
}

TEST_CASE("Max pooling 4x4 with stride 2 by hand", "[ch08][ex8.2][ex8.3][points=2]") {
    nn::MaxPool2d pool(nn::ImageShape{1, 4, 4}, 2);
    REQUIRE(pool.stride() == 2);
    REQUIRE(pool.output_shape() == (nn::ImageShape{1, 2, 2}));
    arma::mat Y;
    pool.forward(image_column({kX4}), Y);
    INFO(
        "max pooling routes each dY entry, whole, to the arg-max of its window: the index (c*H + y)*W + x "
        "of the window's largest input (the first on a tie) that forward() stored; every other cell of dX is 0. "
        "A wrong arg-max (the window's corner, the row start, an index inside the window instead of the image) "
        "shows as dY landing on the wrong cell");
    // windows {1,3,4,2} {2,1,0,1} / {5,6,0,2} {1,2,3,4}
    CHECK_THAT(Y, EqualsMat(image_column({arma::mat{{4, 2}, {6, 4}}}), 0, 0));
    // the winners: (1,0), (0,2), (2,1), (3,3) as rows y*4 + x
    CHECK(pool.argmax()(0, 0) == 4);
    CHECK(pool.argmax()(1, 0) == 2);
    CHECK(pool.argmax()(2, 0) == 9);
    CHECK(pool.argmax()(3, 0) == 15);
    // backward: each gradient to the arg-max of its window, zeros elsewhere
    arma::mat dX;
    pool.backward(image_column({arma::mat{{1, 2}, {3, 4}}}), dX);
    const arma::mat expected = {{0, 0, 2, 0},  //
                                {1, 0, 0, 0},
                                {0, 3, 0, 0},
                                {0, 0, 0, 4}};
    CHECK_THAT(dX, EqualsMat(image_column({expected}), 0, 0));
}

TEST_CASE("Max pooling 4x4 with overlapping windows by hand", "[ch08][ex8.2][ex8.3][points=2]") {
    nn::MaxPool2d pool(nn::ImageShape{1, 4, 4}, 2, 1);
    REQUIRE(pool.output_shape() == (nn::ImageShape{1, 3, 3}));
    arma::mat Y, dX;
    pool.forward(image_column({kX4}), Y);
    CHECK_THAT(Y, EqualsMat(image_column({arma::mat{{4, 3, 2}, {6, 6, 2}, {6, 6, 4}}}), 0, 0));
    // the 6 at (2,1) wins four windows: its gradient is the sum of their four gradients
    pool.backward(image_column({arma::mat{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}), dX);
    const arma::mat expected = {{0, 2, 3, 0},  //
                                {1, 0, 0, 0},
                                {0, 24, 0, 6},
                                {0, 0, 0, 9}};
    CHECK_THAT(dX, EqualsMat(image_column({expected}), 0, 0));
    // nothing is lost or created: the gradients sum to the sum of dY
    CHECK_THAT(arma::accu(dX), Close(45.0));
}

TEST_CASE("Max pooling ties send the gradient to the first maximum", "[ch08][ex8.3][points=1]") {
    nn::MaxPool2d pool(nn::ImageShape{1, 2, 4}, 2);
    // left window all 7; right window 5 at (0,3) and (1,2): first in row order is (0,3)
    const arma::mat X = image_column({arma::mat{{7, 7, 1, 5}, {7, 7, 5, 2}}});
    arma::mat Y, dX;
    pool.forward(X, Y);
    CHECK_THAT(Y, EqualsMat(arma::mat(arma::vec{7, 5}), 0, 0));
    CHECK(pool.argmax()(0, 0) == 0);
    CHECK(pool.argmax()(1, 0) == 3);
    pool.backward(arma::mat(arma::vec{1.5, -2.0}), dX);
    CHECK_THAT(dX, EqualsMat(image_column({arma::mat{{1.5, 0, 0, -2}, {0, 0, 0, 0}}}), 0, 0));
}

TEST_CASE("Max pooling backward passes the gradient check", "[ch08][ex8.3][points=2]") {
    nn::seed_all(21);
    const nn::ImageShape in{2, 6, 5};
    for (arma::uword stride : {2u, 1u}) {  // 3 x 3 windows: overlapping in both cases
        nn::MaxPool2d pool(in, 3, stride);
        arma::mat X = distinct_values(in.size(), 3);
        check_pool_gradient("MaxPool2d dX, stride " + std::to_string(stride), pool, X);
    }
}

TEST_CASE("Average pooling 4x4 with stride 2 by hand", "[ch08][ex8.4][points=2]") {
    nn::AvgPool2d pool(nn::ImageShape{1, 4, 4}, 2);
    REQUIRE(pool.output_shape() == (nn::ImageShape{1, 2, 2}));
    arma::mat Y, dX;
    pool.forward(image_column({kX4}), Y);
    CHECK_THAT(Y, EqualsMat(image_column({arma::mat{{2.5, 1.0}, {3.25, 2.5}}}), 1e-15, 1e-15));
    // backward: dY / 4 on every pixel of the window
    pool.backward(image_column({arma::mat{{1, 2}, {3, 4}}}), dX);
    const arma::mat expected = {{0.25, 0.25, 0.5, 0.5},  //
                                {0.25, 0.25, 0.5, 0.5},
                                {0.75, 0.75, 1.0, 1.0},
                                {0.75, 0.75, 1.0, 1.0}};
    CHECK_THAT(dX, EqualsMat(image_column({expected}), 1e-15, 1e-15));
}

TEST_CASE("Average pooling 4x4 with overlapping windows by hand", "[ch08][ex8.4][points=2]") {
    nn::AvgPool2d pool(nn::ImageShape{1, 4, 4}, 2, 1);
    REQUIRE(pool.output_shape() == (nn::ImageShape{1, 3, 3}));
    arma::mat Y, dX;
    pool.forward(image_column({kX4}), Y);
    const arma::mat expected_Y = {{2.5, 1.75, 1.0}, {4.25, 2.25, 1.0}, {3.25, 3.0, 2.5}};
    CHECK_THAT(Y, EqualsMat(image_column({expected_Y}), 1e-15, 1e-15));
    // with dY = 1 everywhere a pixel receives 1/4 per window that contains it:
    // corners 1 window, edges 2, the inner four pixels 4
    pool.backward(arma::mat(9, 1, arma::fill::ones), dX);
    const arma::mat expected_dX = {{0.25, 0.5, 0.5, 0.25},  //
                                   {0.5, 1.0, 1.0, 0.5},
                                   {0.5, 1.0, 1.0, 0.5},
                                   {0.25, 0.5, 0.5, 0.25}};
    CHECK_THAT(dX, EqualsMat(image_column({expected_dX}), 1e-15, 1e-15));
}

TEST_CASE("Max and average pooling of several channels and samples match the definition",
          "[ch08][ex8.4][points=2]") {
    // 3 channels of 5 x 7 pixels, 4 samples, 3 x 3 windows with stride 2: 3 x 2 x 3
    nn::seed_all(8);
    const nn::ImageShape in{3, 5, 7};
    const arma::mat X(in.size(), 4, arma::fill::randn);
    nn::MaxPool2d maxpool(in, 3, 2);
    nn::AvgPool2d avgpool(in, 3, 2);
    REQUIRE(maxpool.output_shape() == (nn::ImageShape{3, 2, 3}));
    arma::mat Ymax, Yavg;
    maxpool.forward(X, Ymax);
    avgpool.forward(X, Yavg);
    REQUIRE(Ymax.n_rows == 18);
    REQUIRE(Ymax.n_cols == 4);
    REQUIRE(Yavg.n_rows == 18);
    REQUIRE(Yavg.n_cols == 4);
    for (arma::uword n = 0; n < 4; ++n)
        for (arma::uword c = 0; c < 3; ++c) {
            const arma::mat M = channel_of(X, n, c, 5, 7);
            const arma::mat Pmax = channel_of(Ymax, n, c, 2, 3),
                            Pavg = channel_of(Yavg, n, c, 2, 3);
            for (arma::uword i = 0; i < 2; ++i)
                for (arma::uword j = 0; j < 3; ++j) {
                    const arma::mat window = M.submat(2 * i, 2 * j, 2 * i + 2, 2 * j + 2);
                    CHECK(Pmax(i, j) == window.max());
                    CHECK_THAT(Pavg(i, j), Close(arma::accu(window) / 9.0, 1e-13, 1e-14));
                }
        }
    // the arg-max holds the value that was output, in the same column
    for (arma::uword n = 0; n < 4; ++n)
        for (arma::uword r = 0; r < 18; ++r) CHECK(X(maxpool.argmax()(r, n), n) == Ymax(r, n));
    // backward keeps the channels and samples apart: a gradient on one output entry only
    arma::mat dY(18, 4, arma::fill::zeros), dX;
    dY((2 * 2 + 1) * 3 + 2, 3) = 1.0;  // channel 2, output (1, 2), sample 3
    avgpool.backward(dY, dX);
    REQUIRE(dX.n_rows == in.size());
    REQUIRE(dX.n_cols == 4);
    CHECK_THAT(arma::accu(dX.col(3)), Close(1.0, 1e-14));
    CHECK(arma::accu(arma::abs(dX.cols(0, 2))) == 0.0);
    const arma::mat G = channel_of(dX, 3, 2, 5, 7);
    CHECK_THAT(arma::accu(G.submat(2, 4, 4, 6)),
               Close(1.0, 1e-14));  // window rows 2-4, columns 4-6
    CHECK_THAT(G(3, 5), Close(1.0 / 9.0, 1e-14));
    maxpool.backward(dY, dX);
    CHECK(arma::accu(dX) == 1.0);
    CHECK(dX(maxpool.argmax()((2 * 2 + 1) * 3 + 2, 3), 3) == 1.0);
}

TEST_CASE("Average pooling backward passes the gradient check", "[ch08][ex8.4][points=2]") {
    nn::seed_all(22);
    const nn::ImageShape in{3, 7, 6};
    for (arma::uword stride : {3u, 2u}) {
        nn::AvgPool2d pool(in, 3, stride);
        arma::mat X(in.size(), 2, arma::fill::randn);
        check_pool_gradient("AvgPool2d dX, stride " + std::to_string(stride), pool, X);
    }
}

TEST_CASE("Global pooling backward passes the gradient check", "[ch08][ex8.5][points=2]") {
    nn::seed_all(23);
    for (nn::PoolKind kind : {nn::PoolKind::Max, nn::PoolKind::Average}) {
        nn::GlobalPool2d pool(kind, 4);
        arma::mat X = distinct_values(4 * 5 * 3, 3);
        check_pool_gradient("GlobalPool2d dX, " + nn::pool_kind_name(kind), pool, X);
    }
}

TEST_CASE("Global pooling turns maps of any size into one number per channel",
          "[ch08][ex8.5][points=2]") {
    nn::GlobalPool2d gap(nn::PoolKind::Average, 2), gmp(nn::PoolKind::Max, 2);
    // one sample, 2 channels of 2 x 3 pixels
    const arma::mat small =
        image_column({arma::mat{{1, 2, 3}, {4, 5, 6}}, arma::mat{{-1, 0, 7}, {2, 2, -3}}});
    arma::mat Y, dX;
    gap.forward(small, Y);
    CHECK_THAT(Y, EqualsMat(arma::mat(arma::vec{3.5, 7.0 / 6.0}), 1e-15, 1e-15));
    gmp.forward(small, Y);
    CHECK_THAT(Y, EqualsMat(arma::mat(arma::vec{6.0, 7.0}), 0, 0));
    CHECK(gmp.argmax()(0, 0) == 5);
    CHECK(gmp.argmax()(1, 0) == 8);
    gmp.backward(arma::mat(arma::vec{10.0, 20.0}), dX);
    arma::mat expected(12, 1, arma::fill::zeros);
    expected(5, 0) = 10.0;
    expected(8, 0) = 20.0;
    CHECK_THAT(dX, EqualsMat(expected, 0, 0));

    // batches of 3 samples at three sizes: always a 2 x 3 output
    nn::seed_all(5);
    for (arma::uword side : {4u, 9u, 17u}) {
        const arma::mat X(2 * side * (side + 1), 3, arma::fill::randu);  // side x (side + 1) maps
        gap.forward(X, Y);
        REQUIRE(Y.n_rows == 2);
        REQUIRE(Y.n_cols == 3);
        CHECK(gap.pixels() == side * (side + 1));
        for (arma::uword n = 0; n < 3; ++n) {
            const arma::uword P = side * (side + 1);
            CHECK_THAT(Y(0, n), Close(arma::mean(X.col(n).head(P)), 1e-13));
            CHECK_THAT(Y(1, n), Close(arma::mean(X.col(n).tail(P)), 1e-13));
        }
        // backward has the size of the last forward: dY / P on every pixel
        gap.backward(arma::mat(2, 3, arma::fill::ones), dX);
        REQUIRE(dX.n_rows == X.n_rows);
        CHECK_THAT(dX(0, 0), Close(1.0 / static_cast<double>(side * (side + 1)), 1e-14));
        CHECK_THAT(arma::accu(dX), Close(6.0, 1e-12));
    }
}

TEST_CASE("Global max pooling finds a bright pixel in images of any size",
          "[ch08][ex8.5][points=2]") {
    // Class 1: one pixel of value 1 somewhere in noise of [0, 0.5]; class 0: noise only.
    // Global max pooling + a 1 -> 2 dense layer learns the threshold on 8 x 8 images and
    // keeps it on 5 x 5 and 20 x 20 images; global average pooling cannot separate them.
    nn::seed_all(31);
    const auto make = [](arma::uword side, arma::uword N, arma::mat& X, arma::uvec& y) {
        X = 0.5 * arma::mat(side * side, N, arma::fill::randu);
        y = arma::randi<arma::uvec>(N, arma::distr_param(0, 1));
        for (arma::uword n = 0; n < N; ++n)
            if (y(n) == 1) X(nn::rng()() % (side * side), n) = 1.0;
    };
    const auto train_and_score = [&](nn::PoolKind kind) {
        nn::GlobalPool2d pool(kind, 1);
        nn::Dense fc(1, 2);
        fc.init(nn::Init::He);
        nn::Optimizer opt({nn::OptimizerKind::Adam, 0.05});
        const std::vector<nn::ParamRef> params{{&fc.W, &fc.dW, false, "W"},
                                               {&fc.b, &fc.db, true, "b"}};
        arma::mat X, P, Z, dZ, dP, dX;
        arma::uvec y;
        for (int step = 0; step < 300; ++step) {
            make(8, 32, X, y);
            pool.forward(X, P);
            fc.forward(P, Z);
            nn::softmax_cross_entropy(Z, y, dZ);
            fc.backward(dZ, dP);
            pool.backward(dP, dX);  // not needed for training; exercises the layer
            opt.step(params);
        }
        std::vector<double> acc;
        for (arma::uword side : {5u, 8u, 20u}) {
            make(side, 400, X, y);
            pool.forward(X, P);
            fc.forward(P, Z);
            acc.push_back(
                arma::mean(arma::conv_to<arma::vec>::from(arma::index_max(Z, 0).t() == y)));
        }
        return acc;
    };
    const std::vector<double> with_max = train_and_score(nn::PoolKind::Max);
    const std::vector<double> with_avg = train_and_score(nn::PoolKind::Average);
    INFO("accuracy with global max pooling (5x5, 8x8, 20x20): " << with_max[0] << " " << with_max[1]
                                                                << " " << with_max[2]);
    INFO("accuracy with global average pooling: " << with_avg[0] << " " << with_avg[1] << " "
                                                  << with_avg[2]);
    // separable with a margin (a positive image has max 1, a negative one max < 0.5), so a
    // correct layer classifies every image: one missed pixel position already shows
    for (double a : with_max) CHECK(a == 1.0);
    CHECK(with_avg[2] < 0.8);
}

TEST_CASE("Max pooling of negative maps and global max ties", "[ch08][ex8.5][points=1]") {
    // all pixels negative: a maximum started at 0 instead of at the first pixel of the
    // window would output 0
    nn::MaxPool2d pool(nn::ImageShape{1, 2, 4}, 2);
    arma::mat Y, dX;
    // left window max -1 at (0,1); right window -2 at (0,2), (0,3) and (1,2): first is (0,2)
    pool.forward(image_column({arma::mat{{-3, -1, -2, -2}, {-5, -4, -2, -7}}}), Y);
    CHECK_THAT(Y, EqualsMat(arma::mat(arma::vec{-1, -2}), 0, 0));
    CHECK(pool.argmax()(0, 0) == 1);
    CHECK(pool.argmax()(1, 0) == 2);

    // global max: channel 0 all negative with a tie (-2 at rows 1 and 3), channel 1 a tie
    // of 5 at rows 4 and 6: the first occurrence wins and alone receives the gradient
    nn::GlobalPool2d gmp(nn::PoolKind::Max, 2);
    const arma::mat X = image_column({arma::mat{{-4, -2}, {-3, -2}}, arma::mat{{5, 1}, {5, 0}}});
    gmp.forward(X, Y);
    CHECK_THAT(Y, EqualsMat(arma::mat(arma::vec{-2, 5}), 0, 0));
    CHECK(gmp.argmax()(0, 0) == 1);
    CHECK(gmp.argmax()(1, 0) == 4);
    gmp.backward(arma::mat(arma::vec{3.0, -1.0}), dX);
    CHECK_THAT(dX, EqualsMat(arma::mat(arma::vec{0, 3, 0, 0, -1, 0, 0, 0}), 0, 0));
}

TEST_CASE("Pooling backward overwrites a reused dX", "[ch08][ex8.5][points=1]") {
    // backward must overwrite dX, not add to what a previous call left in it: a dX buffer
    // of the right shape full of 7s must give the same result as a fresh one
    nn::seed_all(41);
    const nn::ImageShape in{2, 4, 6};
    const arma::mat X = distinct_values(in.size(), 3);
    const auto same_with_reused_dX = [](auto& layer, const arma::mat& input, arma::uword out_rows) {
        arma::mat Y, fresh, reused(input.n_rows, input.n_cols);
        reused.fill(7.0);
        layer.forward(input, Y);
        REQUIRE(Y.n_rows == out_rows);
        const arma::mat dY(Y.n_rows, Y.n_cols, arma::fill::randn);
        layer.backward(dY, fresh);
        layer.backward(dY, reused);
        CHECK_THAT(reused, EqualsMat(fresh, 0, 0));
    };
    nn::MaxPool2d maxpool(in, 2);
    nn::AvgPool2d avgpool(in, 2);
    nn::GlobalPool2d gmp(nn::PoolKind::Max, 2), gap(nn::PoolKind::Average, 2);
    same_with_reused_dX(maxpool, X, 12);
    same_with_reused_dX(avgpool, X, 12);
    same_with_reused_dX(gmp, X, 2);
    same_with_reused_dX(gap, X, 2);
}

TEST_CASE("Pooling rejects bad shapes with clear messages", "[ch08][ex8.5][points=1]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(nn::pool_output_size(3, 4, 1), Contains("pool_output_size"));
    // a window larger than the map
    CHECK_THROWS_WITH(nn::MaxPool2d(nn::ImageShape{1, 4, 4}, 5),
                      Contains("MaxPool2d") && Contains("does not fit"));
    CHECK_THROWS_WITH(nn::AvgPool2d(nn::ImageShape{2, 3, 8}, 4, 1),
                      Contains("AvgPool2d") && Contains("does not fit"));
    CHECK_THROWS_AS(nn::GlobalPool2d(nn::PoolKind::Max, 0), std::invalid_argument);
    // inputs of the wrong size
    nn::MaxPool2d maxpool(nn::ImageShape{2, 4, 4}, 2);
    nn::AvgPool2d avgpool(nn::ImageShape{2, 4, 4}, 2);
    nn::GlobalPool2d gpool(nn::PoolKind::Average, 3);
    arma::mat Y, dX;
    CHECK_THROWS_WITH(maxpool.forward(arma::mat(16, 2, arma::fill::ones), Y),
                      Contains("MaxPool2d::forward"));
    CHECK_THROWS_WITH(avgpool.forward(arma::mat(33, 2, arma::fill::ones), Y),
                      Contains("AvgPool2d::forward"));
    CHECK_THROWS_WITH(gpool.forward(arma::mat(10, 2, arma::fill::ones), Y),
                      Contains("GlobalPool2d::forward"));
    // gradients of the wrong shape (after a forward of N = 2)
    maxpool.forward(arma::mat(32, 2, arma::fill::randu), Y);
    avgpool.forward(arma::mat(32, 2, arma::fill::randu), Y);
    gpool.forward(arma::mat(12, 2, arma::fill::randu), Y);
    CHECK_THROWS_WITH(maxpool.backward(arma::mat(8, 3, arma::fill::ones), dX),
                      Contains("MaxPool2d::backward"));
    CHECK_THROWS_WITH(avgpool.backward(arma::mat(7, 2, arma::fill::ones), dX),
                      Contains("AvgPool2d::backward"));
    CHECK_THROWS_WITH(gpool.backward(arma::mat(3, 1, arma::fill::ones), dX),
                      Contains("GlobalPool2d::backward"));
}

TEST_CASE("Pooling backward before forward is a logic error", "[ch08][ex8.5][points=1]") {
    nn::MaxPool2d maxpool(nn::ImageShape{1, 4, 4}, 2);
    nn::AvgPool2d avgpool(nn::ImageShape{1, 4, 4}, 2);
    nn::GlobalPool2d gpool(nn::PoolKind::Max, 1);
    arma::mat dX, Y;
    CHECK_FALSE(maxpool.has_cache());
    CHECK_THROWS_AS(maxpool.backward(arma::mat(4, 1, arma::fill::ones), dX), std::logic_error);
    CHECK_THROWS_AS(avgpool.backward(arma::mat(4, 1, arma::fill::ones), dX), std::logic_error);
    CHECK_THROWS_AS(gpool.backward(arma::mat(1, 1, arma::fill::ones), dX), std::logic_error);
    // after a forward, backward works (and a stub's NotImplemented does not count)
    maxpool.forward(image_column({kX4}), Y);
    CHECK(maxpool.has_cache());
    maxpool.backward(arma::mat(4, 1, arma::fill::ones), dX);
    CHECK(arma::accu(dX) == 4.0);
    avgpool.forward(image_column({kX4}), Y);
    avgpool.backward(arma::mat(4, 1, arma::fill::ones), dX);
    CHECK_THAT(arma::accu(dX), Close(4.0, 1e-14));
    gpool.forward(image_column({kX4}), Y);
    gpool.backward(arma::mat(1, 1, arma::fill::ones), dX);
    CHECK(dX(9, 0) == 1.0);
}
