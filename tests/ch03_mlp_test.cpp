// Tests of chapter 03: activations, losses, backprop by hand, Dense, Mlp, SGD.
// Tier 1: the worked examples of the notes, computed by hand.
// Tier 2: analytic gradients against centred differences (nn::gradcheck).
// Tier 3: learning (XOR to accuracy 1, a regression fit) with fixed seeds.
#include <cmath>
#include <string>
#include <vector>

#include "mlp.hpp"
#include "nn/error.hpp"
#include "nn/gradcheck.hpp"
#include "nn/metrics.hpp"
#include "nn/rng.hpp"
#include "nn_test.hpp"

using nn::test::Close;
using nn::test::EqualsMat;

namespace {

// The four XOR inputs as columns (00, 01, 10, 11) and their labels.
const arma::mat kXorX = {{0, 0, 1, 1}, {0, 1, 0, 1}};
const arma::mat kXorY = {{0, 1, 1, 0}};

// The activations that have a derivative everywhere we sample (Step excluded).
const std::vector<nn::Activation> kSmooth = {nn::Activation::Identity, nn::Activation::Sigmoid,
                                             nn::Activation::Tanh,     nn::Activation::Arctan,
                                             nn::Activation::Softsign, nn::Activation::ISRU,
                                             nn::Activation::ReLU,     nn::Activation::LeakyReLU,
                                             nn::Activation::ELU,      nn::Activation::Softplus};

double f_scalar(nn::Activation k, double alpha, double z) {
    arma::mat Z(1, 1), A;
    Z(0, 0) = z;
    nn::activation_forward(k, alpha, Z, A);
    return A(0, 0);
}

// What to check when f'(Z) of activation k is wrong.
std::string derivative_hint(nn::Activation k) {
    switch (k) {
        case nn::Activation::Sigmoid:
            return "f'(z) = s (1 - s) with s = sigmoid(z) of Z itself; computing sigmoid of the activation "
                   "(sigmoid(sigmoid(z))) or forgetting the (1 - s) factor are the usual mistakes";
        case nn::Activation::Tanh:
            return "f'(z) = 1 - tanh(z)^2 (of Z, not of tanh(Z))";
        case nn::Activation::Softplus:
            return "f'(z) = sigmoid(z)";
        case nn::Activation::ELU:
            return "f'(z) = 1 for z > 0, alpha e^z for z <= 0";
        case nn::Activation::LeakyReLU:
            return "f'(z) = 1 for z > 0, alpha for z <= 0";
        default:
            return "compare with the table of the notes";
    }
}

// Gradient check of every parameter of `net` for loss(forward(X), Y).
void check_network(nn::Mlp& net, const arma::mat& X, const arma::mat& Y, nn::Loss loss) {
    INFO(
        "Mlp backward: start with dZ_L = dOut % f_L'(Z_L) (the OUTPUT activation's derivative; "
        "backward_from_logits starts from dZ_L itself), then for l = L..2: dA_(l-1) = W_l^T dZ_l and "
        "dZ_(l-1) = dA_(l-1) % f_(l-1)'(Z_(l-1)) (the derivative of layer l-1, at its own Z). "
        "Last layer right but earlier ones wrong: look at the recursion; all wrong: look at dZ_L");
    arma::mat Out, dOut;
    net.forward(X, Out);
    nn::loss_and_gradient(loss, Out, Y, dOut);
    net.backward(dOut);
    std::vector<arma::mat> grads;
    for (auto& p : net.parameters()) grads.push_back(*p.grad);
    auto f = [&]() {
        arma::mat O;
        net.forward(X, O);
        return nn::loss_value(loss, O, Y);
    };
    std::size_t i = 0;
    for (auto& p : net.parameters()) nn::test::grad_ok(p.name, f, *p.value, grads[i++]);
}

}  // namespace

// Test cases are ordered by exercise; the tag [exN.M] says which exercise a test grades
// (scripts/check.sh N.M runs them). A test needs only its exercise and the ones before it.

