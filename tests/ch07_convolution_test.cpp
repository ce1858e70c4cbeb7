// Tests of chapter 07: the output size, the naive convolution (the definition) and its
// backward pass, im2col / col2im, the Conv2d layer on both algorithms, golden values from
// PyTorch, error messages, and a small CNN that learns.
#include <cmath>
#include <string>
#include <vector>

#include "classifier.hpp"
#include "conv.hpp"
#include "mlp.hpp"
#include "nn/error.hpp"
#include "nn/gradcheck.hpp"
#include "nn/rng.hpp"
#include "nn_test.hpp"
#include "optim.hpp"
#include "sequential.hpp"
#include "softmax.hpp"

using nn::test::Close;
using nn::test::EqualsMat;

namespace {

// The worked example of the notes: a 5x5 image and a 3x3 kernel (rows of the picture).
const arma::mat kImage = {
    {3, 3, 2, 1, 0}, {0, 0, 1, 3, 1}, {3, 1, 2, 2, 3}, {2, 0, 0, 2, 2}, {2, 0, 0, 0, 1}};
const arma::mat kKernel = {{0, 1, 2}, {2, 2, 0}, {0, 1, 2}};

// A picture (rows x cols) as one column in the book's layout: row-major, x fastest.
arma::mat picture_to_column(const arma::mat& pic) {
    return arma::vectorise(pic.t());
}
// ... and back: h x w picture from a column of h*w values.
arma::mat column_to_picture(const arma::mat& col, arma::uword h, arma::uword w) {
    return arma::reshape(col, w, h).t();
}

// L = sum(Y % R): a loss whose gradient with respect to Y is R.
double weighted_sum(const arma::mat& Y, const arma::mat& R) {
    return arma::accu(Y % R);
}

// This loss is linear in X, in W and in b separately (a convolution is bilinear), so the
// centred difference has no truncation error whatever the step; a step of 1e-3 instead of
// 1e-5 divides the round-off error of the difference quotient by 100.
nn::gradcheck::Options linear_step() {
    nn::gradcheck::Options opt;
    opt.h = 1e-3;
    return opt;
}

struct Case {
    nn::ImageShape in;
    arma::uword c_out;
    nn::ConvGeometry g;
};

// Multi-channel cases with every combination the chapter teaches (non-square images too).
std::vector<Case> cases() {
    return {
        {{3, 6, 6}, 4, {3, 1, 0, 1}},  // plain
        {{3, 7, 6}, 4, {3, 2, 1, 1}},  // stride and padding
        {{2, 8, 8}, 3, {5, 1, 2, 1}},  // "same" 5x5
        {{3, 9, 7}, 2, {3, 2, 2, 2}},  // stride, padding, dilation
        {{2, 5, 5}, 3, {2, 3, 1, 1}},  // even kernel, stride > kernel
        {{4, 5, 6}, 3, {1, 1, 0, 1}},  // 1x1 convolution
        {{1, 6, 9}, 2, {4, 1, 3, 1}},  // padding larger than half the kernel
        {{2, 9, 9}, 2, {3, 1, 0, 3}},  // dilation 3
    };
}

std::string describe(const Case& c) {
    return "input " + c.in.str() + " -> " + std::to_string(c.c_out) + " channels, " + c.g.str();
}

}  // namespace

// Test cases are ordered by exercise; the tag [exN.M] says which exercise a test grades
// (scripts/check.sh N.M runs them). A test needs only its exercise and the ones before it.

TEST_CASE("Output size formula on the examples of the notes", "[ch07][ex7.1][points=2]") {
    CHECK(nn::conv_output_size(5, 3, 1, 0, 1) == 3);    // the worked example
    CHECK(nn::conv_output_size(28, 5, 1, 2, 1) == 28);  // "same" padding
    CHECK(nn::conv_output_size(28, 3, 2, 1, 1) == 14);  // stride 2 halves
    CHECK(nn::conv_output_size(7, 3, 1, 0, 2) == 3);    // dilation 2: the kernel spans 5
    CHECK(nn::conv_output_size(5, 3, 1, 0, 2) == 1);    // the dilated kernel fits exactly once
    CHECK(nn::conv_output_size(6, 3, 2, 0, 1) ==
          2);  // floor((6 - 3)/2) + 1: the last column is never used
    CHECK(nn::conv_output_size(7, 2, 3, 1, 1) == 3);
    CHECK(nn::conv_output_size(1, 1, 1, 0, 1) == 1);
    CHECK(nn::conv_output_size(4, 5, 1, 1, 1) ==
          2);  // padding makes room for a kernel larger than the image
    CHECK(nn::conv_output_size(224, 7, 2, 3, 1) == 112);
}

