// Chapter 05 program — a network over-fits a small training set; L2 and L1 penalties close the gap.
// Demonstrations: overfit_images (part 1), smoother_regions (part 2); run it with --help.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "classifier.hpp"
#include "mlp.hpp"
#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/preprocess.hpp"
#include "nn/rng.hpp"
#include "nn/synthetic.hpp"
#include "nn/text.hpp"
#include "optim.hpp"
#include "program.hpp"  // the program's structs; figures and metrics: program_*.cpp
#include "regularization.hpp"
#include "softmax.hpp"

using namespace ch05;

namespace {

Setting make_setting(double l1, double l2) {
    const std::string a = "L1 " + nn::str(l1), b = "L2 " + nn::str(l2);
    const std::string ta = "l1_" + nn::str(l1), tb = "l2_" + nn::str(l2);
    if (l1 == 0 && l2 == 0) return {"none", "none", {l1, l2}};
    if (l1 > 0 && l2 > 0) return {a + " + " + b, ta + "_" + tb, {l1, l2}};
    return l1 > 0 ? Setting{a, ta, {l1, l2}} : Setting{b, tb, {l1, l2}};
}

// One epoch of mini-batches: the gradient of the loss plus the penalty (regularized_gradients),
// then one step of SGD with momentum (chapter 04's Optimizer). Returns the mean objective.
double penalised_epoch(nn::Mlp& net, nn::Optimizer& opt, const Task& task, const arma::mat& Y,
                       const Setting& s, nn::MiniBatcher& mb, int e, double lr,
                       double& initial_objective, nn::EpochLogger& log) {
    const nn::LogitLoss ce = [](const arma::mat& Z, const arma::mat& T, arma::mat& dZ) {
        return nn::softmax_cross_entropy(Z, nn::argmax_columns(T), dZ);
    };
    const std::string where = nn::str(task.name, " ", s.label, " epoch ", e);
    const std::string hint = "lower --lr (now " + nn::fmt(lr) + ") or the penalty";
    arma::mat Xb, Yb;
    mb.shuffle();
    double objective = 0;
    for (arma::uword b = 0; b < mb.num_batches(); ++b) {
        mb.fill(b, task.X, Xb);
        mb.fill(b, Y, Yb);
        const double obj =
            nn::regularized_gradients(net, Xb, Yb, ce, s.reg);  // grad of L + lambda Omega
        nn::require_finite(obj, where, hint);
        if (e == 1 && b == 0) initial_objective = obj;
        opt.step(net.parameters());
        objective += obj / static_cast<double>(mb.num_batches());
        log.progress(b + 1, mb.num_batches());
    }
    // 10^6 times the objective of the first batch, before the first step, is divergence
    nn::require_not_diverged(objective, initial_objective, where, hint);
    return objective;
}

// Train one network with the penalties of `s`, softmax cross-entropy on the logits.
Outcome train_one(const Task& task, const Setting& s, const TrainSetup& ts, bool quiet) {
    nn::seed_all(ts.seed);  // the same initial weights and batch order for every setting
    Outcome out(nn::Mlp(ts.widths, ts.hidden, nn::Activation::Identity, nn::Init::He));
    out.setting = s;
    nn::Mlp& net = out.net;
    nn::OptimizerConfig oc;
    oc.kind = nn::OptimizerKind::Momentum;
    oc.lr = ts.lr;
    oc.momentum = 0.9;
    nn::Optimizer opt(oc);
    const arma::mat Y = nn::one_hot(task.y, task.K);
    nn::MiniBatcher mb(task.X.n_cols, ts.batch);
    nn::EpochLogger log(ts.epochs, quiet);
    double initial_objective = 0;
    for (int e = 1; e <= ts.epochs; ++e) {
        const double objective =
            penalised_epoch(net, opt, task, Y, s, mb, e, ts.lr, initial_objective, log);
        if (e % ts.eval_every == 0 || e == ts.epochs || e == 1) {
            const nn::ClassStats tr = nn::evaluate(net, task.X, task.y);
            const nn::ClassStats va = nn::evaluate(net, task.Xv, task.yv);
            out.epochs.push_back(e);
            out.train_curve.push_back(tr.accuracy);
            out.valid_curve.push_back(va.accuracy);
            log.epoch(e, nn::str("[", s.label, "]  objective ", nn::fmt(objective), "  train acc ",
                                 nn::fmt(tr.accuracy, 3), "  valid acc ", nn::fmt(va.accuracy, 3)));
        }
    }
    out.train_acc = out.train_curve.back();
    out.valid_acc = out.valid_curve.back();
    auto params = net.parameters();
    out.zero_frac = nn::zero_fraction(params, ts.zero_tol);
    out.weights = nn::weights_of(params);
    out.weight_norm = arma::norm(out.weights, 2);
    out.seconds = log.elapsed();
    return out;
}

// The table printed after each part, and the best penalty against none.
void print_table(const std::string& title, const std::vector<Outcome>& runs, double zero_tol,
                 std::size_t best, bool say_better) {
    std::cout << "\n" << title << "\n";
    std::cout << "  setting              train acc  valid acc  gap     |w|<" << nn::str(zero_tol)
              << "   ||w||    seconds\n";
    for (const Outcome& r : runs) {
        std::string label = r.setting.label;
        label.resize(20, ' ');
        std::printf("  %s %9.4f  %9.4f  %6.3f  %9.3f  %8.2f  %6.1f\n", label.c_str(), r.train_acc,
                    r.valid_acc, r.train_acc - r.valid_acc, r.zero_frac, r.weight_norm, r.seconds);
    }
    const bool better = runs[best].valid_acc > runs[0].valid_acc;
    std::cout << "  best penalty: " << runs[best].setting.label << ", validation accuracy "
              << nn::fmt(runs[best].valid_acc, 4) << " vs " << nn::fmt(runs[0].valid_acc, 4)
              << " without"
              << (!say_better ? ""
                  : better    ? " (better)"
                              : " (NOT better)")
              << "\n";
}

// Fashion-MNIST: `n_train` random training images, `n_valid` test images for validation.
Task fashion_task(const std::string& dir, arma::uword n_train, arma::uword n_valid,
                  double label_noise) {
    // The first few thousand training images are enough to draw a random subset from.
    const nn::FashionMnist fm =
        nn::load_fashion_mnist(dir, std::max<arma::uword>(n_train, 5000), n_valid);
    Task t{"Fashion-MNIST", {}, fm.test_X, {}, fm.test_y, 10};
    const arma::uvec pick = arma::conv_to<arma::uvec>::from(
                                arma::shuffle(arma::regspace<arma::uvec>(0, fm.train_X.n_cols - 1)))
                                .head(n_train);
    t.X = fm.train_X.cols(pick);
    t.y = fm.train_y.elem(pick);
    // Label noise: a fraction of the TRAINING labels replaced by another class at random (pick
    // is random). A network that learns these by heart has learned noise; validation stays clean.
    nn::replace_labels(t.y, label_noise, 10);
    return t;
}

// Two-class 2-D data with label noise: `flip` of the labels are wrong.
Task moons_task(arma::uword n_train, arma::uword n_valid, double flip) {
    auto make = [&](arma::uword n, arma::mat& X, arma::uvec& y) {
        nn::LabelledData d = nn::make_moons(n, 0.2);
        y = arma::conv_to<arma::uvec>::from(d.y.t());
        std::bernoulli_distribution wrong(flip);
        for (arma::uword i = 0; i < n; ++i)
            if (wrong(nn::rng())) y(i) = 1 - y(i);  // a fraction `flip` of the labels flipped
        X = d.X;
    };
    Task t{"noisy moons", {}, {}, {}, {}, 2};
    make(n_train, t.X, t.y);
    make(n_valid, t.Xv, t.yv);
    return t;
}

Task xor_task(arma::uword n_train, arma::uword n_valid, double noise, double flip) {
    const nn::LabelledData tr = nn::make_noisy_xor(n_train, noise, flip);
    const nn::LabelledData va = nn::make_noisy_xor(n_valid, noise, flip);
    return {"noisy XOR",
            tr.X,
            va.X,
            arma::conv_to<arma::uvec>::from(tr.y.t()),
            arma::conv_to<arma::uvec>::from(va.y.t()),
            2};
}

void add_flags(CLI::App& app, Options& op) {
    app.add_option("--l1", op.l1,
                   "Strength lambda1 of the L1 penalty; with --l1/--l2 the program compares "
                   "this setting with no penalty instead of its default sweep")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--l2", op.l2, "Strength lambda2 of the L2 penalty (see --l1)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--train-size", op.n_train,
                   "Training images of part 1 (a small set is the point)")
        ->check(CLI::Range(50, 60000))
        ->capture_default_str();
    app.add_option("--valid-size", op.n_valid, "Validation images of part 1 (from the test set)")
        ->check(CLI::Range(100, 10000))
        ->capture_default_str();
    app.add_option("--label-noise", op.label_noise,
                   "Fraction of the part-1 training labels replaced by a wrong class "
                   "(validation stays clean)")
        ->check(CLI::Range(0.0, 0.9))
        ->capture_default_str();
    app.add_option("--hidden", op.hidden, "Hidden units of the part-1 network 784-H-10")
        ->check(CLI::Range(4, 4096))
        ->capture_default_str();
    app.add_option("--batch-size", op.batch, "Mini-batch size")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option("--xor-epochs", op.xor_epochs, "Epochs of part 2 (noisy XOR)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--zero-tol", op.zero_tol, "A weight counts as (near) zero when |w| < this")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--parts", op.parts, "Which parts to run")
        ->check(CLI::IsMember({"both", "images", "xor"}))
        ->capture_default_str();
    app.footer(
        "Data: Fashion-MNIST from --data DIR, NN_DATA_DIR or "
        "/usr/share/datasets/fashion-mnist\n(apt-get install dataset-fashion-mnist); without it "
        "part 1 uses noisy 2-D moons.");
}