TEST_CASE("Activation values at known points", "[ch03][ex3.1][points=2]") {
    using A = nn::Activation;
    CHECK_THAT(f_scalar(A::Identity, 0, -1.5), Close(-1.5));
    CHECK_THAT(f_scalar(A::Step, 0, 0.0), Close(1.0));
    CHECK_THAT(f_scalar(A::Step, 0, -1e-9), Close(0.0));
    CHECK_THAT(f_scalar(A::Sigmoid, 0, 0.0), Close(0.5));
    CHECK_THAT(f_scalar(A::Sigmoid, 0, 2.0), Close(1.0 / (1.0 + std::exp(-2.0))));
    CHECK_THAT(f_scalar(A::Tanh, 0, 1.0), Close(std::tanh(1.0)));
    CHECK_THAT(f_scalar(A::Arctan, 0, 1.0), Close(std::atan(1.0)));
    CHECK_THAT(f_scalar(A::Softsign, 0, 1.0), Close(0.5));
    CHECK_THAT(f_scalar(A::Softsign, 0, -3.0), Close(-0.75));
    CHECK_THAT(f_scalar(A::ISRU, 1.0, 1.0), Close(1.0 / std::sqrt(2.0)));
    CHECK_THAT(f_scalar(A::ISRU, 3.0, -1.0), Close(-0.5));
    CHECK_THAT(f_scalar(A::ReLU, 0, -1.0), Close(0.0));
    CHECK_THAT(f_scalar(A::ReLU, 0, 2.5), Close(2.5));
    CHECK_THAT(f_scalar(A::LeakyReLU, 0.01, -2.0), Close(-0.02));
    CHECK_THAT(f_scalar(A::LeakyReLU, 0.25, -2.0), Close(-0.5));  // PReLU with alpha 0.25
    CHECK_THAT(f_scalar(A::ELU, 1.0, -1.0), Close(std::exp(-1.0) - 1.0));
    CHECK_THAT(f_scalar(A::ELU, 1.0, 3.0), Close(3.0));
    CHECK_THAT(f_scalar(A::Softplus, 0, 0.0), Close(std::log(2.0)));
    // the output has the shape of the input
    arma::mat Z(3, 5, arma::fill::randn), Aout;
    nn::activation_forward(A::Tanh, 0, Z, Aout);
    CHECK_THAT(Aout, EqualsMat(arma::tanh(Z)));
}

TEST_CASE("Sigmoid and softplus stay finite for huge inputs", "[ch03][ex3.1][ex3.2][points=1]") {
    const arma::mat Z = {{-1000.0, 1000.0}};
    arma::mat A, D;
    nn::activation_forward(nn::Activation::Sigmoid, 0, Z, A);
    CHECK_THAT(A, EqualsMat(arma::mat{{0.0, 1.0}}));
    nn::activation_derivative(nn::Activation::Sigmoid, 0, Z, D);
    CHECK(D.is_finite());
    nn::activation_forward(nn::Activation::Softplus, 0, Z, A);
    CHECK_THAT(A, EqualsMat(arma::mat{{0.0, 1000.0}}));
    nn::activation_derivative(nn::Activation::Softplus, 0, Z, D);
    CHECK_THAT(D, EqualsMat(arma::mat{{0.0, 1.0}}));
}

TEST_CASE("Activations parsed by name compute the same function", "[ch03][ex3.1][points=1]") {
    for (const std::string& name : nn::activation_names()) {
        const nn::Activation k = nn::parse_activation(name);
        CHECK(nn::activation_name(k) == name);
    }
    CHECK(nn::parse_activation("ReLU") == nn::Activation::ReLU);
    CHECK(nn::parse_activation("prelu") == nn::Activation::LeakyReLU);
    CHECK_THROWS_AS(nn::parse_activation("swish"), std::invalid_argument);
    CHECK_THAT(f_scalar(nn::parse_activation("softsign"), 0, 1.0), Close(0.5));
}

TEST_CASE("Activation derivatives match centred differences away from kinks",
          "[ch03][ex3.2][points=3]") {
    nn::seed_all(3);
    // samples that avoid the kink at 0 by at least 0.05
    arma::mat Z = arma::randu(4, 6) * 6.0 - 3.0;
    Z.transform([](double z) { return std::abs(z) < 0.05 ? z + 0.1 : z; });
    const double h = 1e-5;
    for (nn::Activation k : kSmooth) {
        const double alpha = k == nn::Activation::ISRU
                                 ? 0.7
                                 : nn::default_alpha(k) + (k == nn::Activation::ELU ? 0.5 : 0.0);
        INFO("activation " << nn::activation_name(k) << " alpha " << alpha << "\n"
                           << derivative_hint(k));
        arma::mat D, Ap, Am;
        nn::activation_derivative(k, alpha, Z, D);
        nn::activation_forward(k, alpha, Z + h, Ap);
        nn::activation_forward(k, alpha, Z - h, Am);
        const arma::mat numeric = (Ap - Am) / (2 * h);
        CHECK_THAT(D, EqualsMat(numeric, 1e-7, 1e-9));
    }
    // Step is flat everywhere except at 0: derivative 0
    arma::mat D;
    nn::activation_derivative(nn::Activation::Step, 0, Z, D);
    CHECK_THAT(D, EqualsMat(arma::zeros(arma::size(Z))));
}

