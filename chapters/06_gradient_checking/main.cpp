// Chapter 06 program — every backward of chapters 03–05 under the checker; bugs, kinks and h.
// Demonstrations: check_dense … check_relu_network_kink, h_sweep, kink_plot; run it with --help.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "gradient_checking.hpp"
#include "mlp.hpp"
#include "nn/cli.hpp"
#include "nn/error.hpp"
#include "nn/gradcheck.hpp"
#include "nn/metrics.hpp"
#include "nn/plot.hpp"
#include "nn/preprocess.hpp"
#include "nn/rng.hpp"
#include "nn/text.hpp"
#include "program.hpp"  // the table of checks; figures and metrics: program_*.cpp
#include "regularization.hpp"
#include "softmax.hpp"

using namespace ch06;

namespace {

// Uniform entries in [lo, hi], none closer than `margin` to `kink`.
arma::mat away_from(arma::uword r, arma::uword c, double lo, double hi, double kink,
                    double margin) {
    arma::mat M = lo + (hi - lo) * arma::randu(r, c);
    M.transform([&](double z) {
        if (std::abs(z - kink) < margin) return z < kink ? kink - margin : kink + margin;
        return z;
    });
    return M;
}

// The probe losses: L = Σ G ⊙ Y for the output Y of a layer or an activation, so dL/dY = G.
double probe(nn::Dense& layer, const arma::mat& X, const arma::mat& G) {
    arma::mat Z;
    layer.forward(X, Z);
    return arma::accu(G % Z);
}
double probe(nn::Activation f, double alpha, const arma::mat& Z, const arma::mat& G) {
    arma::mat A;
    nn::activation_forward(f, alpha, Z, A);
    return arma::accu(G % A);
}

// Push every entry at least `margin` away from 0 (the kink of |w| in the L1 penalty).
void push_from_zero(arma::mat& W, double margin) {
    W.transform([&](double w) { return w >= 0 ? w + margin : w - margin; });
}

// 1. A dense layer: dW, db and dX.
void check_dense(Table& t) {
    nn::Dense layer(7, 5);
    layer.init(nn::Init::He);
    layer.b = arma::randn(5, 1);
    arma::mat X = arma::randn(7, 11);
    const arma::mat G = arma::randn(5, 11);  // L = sum(G % Z): dL/dZ = G
    auto loss = [&] { return probe(layer, X, G); };
    arma::mat Z, dX;
    layer.forward(X, Z);
    layer.backward(G, dX);
    const arma::mat dW = layer.dW, db = layer.db;
    t.check("Dense 7->5 dW", loss, layer.W, dW);
    t.check("Dense 7->5 db", loss, layer.b, db);
    t.check("Dense 7->5 dX", loss, X, dX);
}

// 2. Every activation of chapter 03, away from its kinks.
void check_activations(Table& t) {
    const arma::mat G = arma::randn(4, 6);
    for (nn::Activation f : {nn::Activation::Identity, nn::Activation::Sigmoid,
                             nn::Activation::Tanh, nn::Activation::Arctan, nn::Activation::Softsign,
                             nn::Activation::ISRU, nn::Activation::ReLU, nn::Activation::LeakyReLU,
                             nn::Activation::ELU, nn::Activation::Softplus, nn::Activation::Step}) {
        const double alpha = f == nn::Activation::LeakyReLU ? 0.1 : nn::default_alpha(f);
        arma::mat Z = away_from(4, 6, -3.0, 3.0, 0.0, 0.05);  // away from the kinks at 0
        auto loss = [&] { return probe(f, alpha, Z, G); };
        arma::mat D;
        nn::activation_derivative(f, alpha, Z, D);
        const arma::mat analytic = G % D;
        const bool step = f == nn::Activation::Step;
        t.check("activation " + nn::activation_name(f), loss, Z, analytic,
                step ? "(flat: zero gradient expected)" : "", false, step);
    }
}

// 3. Every loss of chapters 03 and 04.
void check_losses(Table& t) {
    const arma::mat Y = arma::randn(3, 7);
    {
        arma::mat A = arma::randn(3, 7), dA;
        nn::mse_gradient(A, Y, dA);
        auto mse = [&] { return nn::mse_loss(A, Y); };
        t.check("MSE", mse, A, dA);
    }
    {
        arma::mat A = Y + away_from(3, 7, -1.0, 1.0, 0.0, 0.05), dA;
        nn::mae_gradient(A, Y, dA);
        auto mae = [&] { return nn::mae_loss(A, Y); };
        t.check("MAE (away from A = Y)", mae, A, dA);
    }
    const arma::mat T = arma::conv_to<arma::mat>::from(arma::randu(3, 7) < 0.5);
    {
        arma::mat P = 0.05 + 0.9 * arma::randu(3, 7), dP;
        nn::bce_gradient(P, T, dP);
        auto bce = [&] { return nn::bce_loss(P, T); };
        t.check("BCE", bce, P, dP);
    }
    {
        arma::mat Z = 2 * arma::randn(3, 7), dZ, scratch;
        nn::bce_with_logits(Z, T, dZ);
        auto bce_logits = [&] { return nn::bce_with_logits(Z, T, scratch); };
        t.check("BCE with logits", bce_logits, Z, dZ);
    }
    {
        arma::mat Z = arma::randn(5, 7), dZ, scratch;
        const arma::uvec labels = {0, 4, 2, 2, 1, 3, 0};
        nn::softmax_cross_entropy(Z, labels, dZ);
        auto ce = [&] { return nn::softmax_cross_entropy(Z, labels, scratch); };
        t.check("softmax cross-entropy", ce, Z, dZ);
        nn::one_vs_rest_loss(Z, labels, dZ);
        auto ovr = [&] { return nn::one_vs_rest_loss(Z, labels, scratch); };
        t.check("one-vs-rest sigmoids", ovr, Z, dZ);
    }
}

// 4. The penalties of chapter 05.
void check_penalties(Table& t) {
    arma::mat W = away_from(5, 7, -1.0, 1.0, 0.0, 0.05);
    auto l1 = [&] { return nn::l1_penalty(W); };
    auto l2 = [&] { return nn::l2_penalty(W); };
    t.check("L1 penalty (away from 0)", l1, W, nn::l1_penalty_gradient(W));
    t.check("L2 penalty", l2, W, nn::l2_penalty_gradient(W));
}

// 5. A whole network: every W and b, with softmax cross-entropy and both penalties (chapter 05).
void check_network(Table& t) {
    nn::Mlp net({6, 8, 5, 3},
                {nn::Activation::Tanh, nn::Activation::Softplus, nn::Activation::Identity},
                nn::Init::Xavier);
    for (nn::ParamRef& p : net.parameters()) {
        if (p.is_bias) p.value->randn();
        if (!p.is_bias) push_from_zero(*p.value, 0.05);
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
        t.check("Mlp 6-8-5-3 + L1 + L2: " + p.name, objective, *p.value, analytic);
    }
}

// 6. A large layer: 784 x 256 weights, checked on a random subset of coordinates.
void check_large_layer(Table& t) {
    nn::Dense layer(784, 256);
    layer.init(nn::Init::He);
    const arma::mat X = arma::randu(784, 8);
    const arma::mat G = arma::randn(256, 8);
    auto loss = [&] { return probe(layer, X, G); };
    arma::mat Z;
    layer.forward(X, Z);
    layer.backward(G);
    const arma::mat dW = layer.dW;
    t.check("Dense 784->256 dW", loss, layer.W, dW, "(60 random entries of 200704)", false, false,
            60);
}

// 7. The planted bugs: backward passes that look plausible and are wrong.
void check_planted_bugs(Table& t) {
    // 1. dX = W dZ instead of W^T dZ. With a square W the shapes fit, so nothing but a
    //    gradient check notices.
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
    const arma::mat buggy = layer.W * dZ;
    t.check("BUG: Dense dX missing transpose", loss, X, buggy, "(planted bug)", true);
    // 2. The MSE gradient without its factor 2.
    arma::mat A = arma::randn(3, 7), dA;
    const arma::mat T = arma::randn(3, 7);
    nn::mse_gradient(A, T, dA);
    const arma::mat half = 0.5 * dA;
    auto mse = [&] { return nn::mse_loss(A, T); };
    t.check("BUG: MSE gradient missing factor 2", mse, A, half, "(planted bug)", true);
    // 3. A sigmoid layer whose backward uses sigma(Z) instead of sigma'(Z).
    arma::mat Zs = arma::randn(4, 6);
    const arma::mat G = arma::randn(4, 6);
    auto sig_loss = [&] { return probe(nn::Activation::Sigmoid, 0, Zs, G); };
    arma::mat S;
    nn::activation_forward(nn::Activation::Sigmoid, 0, Zs, S);
    const arma::mat wrong_sig = G % S;
    t.check("BUG: sigmoid' taken as sigma", sig_loss, Zs, wrong_sig, "(planted bug)", true);
}

// 8. ReLU exactly at its kink: a correct backward, a failing check.
void check_kink(Table& t, double h) {
    arma::mat Z = {{0.0, 1.5, -2.0, 0.7}};
    auto loss = [&] { return probe(nn::Activation::ReLU, 0, Z, arma::ones(1, 4)); };
    arma::mat D;
    nn::activation_derivative(nn::Activation::ReLU, 0, Z, D);
    t.check("ReLU with one z exactly at 0", loss, Z, D,
            "(kink: " + std::to_string(nn::kink_crossings(Z, h)) + " entry within h of 0)", true);
}

// 9. A ReLU network with one hidden pre-activation placed at z = frac * h, inside the window
// [-h, h] where the centred difference straddles the kink. The backward is right; how badly the
// check suffers depends on how deep inside the window z lies and on how many other samples
// dilute the damage.
arma::uword check_relu_network_kink(Table& t, double h, double frac) {
    nn::seed_all(606);
    nn::Mlp net({3, 16, 1}, nn::Activation::ReLU, nn::Activation::Identity, nn::Init::He);
    const arma::mat X = arma::randn(3, 40);
    const arma::mat Y = arma::randn(1, 40);
    net.layer(0).b(0) =
        frac * h - arma::as_scalar(net.layer(0).W.row(0) * X.col(0));  // z(0, 0) = frac h
    arma::mat Out, dOut;
    net.forward(X, Out);
    nn::mse_gradient(Out, Y, dOut);
    net.backward(dOut);
    const arma::uword crossings = nn::kink_crossings(net.Z(0), h);
    auto loss = [&] { return nn::mse_loss(net.predict(X), Y); };
    const arma::mat db1 = net.layer(0).db;
    t.check("ReLU Mlp db1, a z at " + nn::fmt(frac, 3) + " h", loss, net.layer(0).b, db1,
            "(kink: " + std::to_string(crossings) + " of 640 pre-activations within h of 0)", true);
    return crossings;
}

// 10. Relative error of centred and one-sided differences against h, on a small tanh network.
nn::Json h_sweep(const std::string& out) {
    nn::Mlp net({4, 6, 2}, nn::Activation::Tanh, nn::Activation::Sigmoid, nn::Init::Xavier);
    const arma::mat X = arma::randn(4, 5);
    const arma::mat Y = arma::randu(2, 5);
    arma::mat Out, dOut;
    net.forward(X, Out);
    nn::mse_gradient(Out, Y, dOut);
    net.backward(dOut);
    const arma::mat analytic = net.layer(0).dW;
    arma::mat& W = net.layer(0).W;
    auto loss = [&] { return nn::mse_loss(net.predict(X), Y); };

    const arma::vec hs = arma::logspace(-1, -12, 45);
    arma::vec centred(hs.n_elem), one_sided(hs.n_elem);
    for (arma::uword i = 0; i < hs.n_elem; ++i) {
        centred(i) = nn::relative_error(analytic, nn::numerical_gradient(loss, W, hs(i)));
        one_sided(i) = nn::relative_error(analytic, nn::one_sided_gradient(loss, W, hs(i)));
    }
    plot_sweep(out, hs, centred, one_sided);
    // Slopes of the truncation parts, fitted between h = 1e-1 and 1e-3 (log-log).
    auto slope = [&](const arma::vec& e, double h_hi, double h_lo) {
        const arma::uword a = arma::index_min(arma::abs(arma::log10(hs) - std::log10(h_hi)));
        const arma::uword b = arma::index_min(arma::abs(arma::log10(hs) - std::log10(h_lo)));
        return (std::log10(e(a)) - std::log10(e(b))) / (std::log10(hs(a)) - std::log10(hs(b)));
    };
    const arma::uword bc = centred.index_min(), bo = one_sided.index_min();
    std::printf("\nerror against h (tanh network, W1, %llu entries):\n",
                static_cast<unsigned long long>(W.n_elem));
    std::printf("  %-10s %-14s %-14s\n", "h", "centred", "one-sided");
    for (arma::uword i = 0; i < hs.n_elem; i += 4)
        std::printf("  %-10.1e %-14.3e %-14.3e\n", hs(i), centred(i), one_sided(i));
    const double sc = slope(centred, 1e-1, 1e-3), so = slope(one_sided, 1e-1, 1e-3);
    std::printf(
        "  slope for large h: centred %.2f, one-sided %.2f; best h: centred %.1e (error %.1e), "
        "one-sided %.1e (error %.1e)\n",
        sc, so, hs(bc), centred(bc), hs(bo), one_sided(bo));
    nn::Json j;
    j.set("h", arma::conv_to<std::vector<double>>::from(hs));
    j.set("centred", arma::conv_to<std::vector<double>>::from(centred));
    j.set("one_sided", arma::conv_to<std::vector<double>>::from(one_sided));
    j.set("slope_centred", sc).set("slope_one_sided", so);
    j.set("best_h_centred", hs(bc)).set("best_error_centred", centred(bc));
    j.set("best_h_one_sided", hs(bo)).set("best_error_one_sided", one_sided(bo));
    return j;
}

// 11. The centred difference of ReLU around its kink: a ramp of width 2h instead of a step.
void kink_plot(const std::string& out, double h) {
    const arma::vec z = arma::linspace(-3 * h, 3 * h, 121);
    arma::vec numeric(z.n_elem), analytic(z.n_elem);
    for (arma::uword i = 0; i < z.n_elem; ++i) {
        arma::mat Z(1, 1, arma::fill::value(z(i)));
        auto loss = [&] { return probe(nn::Activation::ReLU, 0, Z, arma::ones(1, 1)); };
        numeric(i) = nn::numerical_gradient(loss, Z, h)(0);
        arma::mat D;
        nn::activation_derivative(nn::Activation::ReLU, 0, Z, D);
        analytic(i) = D(0);
    }
    nn::plot::LineOptions lo;
    lo.title = "ReLU'(z) near the kink: backward vs centred difference (h = " + nn::fmt(h, 2) + ")";
    lo.xlabel = "z / h";
    lo.ylabel = "derivative";
    lo.ymin = -0.1;
    lo.ymax = 1.1;
    nn::plot::lines(out, "ch06_relu_kink",
                    {{"backward: relu'(z)", z / h, analytic, "steps"},
                     {"centred difference", z / h, numeric, "lines"}},
                    lo);
}

// This program reads no data: a --data that does not exist is an error, one that does a note.
void reject_data(const nn::Program& prog, const std::string& data) {
    if (data.empty()) return;
    if (!std::filesystem::exists(data))
        throw nn::DataError("--data " + data +
                            ": no such file or directory (and this program reads no data: leave "
                            "--data out)");
    prog.say("note: --data " + data +
             " is not used: this program checks gradients on random inputs");
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog(
        "ch06_gradient_checking",
        "Chapter 06: every backward of chapters 03-05 against centred differences; a planted "
        "bug caught; the kink of ReLU; the error of finite differences against h.");
    prog.add_common();
    double h = 1e-5;
    prog.app.add_option("--h", h, "Step of the centred differences in the table")
        ->check(CLI::Range(1e-12, 1e-1))
        ->capture_default_str();
    prog.app.footer(
        "Reads no data: everything is checked on random inputs (--seed). --epochs and --lr are "
        "unused.");
    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        reject_data(prog, o.data);
        nn::Timer timer;
        Table t(h);
        check_dense(t);
        check_activations(t);
        check_losses(t);
        check_penalties(t);
        check_network(t);
        check_large_layer(t);
        check_planted_bugs(t);
        check_kink(t, h);
        nn::Json kinks;
        kinks.set("kink_crossings_at_0.3h", check_relu_network_kink(t, h, 0.3));
        kinks.set("kink_crossings_at_0.999h", check_relu_network_kink(t, h, 0.999));
        t.print();
        const Summary sum = summarise(t);
        nn::Json sweep = h_sweep(o.out);
        kink_plot(o.out, h);

        nn::Json m;
        m.set("h", h).set("checks", sum.rows).set("max_rel_error_smooth", sum.worst_smooth);
        m.set("all_smooth_good", sum.all_good).set("planted_bugs_caught", sum.bugs_caught);
        m.set("relu_network", kinks).set("h_sweep", sweep).set("seconds", timer.seconds());
        prog.write_metrics(m);
        std::printf("done in %.2f s\n", timer.seconds());
        return sum.all_good && sum.bugs_caught ? 0 : 1;
    });
}