// Train one network per setting; with --l1/--l2 only that setting against no penalty.
// `best`: the index of the best validation accuracy among the regularised runs (runs[0] is "none").
std::vector<Outcome> sweep(const Task& task, std::vector<Setting> settings, const TrainSetup& ts,
                           const nn::CommonOptions& o, const Options& op, std::size_t& best) {
    if (op.l1 > 0 || op.l2 > 0) settings = {make_setting(0, 0), make_setting(op.l1, op.l2)};
    std::vector<Outcome> runs;
    for (const Setting& s : settings) runs.push_back(train_one(task, s, ts, o.quiet));
    best = runs.size() > 1 ? 1 : 0;
    for (std::size_t i = 1; i < runs.size(); ++i)
        if (runs[i].valid_acc > runs[best].valid_acc) best = i;
    return runs;
}

// Part 1: a network far too large for 1,000 Fashion-MNIST images learns them by heart;
// penalties close the gap between training and validation accuracy, L1 zeroes weights.
// Without the data files it falls back to noisy 2-D moons and says so.
nn::Json overfit_images(const nn::Program& prog, const nn::CommonOptions& o, const Options& op) {
    const std::string dir = nn::fashion_mnist_dir(o.data);
    Task task;
    TrainSetup ts;
    std::vector<Setting> settings;
    // An explicit --data must hold the data (load_fashion_mnist says which file is missing);
    // only the default location falls back to 2-D data.
    if (nn::use_fashion_mnist(o.data, dir, "part 1 uses noisy 2-D moons")) {
        task = fashion_task(dir, op.n_train, op.n_valid, op.label_noise);
        ts = {{784, op.hidden, 10},       nn::Activation::ReLU, o.epochs, o.lr, op.batch,
              std::max(1, o.epochs / 10), op.zero_tol,          o.seed};
        settings = {make_setting(0, 0), make_setting(0, 1e-3), make_setting(0, 3e-3),
                    make_setting(0, 1e-2), make_setting(3e-4, 0)};
    } else {
        task = moons_task(std::min<arma::uword>(op.n_train, 200), 2000, op.label_noise);
        const int epochs = std::max(o.epochs, 200);
        ts = {{2, 64, 64, 2},
              nn::Activation::ReLU,
              epochs,
              o.lr,
              std::min<arma::uword>(op.batch, 20),
              std::max(1, epochs / 20),
              op.zero_tol,
              o.seed};
        settings = {make_setting(0, 0), make_setting(0, 1e-3), make_setting(0, 1e-2),
                    make_setting(0, 3e-2), make_setting(1e-3, 0)};
    }
    prog.say(nn::str("part 1: ", task.name, ", ", task.X.n_cols, " training samples (",
                     nn::fmt(100 * op.label_noise, 3), "% of their labels wrong) and ",
                     task.Xv.n_cols, " validation samples, network ",
                     nn::Mlp(ts.widths, ts.hidden, nn::Activation::Identity).summary()));
    std::size_t best = 0;
    const std::vector<Outcome> runs = sweep(task, settings, ts, o, op, best);
    print_table(nn::str("part 1: ", task.name, " (", task.X.n_cols, " training samples)"), runs,
                op.zero_tol, best, true);
    plot_curves(o.out, "ch05_curves",
                task.name + ": train (lines) and validation (points) accuracy", runs, best);
    plot_zero_fraction(o.out, "ch05_zero_fraction", runs);
    plot_histograms(o.out, runs, best);
    nn::Json part = runs_json(runs, best);
    part.set("data", task.name);
    part.set("train_size", static_cast<unsigned long>(task.X.n_cols));
    part.set("validation_size", static_cast<unsigned long>(task.Xv.n_cols));
    return part;
}