TEST_CASE("Output size rejects an empty output and zero sizes with a clear message",
          "[ch07][ex7.1][points=1]") {
    CHECK(nn::conv_output_size(3, 3, 1, 0, 1) == 1);
    CHECK_THROWS_AS(nn::conv_output_size(2, 3, 1, 0, 1), std::invalid_argument);
    CHECK_THROWS_WITH(nn::conv_output_size(4, 3, 1, 0, 2), Catch::Contains("conv_output_size") &&
                                                               Catch::Contains("empty") &&
                                                               Catch::Contains("5"));
    CHECK_THROWS_WITH(nn::conv_output_size(5, 0, 1, 0, 1), Catch::Contains("conv_output_size"));
    CHECK_THROWS_WITH(nn::conv_output_size(5, 3, 0, 0, 1), Catch::Contains("stride"));
    CHECK_THROWS_WITH(nn::conv_output_size(5, 3, 1, 0, 0), Catch::Contains("dilation"));
}

TEST_CASE("Worked example of the notes with the naive loops", "[ch07][ex7.2][points=2]") {
    const arma::mat X = picture_to_column(kImage);
    const arma::mat W = picture_to_column(kKernel).t();  // 1 x 9
    const arma::mat b(1, 1, arma::fill::zeros);
    arma::mat Y;
    nn::conv2d_forward_naive(X, {1, 5, 5}, W, b, {3, 1, 0, 1}, Y);
    REQUIRE(Y.n_rows == 9);
    REQUIRE(Y.n_cols == 1);
    const arma::mat expected = {{12, 12, 17}, {10, 17, 19}, {9, 6, 14}};
    CHECK_THAT(column_to_picture(Y, 3, 3), EqualsMat(expected, 0, 1e-12));
    // a bias of 0.5 is added to every output pixel
    nn::conv2d_forward_naive(X, {1, 5, 5}, W, arma::mat(1, 1, arma::fill::value(0.5)), {3, 1, 0, 1},
                             Y);
    CHECK_THAT(column_to_picture(Y, 3, 3), EqualsMat(expected + 0.5, 0, 1e-12));
}

TEST_CASE("Stride padding and dilation by hand", "[ch07][ex7.2][points=2]") {
    // the 4x4 image 0..15 (row-major) and kernels of ones
    const arma::mat pic = arma::reshape(arma::regspace<arma::vec>(0, 15), 4, 4).t();
    const arma::mat X = picture_to_column(pic);
    const nn::ImageShape in{1, 4, 4};
    arma::mat Y;
    // k 2, stride 2: sums of the four 2x2 blocks
    nn::conv2d_forward_naive(X, in, arma::mat(1, 4, arma::fill::ones),
                             arma::mat(1, 1, arma::fill::zeros), {2, 2, 0, 1}, Y);
    CHECK_THAT(column_to_picture(Y, 2, 2), EqualsMat(arma::mat{{10, 18}, {42, 50}}, 0, 1e-12));
    // k 3, padding 1 ("same"): the corner sees only a 2x2 block of the image, the rest is zeros
    nn::conv2d_forward_naive(X, in, arma::mat(1, 9, arma::fill::ones),
                             arma::mat(1, 1, arma::fill::zeros), {3, 1, 1, 1}, Y);
    REQUIRE(Y.n_rows == 16);
    const arma::mat same = column_to_picture(Y, 4, 4);
    CHECK_THAT(same(0, 0), Close(0 + 1 + 4 + 5));
    CHECK_THAT(same(0, 1), Close(0 + 1 + 2 + 4 + 5 + 6));
    CHECK_THAT(same(1, 1), Close(0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10));
    CHECK_THAT(same(3, 3), Close(10 + 11 + 14 + 15));
    // k 2, dilation 2: taps (0,0), (0,2), (2,0), (2,2) of each window; output 2x2
    nn::conv2d_forward_naive(X, in, arma::mat{{1, 10, 100, 1000}},
                             arma::mat(1, 1, arma::fill::zeros), {2, 1, 0, 2}, Y);
    // output (0,0): 1*0 + 10*2 + 100*8 + 1000*10; output (1,1): 1*5 + 10*7 + 100*13 + 1000*15
    CHECK_THAT(column_to_picture(Y, 2, 2),
               EqualsMat(arma::mat{{10820, 11931}, {15264, 16375}}, 0, 1e-9));
}