TEST_CASE("Activation derivatives at the kink follow the conventions", "[ch03][ex3.2][points=1]") {
    const arma::mat Z = {{0.0, -1.0, 2.0}};
    arma::mat D;
    nn::activation_derivative(nn::Activation::ReLU, 0, Z, D);
    CHECK_THAT(D, EqualsMat(arma::mat{{0, 0, 1}}));
    nn::activation_derivative(nn::Activation::LeakyReLU, 0.1, Z, D);
    CHECK_THAT(D, EqualsMat(arma::mat{{0.1, 0.1, 1}}));
    nn::activation_derivative(nn::Activation::Sigmoid, 0, Z, D);
    CHECK_THAT(D(0, 0), Close(0.25));
    nn::activation_derivative(nn::Activation::Tanh, 0, Z, D);
    CHECK_THAT(D(0, 0), Close(1.0));
    nn::activation_derivative(nn::Activation::ELU, 1.0, Z, D);
    CHECK_THAT(D(0, 1), Close(std::exp(-1.0)));
}

TEST_CASE("MSE MAE and BCE values and gradients by hand", "[ch03][ex3.3][points=2]") {
    const arma::mat A = {{0.9, 0.2}}, Y = {{1.0, 0.0}};  // N = 2
    arma::mat dA;
    CHECK_THAT(nn::mse_loss(A, Y), Close((0.01 + 0.04) / 2));
    nn::mse_gradient(A, Y, dA);
    CHECK_THAT(dA, EqualsMat(arma::mat{{-0.1, 0.2}}));
    CHECK_THAT(nn::mae_loss(A, Y), Close((0.1 + 0.2) / 2));
    nn::mae_gradient(A, Y, dA);
    CHECK_THAT(dA, EqualsMat(arma::mat{{-0.5, 0.5}}));
    CHECK_THAT(nn::bce_loss(A, Y), Close(-(std::log(0.9) + std::log(0.8)) / 2));
    nn::bce_gradient(A, Y, dA);
    CHECK_THAT(dA, EqualsMat(arma::mat{{-0.1 / (0.9 * 0.1) / 2, 0.2 / (0.2 * 0.8) / 2}}));
    // MSE sums over the output rows: two outputs, one sample
    CHECK_THAT(nn::mse_loss(arma::mat(arma::vec{1.0, 2.0}), arma::mat(arma::vec{0.0, 0.0})),
               Close(5.0));
    // BCE never sees log(0)
    CHECK(std::isfinite(nn::bce_loss(arma::mat{{0.0, 1.0}}, arma::mat{{1.0, 0.0}})));
}

TEST_CASE("Loss gradients pass the gradient check", "[ch03][ex3.3][points=2]") {
    nn::seed_all(11);
    arma::mat A = arma::randu(3, 4) * 0.8 + 0.1;         // probabilities in (0.1, 0.9)
    const arma::mat Y = arma::round(arma::randu(3, 4));  // 0/1 targets
    for (nn::Loss loss : {nn::Loss::MSE, nn::Loss::MAE, nn::Loss::BCE, nn::Loss::BCEWithLogits}) {
        arma::mat dA;
        nn::loss_and_gradient(loss, A, Y, dA);
        auto f = [&]() { return nn::loss_value(loss, A, Y); };
        nn::test::grad_ok(nn::loss_name(loss), f, A, dA);
    }
}

TEST_CASE("BCE with logits matches sigmoid then BCE and stays finite", "[ch03][ex3.3][points=2]") {
    nn::seed_all(5);
    const arma::mat Z = arma::randn(2, 5), Y = arma::round(arma::randu(2, 5));
    arma::mat dZ, P;
    const double fused = nn::bce_with_logits(Z, Y, dZ);
    nn::activation_forward(nn::Activation::Sigmoid, 0, Z, P);
    CHECK_THAT(fused, Close(nn::bce_loss(P, Y), 1e-10));
    CHECK_THAT(dZ, EqualsMat((P - Y) / 5.0, 1e-10, 1e-14));
    // extreme logits: right answer costs 0, wrong answer costs |z|
    const double big = nn::bce_with_logits(arma::mat{{1000.0, -1000.0}}, arma::mat{{1.0, 1.0}}, dZ);
    CHECK_THAT(big, Close(1000.0 / 2));
    CHECK_THAT(dZ, EqualsMat(arma::mat{{0.0, -0.5}}));
}