// Part 2: noisy XOR in 2-D with flipped labels: the decision regions grow smoother with lambda.
nn::Json smoother_regions(const nn::Program& prog, const nn::CommonOptions& o, const Options& op) {
    nn::seed_all(o.seed + 1);
    const Task task = xor_task(200, 4000, 0.5, 0.15);
    const TrainSetup ts = {{2, 64, 64, 2},
                           nn::Activation::ReLU,
                           op.xor_epochs,
                           o.lr,
                           20,
                           std::max(1, op.xor_epochs / 20),
                           op.zero_tol,
                           o.seed};
    prog.say(
        "\npart 2: noisy XOR, 200 training points (15% of the labels flipped), 4000 validation "
        "points");
    const std::vector<Setting> settings = {make_setting(0, 0), make_setting(0, 1e-3),
                                           make_setting(0, 1e-2), make_setting(0, 3e-2),
                                           make_setting(3e-3, 0)};
    std::size_t best = 0;
    const std::vector<Outcome> runs = sweep(task, settings, ts, o, op, best);
    print_table("part 2: noisy XOR (200 training points)", runs, op.zero_tol, best, false);
    for (const Outcome& r : runs) plot_regions(o.out, task, r);
    plot_curves(o.out, "ch05_xor_curves",
                "noisy XOR: train (lines) and validation (points) accuracy", runs, best);
    return runs_json(runs, best);
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog(
        "ch05_regularization",
        "Chapter 05: a network over-fits a small training set; L2 and L1 penalties on the "
        "weights close the gap between training and validation accuracy, L1 makes weights "
        "exactly small.");
    prog.defaults.epochs = 60;
    prog.defaults.lr = 0.03;
    prog.add_common();
    Options op;
    add_flags(prog.app, op);
    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::Timer total;
        nn::Json metrics;
        metrics.set("zero_tolerance", op.zero_tol);
        if (op.parts != "xor") metrics.set("part1", overfit_images(prog, o, op));
        if (op.parts != "images") metrics.set("part2", smoother_regions(prog, o, op));
        metrics.set("seconds", total.seconds());
        prog.write_metrics(metrics);
        std::cout << "done in " << nn::fmt(total.seconds(), 3) << " s; plots in " << o.out << "\n";
        return 0;
    });
}