TEST_CASE("Several input and output channels by hand", "[ch07][ex7.2][points=2]") {
    // a 1x1 convolution mixes channels pixel by pixel: Y_n(o, q) = sum_c W(o, c) X_n(c, q) + b_o
    nn::seed_all(3);
    const nn::ImageShape in{3, 2, 3};
    const arma::mat X(in.size(), 2, arma::fill::randn);
    const arma::mat W = {{1.0, 2.0, 3.0}, {-1.0, 0.0, 0.5}};
    const arma::mat b = arma::vec{0.25, -2.0};
    arma::mat Y;
    nn::conv2d_forward_naive(X, in, W, b, {1, 1, 0, 1}, Y);
    REQUIRE(Y.n_rows == 2 * 6);
    for (arma::uword n = 0; n < 2; ++n) {
        const arma::mat channels = arma::reshape(X.col(n), 6, 3).t();  // 3 x 6: row c = channel c
        const arma::mat expected = W * channels + arma::repmat(b, 1, 6);
        CHECK_THAT(arma::mat(arma::reshape(Y.col(n), 6, 2).t()), EqualsMat(expected, 1e-13, 1e-13));
    }
    // two channels in, 2x2 kernel: the output adds the correlation of each channel with its slice
    const arma::mat a = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    const arma::mat Xc = arma::join_cols(picture_to_column(a), picture_to_column(10.0 * a));
    const arma::mat Wc = {
        {1, 0, 0, 0, 0, 0, 0, 1}};  // top-left tap of channel 0 + bottom-right tap of channel 1
    nn::conv2d_forward_naive(Xc, {2, 3, 3}, Wc, arma::mat(1, 1, arma::fill::zeros), {2, 1, 0, 1},
                             Y);
    // output (y, x) = a(y, x) + 10 a(y+1, x+1)
    CHECK_THAT(column_to_picture(Y, 2, 2),
               EqualsMat(arma::mat{{1 + 50, 2 + 60}, {4 + 80, 5 + 90}}, 0, 1e-12));
}

TEST_CASE("Naive backward passes the gradient check", "[ch07][ex7.3][points=2]") {
    nn::seed_all(31);
    for (const Case& c : cases()) {
        INFO(describe(c));
        arma::mat X(c.in.size(), 2, arma::fill::randn);
        arma::mat W(c.c_out, c.in.channels * c.g.kernel * c.g.kernel, arma::fill::randn);
        arma::mat b(c.c_out, 1, arma::fill::randn);
        arma::mat Y, dX, dW, db;
        nn::conv2d_forward_naive(X, c.in, W, b, c.g, Y);
        const arma::mat R(Y.n_rows, Y.n_cols, arma::fill::randn);
        nn::conv2d_backward_naive(R, X, c.in, W, c.g, dX, dW, db);
        const auto loss = [&] {
            nn::conv2d_forward_naive(X, c.in, W, b, c.g, Y);
            return weighted_sum(Y, R);
        };
        for (auto [name, param, grad] :
             {std::make_tuple("X", &X, &dX), std::make_tuple("W", &W, &dW),
              std::make_tuple("b", &b, &db)}) {
            const arma::mat analytic = *grad;
            const auto rep = nn::gradcheck::check(name, loss, *param, analytic, linear_step());
            INFO(rep.str());
            CHECK(rep.ok(1e-7));
        }
    }
}

TEST_CASE("im2col of the worked example holds the receptive fields", "[ch07][ex7.4][points=1]") {
    const arma::mat X = picture_to_column(kImage);
    arma::mat cols;
    nn::im2col(X, {1, 5, 5}, {3, 1, 0, 1}, cols);
    REQUIRE(cols.n_rows == 9);
    REQUIRE(cols.n_cols == 9);
    // column 0: the top-left 3x3 window, row by row; column 5: the window at output (1, 2)
    CHECK_THAT(arma::mat(cols.col(0)), EqualsMat(arma::vec{3, 3, 2, 0, 0, 1, 3, 1, 2}, 0, 0));
    CHECK_THAT(arma::mat(cols.col(5)), EqualsMat(arma::vec{1, 3, 1, 2, 2, 3, 0, 2, 2}, 0, 0));
    // one GEMM gives the whole output
    const arma::mat G = picture_to_column(kKernel).t() * cols;
    CHECK_THAT(G, EqualsMat(arma::mat{{12, 12, 17, 10, 17, 19, 9, 6, 14}}, 0, 1e-12));
    // with padding 1 the first window starts outside the image: its first row and column are zeros
    nn::im2col(X, {1, 5, 5}, {3, 1, 1, 1}, cols);
    REQUIRE(cols.n_cols == 25);
    CHECK_THAT(arma::mat(cols.col(0)), EqualsMat(arma::vec{0, 0, 0, 0, 3, 3, 0, 0, 0}, 0, 0));
}