TEST_CASE("Sigmoid neuron gradient of the squared error", "[ch03][ex3.4][points=2]") {
    const arma::vec w = {0.5, -0.3, 0.8}, x = {1.0, 2.0, -0.5};
    const double b = 0.1, y = 1.0;
    arma::vec dw;
    double db = 0;
    const double E = nn::sigmoid_neuron(w, b, x, y, dw, db);
    // by the formula of the notes
    const double z = arma::dot(w, x) + b;  // = -0.4
    const double s = 1.0 / (1.0 + std::exp(-z));
    CHECK_THAT(E, Close((s - y) * (s - y)));
    CHECK_THAT(db, Close(2 * (s - y) * s * (1 - s)));
    CHECK_THAT(arma::mat(dw), EqualsMat(arma::mat(2 * (s - y) * s * (1 - s) * x)));
    // and by centred differences
    arma::mat wm = w;
    auto f = [&]() {
        arma::vec g;
        double gb;
        return nn::sigmoid_neuron(arma::vec(wm), b, x, y, g, gb);
    };
    nn::test::grad_ok("dE/dw", f, wm, arma::mat(dw));
    // a length mismatch is an error naming the function
    CHECK_THROWS_WITH(nn::sigmoid_neuron(w, b, arma::vec{1.0}, y, dw, db),
                      Catch::Matchers::Contains("sigmoid_neuron"));
}

TEST_CASE("Computational graph example gives 8 8 8 16 and minus 4", "[ch03][ex3.4][points=2]") {
    const nn::GraphResult g = nn::graph_example(1, 2, 2, 4);
    CHECK_THAT(g.L, Close(8));
    CHECK_THAT(g.dL_da, Close(8));
    CHECK_THAT(g.dL_db, Close(8));
    CHECK_THAT(g.dL_dw, Close(16));
    CHECK_THAT(g.dL_dt, Close(-4));
    // another point against centred differences of L
    arma::mat v = {{0.3, -1.2, 0.7, 2.5}};
    auto f = [&]() { return nn::graph_example(v(0), v(1), v(2), v(3)).L; };
    const nn::GraphResult h = nn::graph_example(v(0), v(1), v(2), v(3));
    nn::test::grad_ok("graph", f, v, arma::mat{{h.dL_da, h.dL_db, h.dL_dw, h.dL_dt}});
}

TEST_CASE("Dense forward by hand", "[ch03][ex3.5][points=2]") {
    nn::Dense d(2, 3);
    d.W = {{1, 2}, {3, 4}, {5, 6}};
    d.b = arma::mat(arma::vec{1, -1, 0.5});
    const arma::mat X = {{1, 0}, {-1, 2}};  // two samples: (1,-1) and (0,2)
    arma::mat Z;
    d.forward(X, Z);
    CHECK_THAT(
        Z, EqualsMat(arma::mat{{1 - 2 + 1, 4 + 1}, {3 - 4 - 1, 8 - 1}, {5 - 6 + 0.5, 12 + 0.5}}));
    CHECK(d.has_cache());
}

TEST_CASE("Dense backward by hand and under the gradient check", "[ch03][ex3.6][points=3]") {
    INFO(
        "Dense(2 in, 3 out): W is 3x2, A_prev 2xN, dZ 3xN. Expected: dW = dZ A_prev^T (3x2), "
        "db = arma::sum(dZ, 1) (3x1, one per unit), dA_prev = W^T dZ (2xN). A shape error from "
        "Armadillo below names the operation and both shapes: look for a missing .t() or the wrong sum axis.");
    nn::Dense d(2, 3);
    d.W = {{1, 2}, {3, 4}, {5, 6}};
    d.b = arma::mat(arma::vec{1, -1, 0.5});
    arma::mat X = {{1, 0}, {-1, 2}};
    arma::mat Z, dX;
    d.forward(X, Z);
    const arma::mat dZ = {{1, 0}, {0, 1}, {1, -1}};
    d.backward(dZ, dX);
    CHECK_THAT(d.dW, EqualsMat(dZ * X.t()));
    CHECK_THAT(d.dW, EqualsMat(arma::mat{{1, -1}, {0, 2}, {1, -3}}));
    CHECK_THAT(d.db, EqualsMat(arma::mat(arma::vec{1, 1, 0})));
    CHECK_THAT(dX, EqualsMat(arma::mat{{6, -2}, {8, -2}}));
    // L = sum(R ⊙ Z) has dL/dZ = R; check dW, db, dX numerically
    nn::seed_all(2);
    nn::Dense e(4, 3);
    e.init(nn::Init::He);
    e.b = arma::randn(3, 1);
    arma::mat Xr = arma::randn(4, 5);
    const arma::mat R = arma::randn(3, 5);
    arma::mat Zr, dXr;
    e.forward(Xr, Zr);
    e.backward(R, dXr);
    const arma::mat dW = e.dW, db = e.db;
    auto f = [&]() {
        arma::mat Zt;
        nn::Dense t = e;
        t.forward(Xr, Zt);
        return arma::accu(R % Zt);
    };
    nn::test::grad_ok("dW", f, e.W, dW);
    nn::test::grad_ok("db", f, e.b, db);
    nn::test::grad_ok("dX", f, Xr, dXr);
    // the overload without dA_prev gives the same parameter gradients
    e.forward(Xr, Zr);
    e.backward(R);
    CHECK_THAT(e.dW, EqualsMat(dW));
    CHECK_THAT(e.db, EqualsMat(db));
}

