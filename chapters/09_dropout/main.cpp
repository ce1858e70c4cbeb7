// Chapter 09 program — dropout against over-fitting: a 784-256-256-10 ReLU network learns
// 1,000 Fashion-MNIST images, 20% of them mislabelled, once per drop probability p (0, 0.2,
// 0.5, 0.7) from the same initial weights; dropout narrows the train/validation gap.
// Demonstrations: train_one (per p), print_summary, first_layer_study, plot_all, plot_features;
// run  build/bin/ch09_dropout --help   (without Fashion-MNIST it falls back to noisy 2-D XOR)
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "classifier.hpp"
#include "dropout.hpp"
#include "mlp.hpp"
#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/preprocess.hpp"
#include "nn/rng.hpp"
#include "nn/synthetic.hpp"
#include "optim.hpp"
#include "program.hpp"  // the program's structs; figures and metrics: program_*.cpp
#include "softmax.hpp"

using namespace ch09;

namespace {

// Fashion-MNIST: n_train random training images to learn from, n_valid OTHER training images
// to validate on, and the 10,000 test images for the final score of the chosen p.
Task fashion_task(const std::string& dir, arma::uword n_train, arma::uword n_valid,
                  double label_noise) {
    const nn::FashionMnist fm = nn::load_fashion_mnist(dir, n_train + n_valid);
    Task t;
    t.name = "Fashion-MNIST";
    t.images = true;
    t.K = 10;
    const arma::uvec order = arma::conv_to<arma::uvec>::from(
        arma::shuffle(arma::regspace<arma::uvec>(0, fm.train_X.n_cols - 1)));
    const arma::uvec tr = order.head(n_train), va = order.tail(n_valid);
    // one shift and scale for all pixels, from the small training set only
    const arma::mat raw_tr = fm.train_X.cols(tr);
    const double mean = arma::mean(arma::vectorise(raw_tr)),
                 sd = arma::stddev(arma::vectorise(raw_tr));
    t.Xtr = (raw_tr - mean) / sd;
    t.Xva = (fm.train_X.cols(va) - mean) / sd;
    t.Xte = (fm.test_X - mean) / sd;
    t.ytr = fm.train_y.elem(tr);
    t.yva = fm.train_y.elem(va);
    t.yte = fm.test_y;
    // label noise: a fraction of the TRAINING labels replaced by another class (validation and
    // test labels stay clean); tr is in random order
    const arma::uword n_noisy = nn::replace_labels(t.ytr, label_noise, 10);
    if (n_noisy > 0) t.noisy = arma::regspace<arma::uvec>(0, n_noisy - 1);
    return t;
}

// The fallback: noisy XOR in 2-D (four Gaussian clusters), 20% of the training labels flipped;
// validation and test labels clean.
Task xor_task(arma::uword n_train, arma::uword n_valid) {
    Task t;
    t.name = "noisy XOR";
    t.K = 2;
    const nn::LabelledData tr = nn::make_noisy_xor(n_train, 0.5, 0.2);
    const nn::LabelledData va = nn::make_noisy_xor(n_valid, 0.5, 0.0);
    const nn::LabelledData te = nn::make_noisy_xor(n_valid, 0.5, 0.0);
    t.Xtr = tr.X;
    t.Xva = va.X;
    t.Xte = te.X;
    t.ytr = nn::labels_to_indices(tr.y, "noisy XOR");
    // make_noisy_xor flipped 20% of the training labels: find them (the true class is the
    // quadrant's: 1 when the coordinates' signs differ)
    const arma::urowvec truth = (tr.X.row(0) % tr.X.row(1)) < 0.0;
    t.noisy = arma::find(truth.t() != t.ytr);
    t.yva = nn::labels_to_indices(va.y, "noisy XOR");
    t.yte = nn::labels_to_indices(te.y, "noisy XOR");
    return t;
}

constexpr arma::uword kChunk = 1000;  // columns per forward pass of evaluate()

// Loss and accuracy in evaluation mode (every Dropout the identity), kChunk columns at a time
// (chunks of 1,000 columns: their buffers are small enough to be reused by the allocator).
nn::ClassStats evaluate(nn::Sequential& net, const arma::mat& X, const arma::uvec& y,
                        arma::uvec* pred = nullptr) {
    net.set_training(false);
    if (pred) pred->set_size(X.n_cols);
    double loss_sum = 0;
    arma::uword correct = 0;
    arma::mat Z, dZ;
    for (arma::uword start = 0; start < X.n_cols; start += kChunk) {
        const arma::uword stop = std::min(X.n_cols, start + kChunk);
        const arma::uvec yb = y.subvec(start, stop - 1);
        net.forward(X.cols(start, stop - 1), Z);
        loss_sum += nn::softmax_cross_entropy(Z, yb, dZ) * static_cast<double>(yb.n_elem);
        correct += nn::count_correct(Z, yb);
        if (pred) pred->subvec(start, stop - 1) = arma::index_max(Z, 0).t();
    }
    net.set_training(true);
    return {loss_sum / static_cast<double>(X.n_cols),
            static_cast<double>(correct) / static_cast<double>(X.n_cols)};
}

// One epoch of mini-batch training in training mode (dropout on): chapter 04's train_epoch
// for a Sequential. Returns the running loss (each batch with the parameters it saw).
double train_epoch(nn::Sequential& net, nn::Optimizer& opt, const std::vector<nn::ParamRef>& params,
                   const Task& t, nn::MiniBatcher& batches, nn::EpochLogger& log,
                   const std::string& where) {
    arma::mat Xb, Z, dZ;
    arma::uvec yb;
    double loss_sum = 0;
    net.set_training(true);
    batches.shuffle();
    for (arma::uword b = 0; b < batches.num_batches(); ++b) {
        batches.fill(b, t.Xtr, Xb);
        batches.fill(b, t.ytr, yb);
        net.forward(Xb, Z);                                        // new masks for this batch
        const double loss = nn::softmax_cross_entropy(Z, yb, dZ);  // dZ = (P − Y)/B
        nn::require_finite(loss, where + " batch " + std::to_string(b + 1), "lower --lr");
        loss_sum += loss * static_cast<double>(yb.n_elem);
        net.backward(dZ);  // the same masks route the gradient
        opt.step(params);
        log.progress(b + 1, batches.num_batches());
    }
    return loss_sum / static_cast<double>(t.Xtr.n_cols);
}

// Train one network with dropout probability p on both hidden layers (p = 0: no dropout).
Run train_one(const Task& t, double p, const Setup& s) {
    nn::seed_all(s.seed);  // the same initial weights for every p
    Run run(nn::mlp_with_dropout(s.widths, nn::Activation::ReLU, p, nn::Init::He));
    run.p = p;
    run.W1_init = first_dense(run.net).W;
    const std::vector<nn::ParamRef> params = run.net.parameters();
    nn::OptimizerConfig oc;
    oc.kind = nn::OptimizerKind::Momentum;
    oc.lr = s.lr;
    oc.momentum = s.momentum;
    nn::Optimizer opt(oc);
    nn::MiniBatcher batches(t.Xtr.n_cols, s.batch);
    nn::EpochLogger log(s.epochs, s.quiet);
    const std::string tag = "[p " + pstr(p) + "]";
    // the untrained network's loss: 10^6 times it counts as diverged (as NaN does)
    const double initial_loss = evaluate(run.net, t.Xtr, t.ytr).loss;
    for (int e = 1; e <= s.epochs; ++e) {
        const double running =
            train_epoch(run.net, opt, params, t, batches, log, tag + " epoch " + std::to_string(e));
        nn::require_not_diverged(running, initial_loss, tag + " epoch " + std::to_string(e),
                                 "lower --lr (now " + pstr(s.lr) + ")");
        const nn::ClassStats tr = evaluate(run.net, t.Xtr, t.ytr),
                             va = evaluate(run.net, t.Xva, t.yva);
        run.running_loss.push_back(running);
        run.tr_loss.push_back(tr.loss);
        run.tr_acc.push_back(tr.accuracy);
        run.va_loss.push_back(va.loss);
        run.va_acc.push_back(va.accuracy);
        if (va.accuracy > run.best_va_acc) run.best_va_acc = va.accuracy, run.best_epoch = e;
        if (s.epochs <= 20 || e == 1 || e == s.epochs || e % std::max(1, s.epochs / 8) == 0)
            log.epoch(e, tag + "  train loss " + nn::fmt(tr.loss, 3) + " acc " +
                             nn::fmt(tr.accuracy, 3) + "  |  valid loss " + nn::fmt(va.loss, 3) +
                             " acc " + nn::fmt(va.accuracy, 3) + "  |  gap " +
                             nn::fmt(tr.accuracy - va.accuracy, 3));
    }
    run.seconds = log.elapsed();
    if (!t.noisy.is_empty()) {  // how many of the wrong labels did it learn by heart?
        arma::uvec pred;
        evaluate(run.net, t.Xtr.cols(t.noisy), t.ytr.elem(t.noisy), &pred);
        run.wrong_learned = nn::accuracy(pred, t.ytr.elem(t.noisy));
    }
    return run;
}

// First hidden layer in evaluation mode: A1 = relu(W1 X + b1) (n1 x N).
arma::mat first_hidden(nn::Sequential& net, const arma::mat& X) {
    const nn::Dense& fc1 = first_dense(net);
    arma::mat A = fc1.W * X;
    A.each_col() += fc1.b.col(0);
    return arma::clamp(A, 0.0, arma::datum::inf);
}

// The fraction of wrong training labels: --label-noise for Fashion-MNIST, 0.2 for XOR.
double task_noise(const Task& task, const Options& opt) {
    return task.images ? opt.label_noise : 0.2;
}

void add_options(CLI::App& app, Options& opt) {
    app.add_option("--p-values", opt.p_text,
                   "Drop probabilities to compare, each in [0, 1) (0 = no dropout)")
        ->capture_default_str();
    app.add_option("--dropout", opt.single_p,
                   "Compare just this drop probability with no dropout (overrides --p-values)")
        ->check(CLI::Range(0.0, 0.999));
    app.add_option("--train-size", opt.n_train, "Training images (a small set is the point)")
        ->check(CLI::Range(50, 50000))
        ->capture_default_str();
    app.add_option("--valid-size", opt.n_valid,
                   "Validation images (other training images, never trained on)")
        ->check(CLI::Range(100, 10000))
        ->capture_default_str();
    app.add_option(
           "--label-noise", opt.label_noise,
           "Fraction of the training labels replaced by a wrong class (validation and test stay clean)")
        ->check(CLI::Range(0.0, 0.9))
        ->capture_default_str();
    app.add_option("--hidden", opt.hidden_text, "Hidden layer widths (dropout on each of them)")
        ->capture_default_str();
    app.add_option("--batch-size", opt.batch, "Mini-batch size")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.footer(
        "Data: Fashion-MNIST from --data DIR, NN_DATA_DIR or /usr/share/datasets/fashion-mnist\n"
        "(apt-get install dataset-fashion-mnist); without it the program uses noisy 2-D XOR.");
}

// The task and the settings of every run. An explicit --data must hold the files (the loader
// names the missing one); only the default location falls back to 2-D data.
Task load_task(const nn::Program& prog, const nn::CommonOptions& o, const Options& opt, Setup& s) {
    const std::vector<arma::uword> hidden = nn::parse_widths(opt.hidden_text, "--hidden");
    if (hidden.empty())
        throw CLI::ValidationError("--hidden", "dropout needs at least one hidden layer");
    const std::string dir = nn::fashion_mnist_dir(o.data);
    s.epochs = o.epochs, s.lr = o.lr, s.batch = opt.batch, s.seed = o.seed, s.quiet = o.quiet;
    Task task;
    if (nn::use_fashion_mnist(o.data, dir, "using noisy 2-D XOR instead")) {
        task = fashion_task(dir, opt.n_train, opt.n_valid, opt.label_noise);
    } else {
        task = xor_task(std::min<arma::uword>(opt.n_train, 200), 2000);
        s.epochs = std::max(o.epochs, 200);
        s.batch = std::min<arma::uword>(opt.batch, 20);
    }
    s.widths = {task.Xtr.n_rows};
    s.widths.insert(s.widths.end(), hidden.begin(), hidden.end());
    s.widths.push_back(task.K);
    std::ostringstream os;
    os << task.name << ": " << task.Xtr.n_cols << " training ("
       << nn::fmt(100 * task_noise(task, opt), 3) << "% of their labels wrong), " << task.Xva.n_cols
       << " validation and " << task.Xte.n_cols << " test samples; network "
       << nn::Mlp(s.widths, nn::Activation::ReLU, nn::Activation::Identity).summary()
       << " with dropout after each hidden ReLU; momentum SGD, lr " << pstr(s.lr) << ", batch "
       << s.batch << ", " << s.epochs << " epochs";
    prog.say(os.str());
    return task;
}

// The table of all runs, and the best p's test accuracy (against no dropout's).
void print_summary(const Task& task, const Setup& s, const std::vector<Run>& runs, const Run& best,
                   const Run* plain, double test_best, double test_plain) {
    std::cout << "\n"
              << task.name << ", " << task.Xtr.n_cols << " training samples, after " << s.epochs
              << " epochs (accuracies and losses in evaluation mode):\n";
    std::cout
        << "    p   train acc  valid acc    gap    train loss  valid loss   best valid (epoch)  "
           "wrong labels learned  seconds\n";
    for (const Run& r : runs) {
        char wrong[32] = "   (no wrong labels)";
        if (!task.noisy.is_empty())
            std::snprintf(wrong, sizeof wrong, "%5.0f of %4u (%3.0f%%)",
                          r.wrong_learned * static_cast<double>(task.noisy.n_elem),
                          static_cast<unsigned>(task.noisy.n_elem), 100.0 * r.wrong_learned);
        std::printf("  %4.2f  %9.4f  %9.4f  %6.3f   %9.4f  %10.4f   %8.4f (%3d)      %s  %6.1f\n",
                    r.p, r.tr_acc.back(), r.va_acc.back(), r.gap(), r.tr_loss.back(),
                    r.va_loss.back(), r.best_va_acc, r.best_epoch, wrong, r.seconds);
    }
    std::cout << "  best p = " << pstr(best.p) << ": validation accuracy "
              << nn::fmt(best.va_acc.back(), 4) << ", test accuracy " << nn::fmt(test_best, 4);
    if (plain && &best != plain)
        std::cout << " (no dropout: validation " << nn::fmt(plain->va_acc.back(), 4) << ", test "
                  << nn::fmt(test_plain, 4) << ")";
    std::cout << "\n";
}

// Co-adaptation: how the first hidden layers of the plain network and of the best one with
// dropout respond to the same 2,000 validation images. Fills the histogram series.
nn::Json first_layer_study(const Task& task, const std::vector<Run*>& pair,
                           std::vector<std::pair<std::string, arma::vec>>& hist) {
    nn::Json units;
    const arma::mat Xs = task.Xva.cols(0, std::min<arma::uword>(task.Xva.n_cols, 2000) - 1);
    for (Run* r : pair) {
        const arma::mat A = first_hidden(r->net, Xs);
        const double active =
            static_cast<double>(arma::accu(A > 0.0)) / static_cast<double>(A.n_elem);
        const double mean = arma::mean(arma::vectorise(A));
        std::cout << "  first hidden layer, p = " << pstr(r->p) << ": " << nn::fmt(100 * active, 3)
                  << "% of the activations are > 0, mean activation " << nn::fmt(mean, 3) << "\n";
        hist.push_back({"p = " + pstr(r->p), arma::vectorise(A.elem(arma::find(A > 0.0)))});
        nn::Json u;
        u.set("active_fraction", active).set("mean_activation", mean);
        units.set("p_" + pstr(r->p), u);
    }
    return units;
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog(
        "ch09_dropout",
        "Chapter 09: a large network over-fits 1,000 Fashion-MNIST images with noisy labels; "
        "inverted dropout on its hidden layers narrows the gap between training and validation "
        "accuracy.");
    prog.defaults.epochs = 40;
    prog.defaults.lr = 0.01;
    prog.add_common();
    Options opt;
    add_options(prog.app, opt);

    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::Timer total;
        std::vector<double> ps = nn::parse_numbers(opt.p_text, "--p-values",
                                                   "drop probabilities in [0, 1) such as "
                                                   "0,0.2,0.5",
                                                   [](double p) { return p >= 0.0 && p < 1.0; });
        if (opt.single_p >= 0) ps = {0.0, opt.single_p};
        std::sort(ps.begin(), ps.end());
        ps.erase(std::unique(ps.begin(), ps.end()), ps.end());
        Setup s;
        const Task task = load_task(prog, o, opt, s);
        const double noise = task_noise(task, opt);

        std::vector<Run> runs;  // one run per p, from the same initial weights
        for (double p : ps) runs.push_back(train_one(task, p, s));
        std::size_t best = 0;
        for (std::size_t i = 1; i < runs.size(); ++i)
            if (runs[i].va_acc.back() > runs[best].va_acc.back()) best = i;
        const nn::ClassStats test = evaluate(runs[best].net, task.Xte, task.yte);
        Run* plain = runs.front().p == 0.0 ? &runs.front() : nullptr;
        const nn::ClassStats test_plain =
            plain ? evaluate(plain->net, task.Xte, task.yte) : nn::ClassStats{};
        print_summary(task, s, runs, runs[best], plain, test.accuracy, test_plain.accuracy);

        Run* dropped = nullptr;  // the best run with dropout, to compare with the plain network
        for (Run& r : runs)
            if (r.p > 0 && (!dropped || r.va_acc.back() > dropped->va_acc.back())) dropped = &r;
        std::vector<std::pair<std::string, arma::vec>> hist;
        const nn::Json units =
            plain && dropped ? first_layer_study(task, {plain, dropped}, hist) : nn::Json{};
        std::vector<const Run*> shown;
        if (plain) shown.push_back(plain);
        if (dropped) shown.push_back(dropped);
        if (shown.empty()) shown.push_back(&runs[best]);
        plot_all(o.out, task, s, runs, shown, noise, hist);
        if (task.images && plain && dropped) plot_features(o.out, s, *plain, *dropped);

        write_metrics(prog, task, opt, s, noise, runs, best, test.accuracy,
                      plain ? &test_plain.accuracy : nullptr, plain && dropped ? &units : nullptr,
                      total.seconds());
        std::cout << "done in " << nn::fmt(total.seconds(), 3) << " s; plots in " << o.out << "\n";
        return 0;
    });
}