TEST_CASE("col2im adds the values that land on the same pixel", "[ch07][ex7.5][points=1]") {
    // 3x3 image, 2x2 kernel, stride 1: 4 windows; folding ones back counts windows per pixel
    const nn::ImageShape in{1, 3, 3};
    arma::mat dX;
    nn::col2im(arma::mat(4, 4, arma::fill::ones), in, {2, 1, 0, 1}, 1, dX);
    CHECK_THAT(column_to_picture(dX, 3, 3),
               EqualsMat(arma::mat{{1, 2, 1}, {2, 4, 2}, {1, 2, 1}}, 0, 0));
    // padding: values that land on the padding are dropped (k 3, p 1: 9 windows)
    nn::col2im(arma::mat(9, 9, arma::fill::ones), in, {3, 1, 1, 1}, 1, dX);
    CHECK_THAT(column_to_picture(dX, 3, 3),
               EqualsMat(arma::mat{{4, 6, 4}, {6, 9, 6}, {4, 6, 4}}, 0, 0));
}

TEST_CASE("col2im is the adjoint of im2col", "[ch07][ex7.5][points=2]") {
    // <im2col(X), C> = <X, col2im(C)> for every X and C: the defining property of the adjoint
    nn::seed_all(17);
    for (const Case& c : cases()) {
        INFO(describe(c));
        const arma::uword N = 3;
        const arma::mat X(c.in.size(), N, arma::fill::randn);
        arma::mat cols, back;
        nn::im2col(X, c.in, c.g, cols);
        const nn::ImageShape out = nn::conv_output_shape(c.in, 1, c.g);
        REQUIRE(cols.n_rows == c.in.channels * c.g.kernel * c.g.kernel);
        REQUIRE(cols.n_cols == out.plane() * N);
        const arma::mat C(cols.n_rows, cols.n_cols, arma::fill::randn);
        nn::col2im(C, c.in, c.g, N, back);
        REQUIRE(back.n_rows == X.n_rows);
        REQUIRE(back.n_cols == N);
        CHECK_THAT(arma::accu(cols % C), Close(arma::accu(X % back), 1e-12, 1e-12));
    }
}

TEST_CASE("Worked example of the notes with the Conv2d layer on both algorithms",
          "[ch07][ex7.6][points=2]") {
    const arma::mat X = picture_to_column(kImage);
    const arma::mat expected = {{12, 12, 17}, {10, 17, 19}, {9, 6, 14}};
    for (nn::ConvAlgo algo : {nn::ConvAlgo::Naive, nn::ConvAlgo::Im2col}) {
        INFO("algorithm " << nn::conv_algo_name(algo));
        nn::Conv2d conv({1, 5, 5}, 1, 3, 1, 0, 1, algo);
        CHECK(conv.out_shape() == nn::ImageShape{1, 3, 3});
        conv.W = picture_to_column(kKernel).t();
        arma::mat Y;
        conv.forward(X, Y);
        CHECK_THAT(column_to_picture(Y, 3, 3), EqualsMat(expected, 0, 1e-12));
    }
}

TEST_CASE("Naive and im2col forward passes agree", "[ch07][ex7.6][points=2]") {
    nn::seed_all(21);
    for (const Case& c : cases()) {
        INFO(describe(c));
        nn::Conv2d fast(c.in, c.c_out, c.g, nn::ConvAlgo::Im2col);
        fast.init(nn::Init::He);
        fast.b.randn();
        nn::Conv2d slow(c.in, c.c_out, c.g, nn::ConvAlgo::Naive);
        slow.W = fast.W;
        slow.b = fast.b;
        // batch sizes change between calls: the workspaces must follow
        for (arma::uword N : {4u, 1u, 4u}) {
            const arma::mat X(c.in.size(), N, arma::fill::randn);
            arma::mat Yf, Ys, Yd;
            fast.forward(X, Yf);
            slow.forward(X, Ys);
            nn::conv2d_forward_naive(X, c.in, fast.W, fast.b, c.g, Yd);
            REQUIRE(Yf.n_rows == fast.out_shape().size());
            REQUIRE(Yf.n_cols == N);
            CHECK_THAT(Yf, EqualsMat(Ys, 1e-12, 1e-12));
            CHECK_THAT(Ys, EqualsMat(Yd, 0, 0));
        }
    }
}