TEST_CASE("Dense backward overwrites gradients instead of adding", "[ch03][ex3.6][points=1]") {
    INFO(
        "two backward calls with the same dZ must give the same dW and db: write dW = ..., not dW += ...");
    nn::Dense d(2, 1);
    d.W = {{1, 1}};
    arma::mat Z, dX;
    d.forward(arma::mat(arma::vec{1.0, 2.0}), Z);
    d.backward(arma::mat(arma::vec{1.0}), dX);
    d.backward(arma::mat(arma::vec{1.0}), dX);
    CHECK_THAT(d.dW, EqualsMat(arma::mat{{1, 2}}));
    CHECK_THAT(d.db, EqualsMat(arma::mat(arma::vec{1})));
}

TEST_CASE("Backward before forward throws a logic error", "[ch03][ex3.6][points=1]") {
    nn::Dense d(2, 2);
    arma::mat dX, Z;
    CHECK_THROWS_AS(d.backward(arma::ones(2, 3), dX), std::logic_error);
    CHECK_THROWS_AS(d.backward(arma::ones(2, 3)), std::logic_error);
    // after forward both work
    d.forward(arma::ones(2, 3), Z);
    REQUIRE_NOTHROW(d.backward(arma::ones(2, 3), dX));
    CHECK_THAT(d.db, EqualsMat(arma::mat(arma::vec{3, 3})));
    // (Mlp::backward before forward: in "Wrong shapes throw invalid argument naming the function", 3.8)
}

TEST_CASE("ReLU XOR network by hand", "[ch03][ex3.7][points=2]") {
    nn::Mlp net({2, 2, 1}, nn::Activation::ReLU, nn::Activation::Identity);
    net.layer(0).W = {{1, 1}, {1, 1}};
    net.layer(0).b = arma::mat(arma::vec{0.0, -1.0});
    net.layer(1).W = {{1, -2}};
    net.layer(1).b = arma::mat(arma::vec{0.0});
    arma::mat Out;
    net.forward(kXorX, Out);
    // hidden: h1 = relu(x1 + x2), h2 = relu(x1 + x2 - 1)
    CHECK_THAT(net.A(0), EqualsMat(arma::mat{{0, 1, 1, 2}, {0, 0, 0, 1}}));
    // output: h1 - 2 h2
    CHECK_THAT(Out, EqualsMat(kXorY));
    CHECK_THAT(net.predict(kXorX), EqualsMat(kXorY));
}

TEST_CASE("XOR with threshold units OR NAND and AND", "[ch03][ex3.7][points=2]") {
    nn::Mlp net({2, 2, 1}, nn::Activation::Step, nn::Activation::Step);
    net.layer(0).W = {{1, 1}, {-1, -1}};  // row 1: OR, row 2: NAND
    net.layer(0).b = arma::mat(arma::vec{-0.5, 1.5});
    net.layer(1).W = {{1, 1}};  // AND of the two
    net.layer(1).b = arma::mat(arma::vec{-1.5});
    arma::mat Out;
    net.forward(kXorX, Out);
    CHECK_THAT(net.A(0), EqualsMat(arma::mat{{0, 1, 1, 1}, {1, 1, 1, 0}}));
    CHECK_THAT(Out, EqualsMat(kXorY));
}

TEST_CASE("Mlp forward equals predict and keeps the caches", "[ch03][ex3.7][points=1]") {
    nn::seed_all(4);
    nn::Mlp net({4, 6, 3}, nn::Activation::ReLU, nn::Activation::Softsign);
    const arma::mat X = arma::randn(4, 9);
    arma::mat Out;
    net.forward(X, Out);
    CHECK(Out.n_rows == 3);
    CHECK(Out.n_cols == 9);
    CHECK_THAT(net.predict(X), EqualsMat(Out));
    arma::mat Z0 = net.layer(0).W * X;
    Z0.each_col() += net.layer(0).b.col(0);
    CHECK_THAT(net.Z(0), EqualsMat(Z0, 1e-12, 1e-12));
    CHECK_THAT(net.A(0), EqualsMat(arma::clamp(Z0, 0.0, arma::datum::inf), 1e-12, 1e-12));
    CHECK_THAT(net.output(), EqualsMat(Out));
}

