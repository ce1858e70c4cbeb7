// Chapter 04 program — a softmax classifier trained with SGD, momentum or Adam on Fashion-MNIST.
// Demonstrations: train_classifier, report_confusions, plot_curves, plot_mistakes, plot_regions.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "classifier.hpp"
#include "mlp.hpp"
#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/paths.hpp"
#include "nn/plot.hpp"
#include "nn/preprocess.hpp"
#include "nn/synthetic.hpp"
#include "nn/text.hpp"
#include "optim.hpp"
#include "softmax.hpp"

namespace {

// A classification problem: standardised train and test sets, class names, and for image
// data the raw test pixels (for the picture of the mistakes).
struct Problem {
    std::string name;     // "fashion", "spirals", "iris": prefix of the plot names
    std::string title;    // for plot titles
    arma::mat Xtr, Xte;   // d x N features
    arma::uvec ytr, yte;  // labels 0..K-1
    std::vector<std::string> classes;
    arma::mat raw_test;   // images in [0, 1] (Fashion-MNIST only)
    arma::mat raw_train;  // unstandardised training points (spirals: for the regions plot)
};

// Default settings per data set (used for every flag the user did not give).
struct Defaults {
    std::string hidden;
    int epochs;
    double lr;
    std::string optimizer;
    std::string schedule;
};

Defaults defaults_for(const std::string& dataset) {
    if (dataset == "fashion-mnist") return {"256,128", 15, 0.05, "momentum", "cosine"};
    if (dataset == "iris") return {"16", 100, 0.05, "momentum", "constant"};
    return {"64,64", 100, 0.05, "momentum", "constant"};  // spirals
}

std::string num(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

Problem load_fashion(const std::string& dir) {
    nn::FashionMnist f = nn::load_fashion_mnist(dir);
    Problem p;
    p.name = "fashion";
    p.title = "Fashion-MNIST";
    p.classes = nn::fashion_mnist_classes();
    // one global shift and scale for all pixels (mean 0, variance 1 over the training set)
    const double mean = arma::mean(arma::vectorise(f.train_X));
    const double sd = arma::stddev(arma::vectorise(f.train_X));
    p.Xtr = (f.train_X - mean) / sd;
    p.Xte = (f.test_X - mean) / sd;
    p.ytr = std::move(f.train_y);
    p.yte = std::move(f.test_y);
    p.raw_test = std::move(f.test_X);
    return p;
}

// Split (X, y) with a seeded 25% test part; standardise each feature on the training part.
void split_and_standardise(const arma::mat& X, const arma::uvec& y, Problem& p) {
    const nn::Split s = nn::train_valid_split(X.n_cols, 0.25);
    nn::Standardizer st;
    st.fit(X.cols(s.train));
    p.Xtr = st.transform(X.cols(s.train));
    p.Xte = st.transform(X.cols(s.valid));
    p.ytr = y.elem(s.train);
    p.yte = y.elem(s.valid);
    p.raw_train = X.cols(s.train);
}

Problem load_spirals() {
    const nn::LabelledData d = nn::make_spirals(300, 3, 0.2);
    Problem p;
    p.name = "spirals";
    p.title = "Spirals (3 classes)";
    p.classes = {"arm 0", "arm 1", "arm 2"};
    // the spirals are already centred and of unit scale: keep the raw coordinates so
    // that the decision regions are drawn in the plane of the data
    const arma::uvec y = nn::labels_to_indices(d.y, "spirals");
    const nn::Split s = nn::train_valid_split(d.X.n_cols, 0.25);
    p.Xtr = d.X.cols(s.train);
    p.Xte = d.X.cols(s.valid);
    p.ytr = y.elem(s.train);
    p.yte = y.elem(s.valid);
    p.raw_train = p.Xtr;
    return p;
}

Problem load_iris(const std::string& path) {
    const nn::LabelledData d = nn::load_csv(path);
    Problem p;
    p.name = "iris";
    p.title = "Iris";
    const arma::uvec y = nn::labels_to_indices(d.y, path);
    const arma::uword K = y.max() + 1;
    if (K == 3) {
        p.classes = {"setosa", "versicolor", "virginica"};
    } else {
        for (arma::uword k = 0; k < K; ++k) p.classes.push_back("class " + std::to_string(k));
    }
    split_and_standardise(d.X, y, p);
    return p;
}

// The flags of this chapter (besides the common ones); empty strings take the data set's defaults.
struct Options {
    std::string dataset, hidden, optimizer, schedule, loss = "softmax";
    arma::uword batch_size = 64;
    double momentum = 0.9;
};

void add_flags(CLI::App& app, Options& op) {
    app.get_option("--epochs")
        ->description("Epochs (default per data set: fashion-mnist 15, spirals 100, iris 100)");
    app.get_option("--lr")->description(
        "Initial step size (default 0.05; 0.001 is a good start for --optimizer adam)");
    app.get_option("--data")->description(
        "Fashion-MNIST folder (default: NN_DATA_DIR or /usr/share/datasets/fashion-mnist), or "
        "the iris CSV file with --dataset iris");
    app.add_option("--dataset", op.dataset,
                   "spirals | iris | fashion-mnist (default: fashion-mnist if its files are "
                   "there, else spirals)")
        ->check(CLI::IsMember({"spirals", "iris", "fashion-mnist"}));
    app.add_option("--hidden", op.hidden,
                   "Hidden layer widths, e.g. 256,128 (default: fashion-mnist 256,128, spirals "
                   "64,64, iris 16)");
    app.add_option("--batch-size", op.batch_size, "Samples per mini-batch")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--optimizer", op.optimizer, "sgd | momentum | adam (default momentum)")
        ->check(CLI::IsMember({"sgd", "momentum", "adam"}));
    app.add_option("--momentum", op.momentum, "Momentum coefficient mu of --optimizer momentum")
        ->check(CLI::Range(0.0, 0.9999))
        ->capture_default_str();
    app.add_option("--schedule", op.schedule,
                   "Step-size schedule: constant | step | cosine (default: cosine for "
                   "fashion-mnist, constant otherwise)")
        ->check(CLI::IsMember({"constant", "step", "cosine"}));
    app.add_option("--loss", op.loss,
                   "Output loss: softmax (cross-entropy) | ovr (one-vs-rest sigmoids)")
        ->check(CLI::IsMember({"softmax", "ovr"}))
        ->capture_default_str();
}

// The settings of the run: the flags given, the data set's defaults for the others.
struct Settings {
    int epochs = 0;
    double lr = 0;
    std::vector<arma::uword> hidden;
    nn::OutputLoss loss = nn::OutputLoss::Softmax;
};

Settings resolve(const nn::Program& prog, const nn::CommonOptions& o, Options& op) {
    if (op.dataset.empty()) {
        if (!o.data.empty() || nn::fashion_mnist_available(nn::fashion_mnist_dir())) {
            op.dataset = "fashion-mnist";
        } else {
            op.dataset = "spirals";
            prog.say("Fashion-MNIST not found in " + nn::fashion_mnist_dir() +
                     " (apt-get install dataset-fashion-mnist, or --data DIR): using the "
                     "spirals instead.");
        }
    }
    const Defaults def = defaults_for(op.dataset);
    const auto given = [&](const char* flag) { return prog.app.get_option(flag)->count() > 0; };
    Settings s;
    s.epochs = given("--epochs") ? o.epochs : def.epochs;
    s.lr = given("--lr") ? o.lr : def.lr;
    if (op.hidden.empty()) op.hidden = def.hidden;
    if (op.optimizer.empty()) op.optimizer = def.optimizer;
    if (op.schedule.empty()) op.schedule = def.schedule;
    s.hidden = nn::parse_widths(op.hidden, "--hidden");
    if (s.epochs < 1) throw CLI::ValidationError("--epochs", "must be at least 1");
    if (!(s.lr > 0)) throw CLI::ValidationError("--lr", "must be positive");
    s.loss = op.loss == "ovr" ? nn::OutputLoss::OneVsRest : nn::OutputLoss::Softmax;
    return s;
}

// 1. The data: Fashion-MNIST images, iris flowers or generated spirals.
Problem load_problem(const nn::Program& prog, const nn::CommonOptions& o,
                     const std::string& dataset) {
    if (dataset == "fashion-mnist") return load_fashion(nn::fashion_mnist_dir(o.data));
    if (dataset == "iris") return load_iris(o.data.empty() ? nn::dataset_file("iris.csv") : o.data);
    if (!o.data.empty())
        prog.say("note: --data is not used with --dataset spirals (generated data)");
    return load_spirals();
}

// The curves of the training and the final test predictions.
struct History {
    std::vector<double> tr_loss, tr_acc, te_loss, te_acc;
    nn::ClassStats test;
    arma::uvec predicted;
    double seconds_per_epoch = 0;
};

// 2. Training: mini-batches, softmax cross-entropy on the logits, the chosen optimiser and
// schedule; the test set is scored after every epoch.
History train_classifier(const nn::CommonOptions& o, const Settings& s, const Problem& p,
                         nn::Mlp& net, nn::Optimizer& opt, nn::Schedule schedule,
                         arma::uword batch_size) {
    nn::MiniBatcher batches(p.Xtr.n_cols, batch_size);
    nn::TrainBuffers buf;
    nn::EpochLogger log(s.epochs, o.quiet);
    History h;
    double train_seconds = 0;
    // the untrained network's loss: 10^6 times it counts as diverged (as NaN does)
    const double initial_loss = nn::evaluate(net, p.Xte, p.yte, s.loss).loss;
    for (int e = 1; e <= s.epochs; ++e) {
        opt.set_lr(nn::scheduled_lr(schedule, s.lr, e, s.epochs));
        nn::EpochOptions eo;
        eo.epoch = e;
        eo.loss = s.loss;
        eo.diverge_hint = "lower --lr (now " + num(s.lr) + ")";
        eo.progress = [&log](std::size_t done, std::size_t total) { log.progress(done, total); };
        nn::Timer t;
        const nn::ClassStats train = nn::train_epoch(net, opt, p.Xtr, p.ytr, batches, buf, eo);
        train_seconds += t.seconds();
        h.test = nn::evaluate(net, p.Xte, p.yte, s.loss, &h.predicted);
        nn::require_not_diverged(train.loss, initial_loss, nn::str("epoch ", e), eo.diverge_hint);
        h.tr_loss.push_back(train.loss);
        h.tr_acc.push_back(train.accuracy);
        h.te_loss.push_back(h.test.loss);
        h.te_acc.push_back(h.test.accuracy);
        if (s.epochs <= 20 || e == 1 || e == s.epochs || e % std::max(1, s.epochs / 10) == 0)
            log.epoch(e,
                      nn::str("lr ", nn::fmt(opt.lr(), 3), "  train loss ", nn::fmt(train.loss, 4),
                              "  acc ", nn::fmt(train.accuracy, 4), "  |  test loss ",
                              nn::fmt(h.test.loss, 4), "  acc ", nn::fmt(h.test.accuracy, 4)));
    }
    h.seconds_per_epoch = train_seconds / s.epochs;
    return h;
}

// 3. The most frequent confusions, read off the confusion matrix of the test set.
void report_confusions(const nn::CommonOptions& o, const Problem& p, const arma::umat& C) {
    if (o.quiet) return;
    std::vector<std::pair<arma::uword, std::pair<arma::uword, arma::uword>>> off;
    for (arma::uword i = 0; i < C.n_rows; ++i)
        for (arma::uword j = 0; j < C.n_cols; ++j)
            if (i != j && C(i, j) > 0) off.push_back({C(i, j), {i, j}});
    std::sort(off.rbegin(), off.rend());
    for (std::size_t i = 0; i < std::min<std::size_t>(3, off.size()); ++i)
        std::cout << "  " << off[i].first << " test samples of " << p.classes[off[i].second.first]
                  << " predicted as " << p.classes[off[i].second.second] << "\n";
}

// 4. Loss and accuracy per epoch, train against test; the confusion matrix.
void plot_curves(const nn::CommonOptions& o, const Settings& s, const Problem& p, const History& h,
                 const arma::umat& C) {
    const arma::vec ep = nn::plot::epoch_axis(s.epochs);
    nn::plot::LineOptions lo{
        p.title + ": loss per epoch", "epoch",
        s.loss == nn::OutputLoss::OneVsRest ? "mean one-vs-rest loss" : "mean cross-entropy"};
    lo.ymin = 0;
    const std::string style = s.epochs <= 30 ? "linespoints" : "lines";
    auto curves = [&](const std::vector<double>& train, const std::vector<double>& test) {
        return std::vector<nn::plot::Series>{
            {"train (running, during the epoch)", ep, arma::vec(train), style},
            {"test (after the epoch)", ep, arma::vec(test), style}};
    };
    nn::plot::lines(o.out, "ch04_" + p.name + "_loss", curves(h.tr_loss, h.te_loss), lo);
    lo.title = p.title + ": accuracy per epoch";
    lo.ylabel = "accuracy";
    lo.ymin = NAN;
    nn::plot::lines(o.out, "ch04_" + p.name + "_accuracy", curves(h.tr_acc, h.te_acc), lo);
    nn::plot::HeatOptions ho;
    ho.title = p.title + ": confusion matrix of the test set";
    ho.xlabel = "predicted class";
    ho.ylabel = "true class";
    ho.xtics = p.classes;
    ho.ytics = p.classes;
    ho.show_values = true;
    nn::plot::heatmap(o.out, "ch04_" + p.name + "_confusion", arma::conv_to<arma::mat>::from(C),
                      ho);
}

// 5. Fashion-MNIST: the first misclassified test images, with true and predicted class.
void plot_mistakes(const nn::CommonOptions& o, const Problem& p, const arma::uvec& predicted) {
    if (p.raw_test.is_empty()) return;
    const arma::uvec wrong = arma::find(predicted != p.yte);
    const arma::uword n_show = std::min<arma::uword>(24, wrong.n_elem);
    if (n_show == 0) return;
    arma::mat imgs(p.raw_test.n_rows, n_show);
    std::vector<std::string> caps;
    for (arma::uword i = 0; i < n_show; ++i) {
        const arma::uword c = wrong(i);
        imgs.col(i) = p.raw_test.col(c);
        caps.push_back("true " + p.classes[p.yte(c)] + " / pred " + p.classes[predicted(c)]);
    }
    nn::plot::image_grid(
        o.out, "ch04_" + p.name + "_misclassified", imgs, 28, 28, 6, caps,
        nn::str("The first ", n_show, " misclassified test images (of ", wrong.n_elem, ")"), false,
        "pixel value");
}

// 6. Spirals: the decision regions of the classifier in the plane of the data.
void plot_regions(const nn::CommonOptions& o, const Problem& p, const nn::Mlp& net) {
    if (p.name != "spirals" || !nn::plot::enabled()) return;  // the grid is for the picture only
    const nn::plot::Grid g = nn::plot::grid(p.raw_train, 150);
    const arma::uvec cls = arma::index_max(net.predict(g.points), 0).t();
    nn::plot::ScatterOptions so;
    so.title = "Spirals: decision regions of the softmax classifier (training points)";
    so.class_names = p.classes;
    nn::plot::regions(o.out, "ch04_spirals_regions", p.raw_train, p.ytr, g.xs, g.ys,
                      nn::plot::grid_classes(cls, 150), so);
}

nn::Json metrics_json(const Options& op, const Settings& s, const History& h, double seconds) {
    nn::Json m;
    m.set("dataset", op.dataset)
        .set("hidden", op.hidden)
        .set("optimizer", op.optimizer)
        .set("schedule", op.schedule)
        .set("lr", s.lr)
        .set("batch_size", static_cast<unsigned long>(op.batch_size))
        .set("epochs", s.epochs)
        .set("train_loss", h.tr_loss.back())
        .set("train_accuracy", h.tr_acc.back())
        .set("test_loss", h.test.loss)
        .set("test_accuracy", h.test.accuracy)
        .set("seconds", seconds)
        .set("seconds_per_epoch", h.seconds_per_epoch)
        .set("test_accuracy_per_epoch", h.te_acc)
        .set("train_loss_per_epoch", h.tr_loss);
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog(
        "ch04_softmax",
        "A softmax classifier (MLP + softmax cross-entropy) trained with SGD, momentum or Adam "
        "on spirals, iris or Fashion-MNIST.");
    prog.defaults.epochs = 15;
    prog.defaults.lr = 0.05;
    prog.add_common();
    Options op;
    add_flags(prog.app, op);
    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::Timer wall;
        const Settings s = resolve(prog, o, op);
        const Problem p = load_problem(prog, o, op.dataset);
        const arma::uword K = p.classes.size();
        const double load_seconds = wall.seconds();

        std::vector<arma::uword> widths{p.Xtr.n_rows};
        widths.insert(widths.end(), s.hidden.begin(), s.hidden.end());
        widths.push_back(K);
        nn::Mlp net(widths, nn::Activation::ReLU, nn::Activation::Identity, nn::Init::He);
        nn::OptimizerConfig cfg;
        cfg.kind = nn::parse_optimizer(op.optimizer);
        cfg.lr = s.lr;
        cfg.momentum = op.momentum;
        nn::Optimizer opt(cfg);
        prog.say(nn::str(p.title, ": ", p.Xtr.n_cols, " training and ", p.Xte.n_cols,
                         " test samples, ", K, " classes (loaded in ", nn::fmt(load_seconds, 2),
                         " s)"));
        prog.say(nn::str(
            "network ", net.summary(), "; ", op.optimizer,
            cfg.kind == nn::OptimizerKind::Momentum ? " (mu " + nn::fmt(op.momentum, 3) + ")" : "",
            ", lr ", s.lr, " (", op.schedule, "), batch ", op.batch_size, ", ", s.epochs,
            " epochs, loss ",
            s.loss == nn::OutputLoss::Softmax ? "softmax cross-entropy" : "one-vs-rest sigmoids"));
        const History h =
            train_classifier(o, s, p, net, opt, nn::parse_schedule(op.schedule), op.batch_size);

        const arma::umat C = nn::confusion_matrix(h.predicted, p.yte, K);
        std::cout << nn::str("test accuracy ", nn::fmt(h.test.accuracy, 4), " (",
                             arma::accu(C.diag()), " of ", p.yte.n_elem, "), test loss ",
                             nn::fmt(h.test.loss, 4), "; ", nn::fmt(h.seconds_per_epoch, 3),
                             " s per training epoch, ", nn::fmt(wall.seconds(), 3), " s in all")
                  << std::endl;
        report_confusions(o, p, C);
        plot_curves(o, s, p, h, C);
        plot_mistakes(o, p, h.predicted);
        plot_regions(o, p, net);
        prog.write_metrics(metrics_json(op, s, h, wall.seconds()));
        return 0;
    });
}