TEST_CASE("Naive and im2col backward passes agree", "[ch07][ex7.7][points=2]") {
    nn::seed_all(22);
    for (const Case& c : cases()) {
        INFO(describe(c));
        nn::Conv2d fast(c.in, c.c_out, c.g, nn::ConvAlgo::Im2col);
        fast.init(nn::Init::He);
        nn::Conv2d slow(c.in, c.c_out, c.g, nn::ConvAlgo::Naive);
        slow.W = fast.W;
        for (arma::uword N : {3u, 5u}) {
            const arma::mat X(c.in.size(), N, arma::fill::randn);
            arma::mat Yf, Ys, dXf, dXs;
            fast.forward(X, Yf);
            slow.forward(X, Ys);
            const arma::mat dY(Yf.n_rows, N, arma::fill::randn);
            fast.backward(dY, dXf);
            slow.backward(dY, dXs);
            CHECK_THAT(dXf, EqualsMat(dXs, 1e-12, 1e-12));
            CHECK_THAT(fast.dW, EqualsMat(slow.dW, 1e-12, 1e-12));
            CHECK_THAT(fast.db, EqualsMat(slow.db, 1e-12, 1e-12));
            // the variant without dX gives the same parameter gradients (and overwrites them)
            fast.dW.fill(99.0);
            fast.db.fill(99.0);
            fast.backward(dY);
            CHECK_THAT(fast.dW, EqualsMat(slow.dW, 1e-12, 1e-12));
            CHECK_THAT(fast.db, EqualsMat(slow.db, 1e-12, 1e-12));
        }
    }
}

TEST_CASE("Repeated calls overwrite outputs and gradients on both algorithms",
          "[ch07][ex7.7][points=2]") {
    // In training a layer is called again and again with batches of the same size and the same
    // output matrices: forward must use the new input (the naive layer must keep a copy of it),
    // and Y, dX, dW and db must be overwritten, never added to what the last call left there
    // (here: 99). Reference: the naive functions writing into fresh matrices.
    nn::seed_all(23);
    const nn::ImageShape in{2, 6, 5};
    const nn::ConvGeometry g{3, 2, 1, 1};
    nn::Conv2d fast(in, 3, g, nn::ConvAlgo::Im2col);
    fast.init(nn::Init::He);
    fast.b.randn();
    nn::Conv2d slow(in, 3, g, nn::ConvAlgo::Naive);
    slow.W = fast.W;
    slow.b = fast.b;
    const arma::uword N = 4;
    arma::mat Yn, dXn, dWn, dbn, Yf, Ys, dXf, dXs;  // reused from call to call
    for (int call = 0; call < 3; ++call) {
        INFO("call " << call << " with a new batch of " << N);
        const arma::mat X(in.size(), N, arma::fill::randn);
        const arma::mat dY(fast.out_shape().size(), N, arma::fill::randn);
        arma::mat Y0, dX0, dW0, db0;  // fresh
        nn::conv2d_forward_naive(X, in, fast.W, fast.b, g, Y0);
        nn::conv2d_backward_naive(dY, X, in, fast.W, g, dX0, dW0, db0);
        // the free functions, writing over the results of the last call
        for (arma::mat* M : {&Yn, &dXn, &dWn, &dbn, &Yf, &Ys, &dXf, &dXs}) M->fill(99.0);
        nn::conv2d_forward_naive(X, in, fast.W, fast.b, g, Yn);
        nn::conv2d_backward_naive(dY, X, in, fast.W, g, dXn, dWn, dbn);
        CHECK_THAT(Yn, EqualsMat(Y0, 1e-12, 1e-12));
        CHECK_THAT(dXn, EqualsMat(dX0, 1e-12, 1e-12));
        CHECK_THAT(dWn, EqualsMat(dW0, 1e-12, 1e-12));
        CHECK_THAT(dbn, EqualsMat(db0, 1e-12, 1e-12));
        // the layer on both algorithms, with both backward overloads
        for (nn::Conv2d* conv : {&fast, &slow}) {
            INFO("algorithm " << nn::conv_algo_name(conv->algo()));
            arma::mat& Y = conv == &fast ? Yf : Ys;
            arma::mat& dX = conv == &fast ? dXf : dXs;
            conv->forward(X, Y);
            CHECK_THAT(Y, EqualsMat(Y0, 1e-12, 1e-12));
            conv->dW.fill(99.0);
            conv->db.fill(99.0);
            conv->backward(dY, dX);
            CHECK_THAT(dX, EqualsMat(dX0, 1e-12, 1e-12));
            CHECK_THAT(conv->dW, EqualsMat(dW0, 1e-12, 1e-12));
            CHECK_THAT(conv->db, EqualsMat(db0, 1e-12, 1e-12));
            conv->dW.fill(99.0);
            conv->db.fill(99.0);
            conv->backward(dY);  // the overload without dX (a first layer)
            CHECK_THAT(conv->dW, EqualsMat(dW0, 1e-12, 1e-12));
            CHECK_THAT(conv->db, EqualsMat(db0, 1e-12, 1e-12));
        }
    }
}