TEST_CASE("Sigmoid neuron equals a one layer Mlp with MSE", "[ch03][ex3.8][points=1]") {
    nn::Mlp net({3, 1}, nn::Activation::Sigmoid, nn::Activation::Sigmoid);
    net.layer(0).W = {{0.5, -0.3, 0.8}};
    net.layer(0).b = arma::mat(arma::vec{0.1});
    const arma::mat X = arma::mat(arma::vec{1.0, 2.0, -0.5}), Y = arma::mat(arma::vec{1.0});
    arma::mat Out, dOut;
    net.forward(X, Out);
    const double L = nn::loss_and_gradient(nn::Loss::MSE, Out, Y, dOut);
    net.backward(dOut);
    arma::vec dw;
    double db = 0;
    const double E =
        nn::sigmoid_neuron(arma::vec{0.5, -0.3, 0.8}, 0.1, arma::vec{1.0, 2.0, -0.5}, 1.0, dw, db);
    CHECK_THAT(L, Close(E));
    CHECK_THAT(net.layer(0).dW, EqualsMat(arma::mat(dw.t())));
    CHECK_THAT(net.layer(0).db(0, 0), Close(db));
}

TEST_CASE("Wrong shapes throw invalid argument naming the function", "[ch03][ex3.8][points=2]") {
    auto throws_naming = [](const std::function<void()>& call, const std::string& where) {
        try {
            call();
        } catch (const std::invalid_argument& e) {
            INFO(e.what());
            return std::string(e.what()).find(where) != std::string::npos;
        } catch (...) {
            return false;
        }
        return false;
    };
    nn::Dense d(3, 2);
    arma::mat Z, dX, Out;
    CHECK(throws_naming([&] { d.forward(arma::ones(4, 5), Z); }, "Dense::forward"));
    d.forward(arma::ones(3, 5), Z);
    CHECK(throws_naming([&] { d.backward(arma::ones(2, 4), dX); }, "Dense::backward"));
    CHECK(throws_naming([&] { d.backward(arma::ones(3, 5), dX); }, "Dense::backward"));
    nn::Mlp net({3, 4, 2}, nn::Activation::ReLU, nn::Activation::Identity);
    CHECK_THROWS_AS(net.backward(arma::ones(2, 5)),
                    std::logic_error);  // backward before any forward
    CHECK(throws_naming([&] { net.forward(arma::ones(2, 5), Out); }, "Mlp::forward"));
    net.forward(arma::ones(3, 5), Out);
    CHECK(throws_naming([&] { net.backward(arma::ones(2, 4)); }, "Mlp::backward"));
    CHECK(throws_naming([&] { nn::mse_loss(arma::ones(2, 3), arma::ones(3, 2)); }, "mse_loss"));
    CHECK(throws_naming([&] { nn::bce_with_logits(arma::ones(2, 3), arma::ones(2, 2), dX); },
                        "bce_with_logits"));
}

TEST_CASE("Mlp backward passes the gradient check for every activation",
          "[ch03][ex3.8][points=3]") {
    for (nn::Activation k : kSmooth) {
        INFO("hidden activation " << nn::activation_name(k));
        nn::seed_all(21);
        nn::Mlp net({3, 5, 4, 2}, k, nn::Activation::Identity, nn::Init::Xavier);
        for (std::size_t l = 0; l < net.num_layers(); ++l)
            net.layer(l).b = 0.1 * arma::randn(net.layer(l).n_out(), 1);
        const arma::mat X = arma::randn(3, 6), Y = arma::randn(2, 6);
        check_network(net, X, Y, nn::Loss::MSE);
    }
}

TEST_CASE("Mlp backward with BCE and with logits", "[ch03][ex3.8][points=2]") {
    nn::seed_all(8);
    const arma::mat X = arma::randn(2, 7), Y = arma::round(arma::randu(1, 7));
    nn::Mlp probs({2, 6, 1}, nn::Activation::Tanh, nn::Activation::Sigmoid, nn::Init::Xavier);
    check_network(probs, X, Y, nn::Loss::BCE);
    // the same weights with an identity output and the fused loss give the same gradients
    nn::Mlp logits({2, 6, 1}, nn::Activation::Tanh, nn::Activation::Identity);
    for (std::size_t l = 0; l < 2; ++l) logits.layer(l) = probs.layer(l);
    arma::mat Out, dOut, dZ;
    probs.forward(X, Out);
    nn::bce_gradient(Out, Y, dOut);
    probs.backward(dOut);
    logits.forward(X, Out);
    nn::bce_with_logits(Out, Y, dZ);
    logits.backward_from_logits(dZ);
    for (std::size_t l = 0; l < 2; ++l) {
        CHECK_THAT(logits.layer(l).dW, EqualsMat(probs.layer(l).dW, 1e-9, 1e-12));
        CHECK_THAT(logits.layer(l).db, EqualsMat(probs.layer(l).db, 1e-9, 1e-12));
    }
    check_network(logits, X, Y, nn::Loss::BCEWithLogits);
}

TEST_CASE("Parameters list every weight and bias with its gradient", "[ch03][ex3.8][points=1]") {
    nn::seed_all(1);
    nn::Mlp net({2, 3, 1}, nn::Activation::Tanh, nn::Activation::Sigmoid);
    auto ps = net.parameters();
    REQUIRE(ps.size() == 4);
    CHECK(ps[0].name == "W1");
    CHECK(ps[1].name == "b1");
    CHECK(ps[3].name == "b2");
    CHECK(!ps[0].is_bias);
    CHECK(ps[1].is_bias);
    CHECK(net.num_parameters() == 2 * 3 + 3 + 3 + 1);
    arma::mat Out, dOut;
    net.forward(kXorX, Out);
    nn::mse_gradient(Out, kXorY, dOut);
    net.backward(dOut);
    CHECK(ps[2].grad == &net.layer(1).dW);
    CHECK(arma::norm(*ps[0].grad) > 0);
}

// Golden values computed by PyTorch in double precision (tests/fixtures/make_fixtures.py):
// the dense layer's forward and backward, every activation and its derivative.
TEST_CASE("Dense layer and activations agree with PyTorch", "[ch03][ex3.8][points=2]") {
    const auto d = nn::test::read_fixture("dense.txt");
    nn::Dense layer(d.at("X").n_rows, d.at("W").n_rows);
    layer.W = d.at("W");
    layer.b = d.at("b");
    arma::mat Z, dX;
    layer.forward(d.at("X"), Z);
    layer.backward(d.at("dZ"), dX);
    CHECK_THAT(Z, nn::test::EqualsMat(d.at("Z"), 1e-12, 1e-13));
    CHECK_THAT(layer.dW, nn::test::EqualsMat(d.at("dW"), 1e-12, 1e-13));
    CHECK_THAT(layer.db, nn::test::EqualsMat(d.at("db"), 1e-12, 1e-13));
    CHECK_THAT(dX, nn::test::EqualsMat(d.at("dX"), 1e-12, 1e-13));

    const auto a = nn::test::read_fixture("activations.txt");
    int compared = 0;
    for (const std::string& name : nn::activation_names()) {
        if (!a.count(name + "_A")) continue;
        const nn::Activation kind = nn::parse_activation(name);
        const double alpha =
            a.at(name + "_alpha")(0) != 0 ? a.at(name + "_alpha")(0) : nn::default_alpha(kind);
        arma::mat A, D;
        nn::activation_forward(kind, alpha, a.at("Z"), A);
        nn::activation_derivative(kind, alpha, a.at("Z"), D);
        INFO("activation " << name);
        CHECK_THAT(A, nn::test::EqualsMat(a.at(name + "_A"), 1e-12, 1e-15));
        CHECK_THAT(D, nn::test::EqualsMat(a.at(name + "_D"), 1e-12, 1e-15));
        ++compared;
    }
    CHECK(compared >= 10);
}

TEST_CASE("SGD step moves every parameter against its gradient", "[ch03][ex3.9][points=2]") {
    arma::mat W = {{1, 2}, {3, 4}}, dW = {{0.5, -1}, {0, 2}};
    arma::mat b = arma::mat(arma::vec{1, -1}), db = arma::mat(arma::vec{0.1, 0.2});
    std::vector<nn::ParamRef> ps = {{&W, &dW, false, "W"}, {&b, &db, true, "b"}};
    const arma::mat W0 = W;
    nn::sgd_step(ps, 0.1);
    INFO("the step W_after - W_before must be -lr * dW (a step against the gradient)");
    CHECK_THAT(arma::mat(W - W0), EqualsMat(arma::mat(-0.1 * dW), 1e-12, 1e-15));
    CHECK_THAT(W, EqualsMat(arma::mat{{0.95, 2.1}, {3, 3.8}}));
    CHECK_THAT(b, EqualsMat(arma::mat(arma::vec{0.99, -1.02})));
    CHECK_THAT(dW, EqualsMat(arma::mat{{0.5, -1}, {0, 2}}));  // gradients untouched
}