TEST_CASE("Conv2d with im2col passes the gradient check", "[ch07][ex7.7][points=2]") {
    // loss = sum(conv(X) % R) with a random R, so dY = R; the gradients of X, W and b come
    // from the layer's backward (GEMMs and col2im), the numbers from forward() alone
    nn::seed_all(32);
    for (const Case& c : cases()) {
        INFO(describe(c));
        nn::Conv2d conv(c.in, c.c_out, c.g, nn::ConvAlgo::Im2col);
        conv.W.randn();  // weights of order 1: every coordinate of dX is far from 0
        conv.b.randn();
        arma::mat X(c.in.size(), 3, arma::fill::randn);
        arma::mat Y, dX;
        conv.forward(X, Y);
        const arma::mat R(Y.n_rows, Y.n_cols, arma::fill::randn);
        conv.backward(R, dX);
        arma::mat dW = conv.dW, db = conv.db;
        arma::mat scratch;
        const auto loss = [&] {
            conv.forward(X, scratch);
            return weighted_sum(scratch, R);
        };
        for (auto [name, param, grad] :
             {std::make_tuple("X", &X, &dX), std::make_tuple("W", &conv.W, &dW),
              std::make_tuple("b", &conv.b, &db)}) {
            const arma::mat analytic = *grad;
            const auto rep = nn::gradcheck::check(name, loss, *param, analytic, linear_step());
            INFO(rep.str());
            CHECK(rep.ok(1e-7));
        }
    }
}

TEST_CASE("Forward and backward match PyTorch conv2d", "[ch07][ex7.7][points=2]") {
    const auto fx = nn::test::read_fixture("ch07_conv2d.txt");
    for (const std::string prefix : {"case1", "case2"}) {
        const arma::mat& geom = fx.at(prefix + "_geom");
        const nn::ImageShape in{static_cast<arma::uword>(geom(0)),
                                static_cast<arma::uword>(geom(1)),
                                static_cast<arma::uword>(geom(2))};
        const arma::uword c_out = static_cast<arma::uword>(geom(3));
        const nn::ConvGeometry g{
            static_cast<arma::uword>(geom(4)), static_cast<arma::uword>(geom(5)),
            static_cast<arma::uword>(geom(6)), static_cast<arma::uword>(geom(7))};
        for (nn::ConvAlgo algo : {nn::ConvAlgo::Naive, nn::ConvAlgo::Im2col}) {
            INFO(prefix << ": input " << in.str() << ", " << g.str() << ", "
                        << nn::conv_algo_name(algo));
            nn::Conv2d conv(in, c_out, g, algo);
            conv.W = fx.at(prefix + "_W");
            conv.b = fx.at(prefix + "_b");
            arma::mat Y, dX;
            conv.forward(fx.at(prefix + "_X"), Y);
            CHECK_THAT(Y, EqualsMat(fx.at(prefix + "_Y"), 1e-12, 1e-12));
            conv.backward(fx.at(prefix + "_dY"), dX);
            CHECK_THAT(dX, EqualsMat(fx.at(prefix + "_dX"), 1e-12, 1e-12));
            CHECK_THAT(conv.dW, EqualsMat(fx.at(prefix + "_dW"), 1e-12, 1e-12));
            CHECK_THAT(conv.db, EqualsMat(fx.at(prefix + "_db"), 1e-12, 1e-12));
        }
    }
}