TEST_CASE("One train step equals forward backward and the SGD update", "[ch03][ex3.9][points=1]") {
    nn::seed_all(6);
    nn::Mlp a({2, 4, 1}, nn::Activation::Tanh, nn::Activation::Sigmoid);
    nn::Mlp b = a;
    const double loss = nn::train_step(a, kXorX, kXorY, nn::Loss::BCE, 0.3);
    arma::mat Out, dOut;
    b.forward(kXorX, Out);
    CHECK_THAT(loss, Close(nn::bce_loss(Out, kXorY)));
    nn::bce_gradient(Out, kXorY, dOut);
    b.backward(dOut);
    for (std::size_t l = 0; l < 2; ++l) {
        CHECK_THAT(a.layer(l).W, EqualsMat(b.layer(l).W - 0.3 * b.layer(l).dW, 1e-12, 1e-14));
        CHECK_THAT(a.layer(l).b, EqualsMat(b.layer(l).b - 0.3 * b.layer(l).db, 1e-12, 1e-14));
    }
}

TEST_CASE("XOR is learned to accuracy 1 with a fixed seed", "[ch03][ex3.9][points=3]") {
    nn::seed_all(42);
    nn::Mlp net({2, 4, 1}, nn::Activation::Tanh, nn::Activation::Sigmoid, nn::Init::Xavier);
    nn::TrainOptions opt;
    opt.loss = nn::Loss::BCE;
    opt.epochs = 2000;
    opt.lr = 0.5;
    const std::vector<double> losses = nn::train_mlp(net, kXorX, kXorY, opt);
    REQUIRE(losses.size() == 2000);
    CHECK(losses.back() < 0.05);
    CHECK(losses.back() < losses.front());
    const arma::mat P = net.predict(kXorX);
    const arma::uvec predicted = arma::conv_to<arma::uvec>::from(P.row(0).t() > 0.5);
    const arma::uvec truth = {0, 1, 1, 0};
    CHECK_THAT(nn::accuracy(predicted, truth), Close(1.0));
}

TEST_CASE("Mini-batch SGD fits a sine with one hidden layer", "[ch03][ex3.9][points=2]") {
    nn::seed_all(13);
    const arma::mat X = arma::linspace<arma::rowvec>(-3, 3, 200);
    const arma::mat Y = arma::sin(X);
    nn::Mlp net({1, 16, 1}, nn::Activation::Tanh, nn::Activation::Identity, nn::Init::Xavier);
    nn::TrainOptions opt;
    opt.loss = nn::Loss::MSE;
    opt.epochs = 300;
    opt.lr = 0.05;
    opt.batch_size = 16;
    int calls = 0;
    opt.on_epoch = [&](int, double) { ++calls; };
    const std::vector<double> losses = nn::train_mlp(net, X, Y, opt);
    CHECK(calls == 300);
    CHECK(losses.front() > 0.1);
    CHECK(nn::mse_loss(net.predict(X), Y) < 0.01);
}

TEST_CASE("Zero initialisation leaves hidden units identical", "[ch03][ex3.9][points=2]") {
    // (on XOR itself nothing would move at all: with every output at 0.5 the four errors
    // cancel in dW2; the OR targets do not cancel)
    const arma::mat Y = {{0, 1, 1, 1}};
    nn::Mlp net({2, 4, 1}, nn::Activation::Sigmoid, nn::Activation::Sigmoid, nn::Init::Zero);
    for (int step = 0; step < 200; ++step) nn::train_step(net, kXorX, Y, nn::Loss::MSE, 1.0);
    const arma::mat& W1 = net.layer(0).W;
    // training happened: the weights moved away from zero ...
    CHECK(arma::norm(net.layer(1).W) > 0.01);
    CHECK(arma::norm(W1) > 1e-6);
    // ... but every hidden unit is the same unit: equal rows of W1, equal b1, equal W2 entries
    for (arma::uword j = 1; j < W1.n_rows; ++j) {
        CHECK_THAT(arma::mat(W1.row(j)), EqualsMat(arma::mat(W1.row(0)), 1e-12, 1e-15));
        CHECK_THAT(net.layer(0).b(j, 0), Close(net.layer(0).b(0, 0)));
        CHECK_THAT(net.layer(1).W(0, j), Close(net.layer(1).W(0, 0)));
    }
}

TEST_CASE("Divergence is reported as an error", "[ch03][ex3.9][points=1]") {
    nn::seed_all(3);
    const arma::mat X = arma::linspace<arma::rowvec>(-3, 3, 50) * 100.0;
    nn::Mlp net({1, 8, 1}, nn::Activation::ReLU, nn::Activation::Identity);
    nn::TrainOptions opt;
    opt.epochs = 200;
    opt.lr = 10.0;
    CHECK_THROWS_AS(nn::train_mlp(net, X, X, opt), nn::DivergenceError);
}