TEST_CASE("Bad shapes are rejected with messages that name the function",
          "[ch07][ex7.7][points=1]") {
    const nn::ImageShape in{2, 6, 6};
    nn::Conv2d conv(in, 3, 3);
    CHECK(conv.out_shape() == nn::ImageShape{3, 4, 4});
    arma::mat Y, dX;
    CHECK_THROWS_WITH(conv.forward(arma::mat(71, 2, arma::fill::zeros), Y),
                      Catch::Contains("Conv2d::forward") && Catch::Contains("72"));
    conv.forward(arma::mat(72, 2, arma::fill::zeros), Y);
    CHECK_THROWS_WITH(conv.backward(arma::mat(48, 3, arma::fill::zeros), dX),
                      Catch::Contains("Conv2d::backward"));
    CHECK_THROWS_AS(conv.backward(arma::mat(47, 2, arma::fill::zeros)), std::invalid_argument);
    // a kernel larger than the padded input: the constructor says the output would be empty
    CHECK_THROWS_WITH(nn::Conv2d(nn::ImageShape{1, 4, 4}, 2, 5), Catch::Contains("empty"));
    CHECK_THROWS_WITH(nn::Conv2d(nn::ImageShape{1, 4, 4}, 0, 3), Catch::Contains("Conv2d"));
    // the free functions check their arguments too
    const arma::mat X(72, 1, arma::fill::zeros);
    CHECK_THROWS_WITH(
        nn::conv2d_forward_naive(X, in, arma::mat(3, 17), arma::mat(3, 1), {3, 1, 0, 1}, Y),
        Catch::Contains("conv2d_forward_naive"));
    CHECK_THROWS_WITH(
        nn::conv2d_forward_naive(X, in, arma::mat(3, 18), arma::mat(2, 1), {3, 1, 0, 1}, Y),
        Catch::Contains("conv2d_forward_naive"));
    arma::mat dW, db;
    CHECK_THROWS_WITH(nn::conv2d_backward_naive(arma::mat(47, 1), X, in, arma::mat(3, 18),
                                                {3, 1, 0, 1}, dX, dW, db),
                      Catch::Contains("conv2d_backward_naive"));
    arma::mat cols;
    CHECK_THROWS_WITH(nn::im2col(arma::mat(70, 1), in, {3, 1, 0, 1}, cols),
                      Catch::Contains("im2col"));
    CHECK_THROWS_WITH(nn::col2im(arma::mat(18, 15), in, {3, 1, 0, 1}, 1, dX),
                      Catch::Contains("col2im"));
}

TEST_CASE("Backward before forward is a logic error", "[ch07][ex7.7][points=1]") {
    for (nn::ConvAlgo algo : {nn::ConvAlgo::Naive, nn::ConvAlgo::Im2col}) {
        nn::Conv2d conv({1, 5, 5}, 2, 3, 1, 0, 1, algo);
        const arma::mat dY(18, 1, arma::fill::ones);
        arma::mat dX, Y;
        CHECK_THROWS_WITH(conv.backward(dY, dX),
                          Catch::Contains("forward") && !Catch::Contains("not implemented"));
        CHECK_THROWS_AS(conv.backward(dY), std::logic_error);
        conv.forward(arma::mat(25, 1, arma::fill::ones), Y);
        CHECK_NOTHROW(conv.backward(dY, dX));
        // switching the algorithm drops the cache
        conv.set_algo(algo == nn::ConvAlgo::Naive ? nn::ConvAlgo::Im2col : nn::ConvAlgo::Naive);
        CHECK_THROWS_AS(conv.backward(dY, dX), std::logic_error);
    }
}

TEST_CASE("Parameters and initialisation of the layer", "[ch07][ex7.7][points=1]") {
    nn::seed_all(5);
    nn::Conv2d conv({3, 10, 10}, 64, 3, 1, 1);
    CHECK(conv.W.n_rows == 64);
    CHECK(conv.W.n_cols == 27);
    CHECK(conv.num_parameters() == 64 * 27 + 64);  // a dense layer 300 -> 6400 would need 1,926,400
    conv.init(nn::Init::He);
    CHECK_THAT(arma::stddev(arma::vectorise(conv.W)), Close(std::sqrt(2.0 / 27), 0.1));
    std::vector<nn::ParamRef> ps = conv.parameters("conv1");
    REQUIRE(ps.size() == 2);
    CHECK(ps[0].value == &conv.W);
    CHECK(ps[0].grad == &conv.dW);
    CHECK_FALSE(ps[0].is_bias);
    CHECK(ps[1].value == &conv.b);
    CHECK(ps[1].is_bias);
    CHECK(ps[0].name == "conv1.W");
    // a step of the chapter-04 optimiser moves W against dW
    arma::mat Y;
    const arma::mat X(300, 2, arma::fill::randn);
    conv.forward(X, Y);
    conv.backward(arma::mat(Y.n_rows, 2, arma::fill::ones));
    const arma::mat before = conv.W;
    nn::Optimizer opt({nn::OptimizerKind::SGD, 0.1});
    opt.step(ps);
    CHECK_THAT(conv.W, EqualsMat(before - 0.1 * conv.dW, 1e-14, 1e-14));
}

TEST_CASE("A small CNN learns to tell vertical from horizontal bars", "[ch07][ex7.7][points=3]") {
    // 8x8 images with one bar (vertical: class 0, horizontal: class 1) at a random place, plus
    // noise; conv 1->4 (3x3) -> ReLU -> dense -> softmax cross-entropy, Adam.
    nn::seed_all(7);
    const auto make = [](arma::uword N, arma::mat& X, arma::uvec& y) {
        X.zeros(64, N);
        y.set_size(N);
        for (arma::uword n = 0; n < N; ++n) {
            y(n) = n % 2;
            const arma::uword pos = nn::rng()() % 8, from = nn::rng()() % 4;
            for (arma::uword t = from; t < from + 4; ++t) {
                const arma::uword row = y(n) == 0 ? t : pos, col = y(n) == 0 ? pos : t;
                X(row * 8 + col, n) = 1.0;
            }
        }
        X += 0.2 * arma::mat(64, N, arma::fill::randn);
    };
    arma::mat Xtr, Xte;
    arma::uvec ytr, yte;
    make(400, Xtr, ytr);
    make(200, Xte, yte);
    // conv -> ReLU -> dense as an nn::Sequential (given code, sequential.hpp)
    nn::Sequential net;
    nn::Conv2d& conv = net.add("conv", nn::Conv2d({1, 8, 8}, 4, 3));
    conv.init(nn::Init::He);
    net.add("relu", nn::ActivationLayer(nn::Activation::ReLU));
    net.add("fc", nn::Dense(conv.out_shape().size(), 2)).init(nn::Init::He);
    const std::vector<nn::ParamRef> params = net.parameters();
    nn::Optimizer opt({nn::OptimizerKind::Adam, 0.01});
    nn::MiniBatcher batches(Xtr.n_cols, 20);
    arma::mat Xb, Z2, dZ2;
    arma::uvec yb;
    net.forward(Xte, Z2);
    const double loss0 = nn::softmax_cross_entropy(Z2, yte, dZ2);
    for (int epoch = 0; epoch < 15; ++epoch) {
        batches.shuffle();
        for (arma::uword bi = 0; bi < batches.num_batches(); ++bi) {
            batches.fill(bi, Xtr, Xb);
            batches.fill(bi, ytr, yb);
            net.forward(Xb, Z2);
            nn::softmax_cross_entropy(Z2, yb, dZ2);
            net.backward(dZ2);
            opt.step(params);
        }
    }
    net.forward(Xte, Z2);
    const double loss1 = nn::softmax_cross_entropy(Z2, yte, dZ2);
    const double acc = static_cast<double>(nn::count_correct(Z2, yte)) / yte.n_elem;
    INFO("test loss " << loss0 << " -> " << loss1 << ", accuracy " << acc);
    CHECK(loss1 < 0.25 * loss0);
    CHECK(acc >= 0.95);
}

TEST_CASE("A Sequential of Conv2d, tanh and Dense passes the gradient check",
          "[ch07][ex7.7][points=1]") {
    // chapter 07's nn::Sequential chains the layers' backward(): every parameter and the
    // input get the gradient of the whole chain
    nn::seed_all(17);
    nn::Sequential net;
    net.add("conv", nn::Conv2d({2, 6, 5}, 3, 3, 1, 1)).init(nn::Init::Xavier);
    net.add("tanh", nn::ActivationLayer(nn::Activation::Tanh));
    net.add("fc", nn::Dense(3 * 6 * 5, 4)).init(nn::Init::Xavier);
    arma::mat X(2 * 6 * 5, 3, arma::fill::randn), Y, dX, scratch;
    net.forward(X, Y);
    const arma::mat R(Y.n_rows, Y.n_cols, arma::fill::randn);
    net.backward(R, dX);
    const std::vector<nn::ParamRef> params = net.parameters();
    REQUIRE(params.size() == 4);
    CHECK(params[0].name == "conv.W");
    CHECK(params[3].name == "fc.b");
    const auto loss = [&] {
        net.forward(X, scratch);
        return weighted_sum(scratch, R);
    };
    for (const nn::ParamRef& p : params) {
        const arma::mat analytic = *p.grad;
        // the loss is linear in fc.W and fc.b (the last layer): a large step is exact there
        const bool last = p.name.rfind("fc.", 0) == 0;
        const auto rep = last
                             ? nn::gradcheck::check(p.name, loss, *p.value, analytic, linear_step())
                             : nn::gradcheck::check(p.name, loss, *p.value, analytic);
        INFO(rep.str());
        CHECK(rep.ok(1e-7));
        CHECK_FALSE(rep.vacuous);
    }
    const arma::mat analytic = dX;
    const auto rep = nn::gradcheck::check("X", loss, X, analytic);
    INFO(rep.str());
    CHECK(rep.ok(1e-7));
}
