// Chapter 04 program: a softmax classifier (the MLP of chapter 03 with a K-way softmax
// cross-entropy output) trained with SGD, momentum or Adam on 3-class spirals, iris or
// Fashion-MNIST. Prints a line per epoch; plots loss and accuracy curves, the confusion
// matrix, misclassified images (Fashion-MNIST) and decision regions (spirals).
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
#include "optim.hpp"
#include "softmax.hpp"

namespace {

// A classification problem: standardised train and test sets, class names, and for image
// data the raw test pixels (for the picture of the mistakes).
struct Problem {
    std::string name;       // "fashion", "spirals", "iris": prefix of the plot names
    std::string title;      // for plot titles
    arma::mat Xtr, Xte;     // d x N features
    arma::uvec ytr, yte;    // labels 0..K-1
    std::vector<std::string> classes;
    arma::mat raw_test;     // images in [0, 1] (Fashion-MNIST only)
    arma::mat raw_train;    // unstandardised training points (spirals: for the regions plot)
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

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog("ch04_softmax",
                     "A softmax classifier (MLP + softmax cross-entropy) trained with SGD, momentum or "
                     "Adam on spirals, iris or Fashion-MNIST.");
    prog.defaults.epochs = 15;
    prog.defaults.lr = 0.05;
    prog.add_common();
    prog.app.get_option("--epochs")->description(
        "Epochs (default per data set: fashion-mnist 15, spirals 100, iris 100)");
    prog.app.get_option("--lr")->description(
        "Initial step size (default 0.05; 0.001 is a good start for --optimizer adam)");
    prog.app.get_option("--data")->description(
        "Fashion-MNIST folder (default: NN_DATA_DIR or /usr/share/datasets/fashion-mnist), or the iris "
        "CSV file with --dataset iris");

    std::string dataset, hidden_text, optimizer_text, schedule_text, loss_text = "softmax";
    arma::uword batch_size = 64;
    double momentum = 0.9;
    prog.app.add_option("--dataset", dataset,
                        "spirals | iris | fashion-mnist (default: fashion-mnist if its files are "
                        "there, else spirals)")
        ->check(CLI::IsMember({"spirals", "iris", "fashion-mnist"}));
    prog.app.add_option("--hidden", hidden_text,
                        "Hidden layer widths, e.g. 256,128 (default: fashion-mnist 256,128, spirals "
                        "64,64, iris 16)");
    prog.app.add_option("--batch-size", batch_size, "Samples per mini-batch")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    prog.app.add_option("--optimizer", optimizer_text, "sgd | momentum | adam (default momentum)")
        ->check(CLI::IsMember({"sgd", "momentum", "adam"}));
    prog.app.add_option("--momentum", momentum, "Momentum coefficient mu of --optimizer momentum")
        ->check(CLI::Range(0.0, 0.9999))
        ->capture_default_str();
    prog.app.add_option("--schedule", schedule_text,
                        "Step-size schedule: constant | step | cosine (default: cosine for "
                        "fashion-mnist, constant otherwise)")
        ->check(CLI::IsMember({"constant", "step", "cosine"}));
    prog.app.add_option("--loss", loss_text, "Output loss: softmax (cross-entropy) | ovr (one-vs-rest sigmoids)")
        ->check(CLI::IsMember({"softmax", "ovr"}))
        ->capture_default_str();

    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::Timer wall;
        const bool data_given = !o.data.empty();
        // ---------------------------------------------------------------- which data
        if (dataset.empty()) {
            if (data_given || nn::fashion_mnist_available(nn::fashion_mnist_dir())) {
                dataset = "fashion-mnist";
            } else {
                dataset = "spirals";
                prog.say("Fashion-MNIST not found in " + nn::fashion_mnist_dir() +
                         " (apt-get install dataset-fashion-mnist, or --data DIR): using the spirals instead.");
            }
        }
        const Defaults def = defaults_for(dataset);
        const auto given = [&](const char* flag) { return prog.app.get_option(flag)->count() > 0; };
        const int epochs = given("--epochs") ? o.epochs : def.epochs;
        const double lr = given("--lr") ? o.lr : def.lr;
        if (hidden_text.empty()) hidden_text = def.hidden;
        if (optimizer_text.empty()) optimizer_text = def.optimizer;
        if (schedule_text.empty()) schedule_text = def.schedule;
        const std::vector<arma::uword> hidden = nn::parse_widths(hidden_text, "--hidden");
        if (epochs < 1) throw CLI::ValidationError("--epochs", "must be at least 1");
        if (!(lr > 0)) throw CLI::ValidationError("--lr", "must be positive");

        // ---------------------------------------------------------------- load
        Problem p;
        if (dataset == "fashion-mnist") {
            p = load_fashion(nn::fashion_mnist_dir(o.data));
        } else if (dataset == "iris") {
            p = load_iris(data_given ? o.data : nn::dataset_file("iris.csv"));
        } else {
            if (data_given) prog.say("note: --data is not used with --dataset spirals (generated data)");
            p = load_spirals();
        }
        const arma::uword K = p.classes.size();
        const double load_seconds = wall.seconds();

        // ---------------------------------------------------------------- model
        std::vector<arma::uword> widths{p.Xtr.n_rows};
        widths.insert(widths.end(), hidden.begin(), hidden.end());
        widths.push_back(K);
        nn::Mlp net(widths, nn::Activation::ReLU, nn::Activation::Identity, nn::Init::He);
        nn::OptimizerConfig cfg;
        cfg.kind = nn::parse_optimizer(optimizer_text);
        cfg.lr = lr;
        cfg.momentum = momentum;
        nn::Optimizer opt(cfg);
        const nn::Schedule schedule = nn::parse_schedule(schedule_text);
        const nn::OutputLoss loss_kind = loss_text == "ovr" ? nn::OutputLoss::OneVsRest : nn::OutputLoss::Softmax;
        prog.say(p.title + ": " + std::to_string(p.Xtr.n_cols) + " training and " +
                 std::to_string(p.Xte.n_cols) + " test samples, " + std::to_string(K) + " classes (loaded in " +
                 nn::fmt(load_seconds, 2) + " s)");
        prog.say("network " + net.summary() + "; " + optimizer_text +
                 (cfg.kind == nn::OptimizerKind::Momentum ? " (mu " + nn::fmt(momentum, 3) + ")" : "") +
                 ", lr " + num(lr) + " (" + schedule_text + "), batch " + std::to_string(batch_size) + ", " +
                 std::to_string(epochs) + " epochs, loss " + (loss_kind == nn::OutputLoss::Softmax ? "softmax cross-entropy" : "one-vs-rest sigmoids"));

        // ---------------------------------------------------------------- train
        nn::MiniBatcher batches(p.Xtr.n_cols, batch_size);
        nn::TrainBuffers buf;
        nn::EpochLogger log(epochs, o.quiet);
        std::vector<double> tr_loss, tr_acc, te_loss, te_acc;
        double train_seconds = 0;
        arma::uvec predicted;
        nn::ClassStats test;
        // the untrained network's loss: 10^6 times it counts as diverged (as NaN does)
        const double initial_loss = nn::evaluate(net, p.Xte, p.yte, loss_kind).loss;
        for (int e = 1; e <= epochs; ++e) {
            opt.set_lr(nn::scheduled_lr(schedule, lr, e, epochs));
            nn::EpochOptions eo;
            eo.epoch = e;
            eo.loss = loss_kind;
            eo.diverge_hint = "lower --lr (now " + num(lr) + ")";
            eo.progress = [&log](std::size_t done, std::size_t total) { log.progress(done, total); };
            nn::Timer t;
            const nn::ClassStats train = nn::train_epoch(net, opt, p.Xtr, p.ytr, batches, buf, eo);
            train_seconds += t.seconds();
            test = nn::evaluate(net, p.Xte, p.yte, loss_kind, &predicted);
            nn::require_not_diverged(train.loss, initial_loss, "epoch " + std::to_string(e), eo.diverge_hint);
            tr_loss.push_back(train.loss);
            tr_acc.push_back(train.accuracy);
            te_loss.push_back(test.loss);
            te_acc.push_back(test.accuracy);
            const bool report = epochs <= 20 || e == 1 || e == epochs || e % std::max(1, epochs / 10) == 0;
            if (report) {
                log.epoch(e, "lr " + nn::fmt(opt.lr(), 3) + "  train loss " + nn::fmt(train.loss, 4) + "  acc " +
                                 nn::fmt(train.accuracy, 4) + "  |  test loss " + nn::fmt(test.loss, 4) + "  acc " +
                                 nn::fmt(test.accuracy, 4));
            }
        }
        const double seconds_per_epoch = train_seconds / epochs;

        // ---------------------------------------------------------------- report
        const arma::umat C = nn::confusion_matrix(predicted, p.yte, K);
        std::cout << ("test accuracy " + nn::fmt(test.accuracy, 4) + " (" + std::to_string(arma::accu(C.diag())) + " of " +
                 std::to_string(p.yte.n_elem) + "), test loss " + nn::fmt(test.loss, 4) + "; " +
                 nn::fmt(seconds_per_epoch, 3) + " s per training epoch, " + nn::fmt(wall.seconds(), 3) +
                 " s in all") << std::endl;
        if (!o.quiet) {
            // the most frequent confusions, read off the matrix
            std::vector<std::pair<arma::uword, std::pair<arma::uword, arma::uword>>> off;
            for (arma::uword i = 0; i < K; ++i)
                for (arma::uword j = 0; j < K; ++j)
                    if (i != j && C(i, j) > 0) off.push_back({C(i, j), {i, j}});
            std::sort(off.rbegin(), off.rend());
            for (std::size_t i = 0; i < std::min<std::size_t>(3, off.size()); ++i)
                std::cout << "  " << off[i].first << " test samples of " << p.classes[off[i].second.first]
                          << " predicted as " << p.classes[off[i].second.second] << "\n";
        }

        // ---------------------------------------------------------------- plots
        const arma::vec ep = arma::regspace<arma::vec>(1, epochs);
        nn::plot::LineOptions lo;
        lo.title = p.title + ": loss per epoch";
        lo.xlabel = "epoch";
        lo.ylabel = "mean cross-entropy";
        lo.ymin = 0;
        if (loss_kind == nn::OutputLoss::OneVsRest) lo.ylabel = "mean one-vs-rest loss";
        const std::string style = epochs <= 30 ? "linespoints" : "lines";
        nn::plot::lines(o.out, "ch04_" + p.name + "_loss",
                        {{"train (running, during the epoch)", ep, arma::vec(tr_loss), style},
                         {"test (after the epoch)", ep, arma::vec(te_loss), style}},
                        lo);
        lo.title = p.title + ": accuracy per epoch";
        lo.ylabel = "accuracy";
        lo.ymin = NAN;
        nn::plot::lines(o.out, "ch04_" + p.name + "_accuracy",
                        {{"train (running, during the epoch)", ep, arma::vec(tr_acc), style},
                         {"test (after the epoch)", ep, arma::vec(te_acc), style}},
                        lo);
        nn::plot::HeatOptions ho;
        ho.title = p.title + ": confusion matrix of the test set";
        ho.xlabel = "predicted class";
        ho.ylabel = "true class";
        ho.xtics = p.classes;
        ho.ytics = p.classes;
        ho.show_values = true;
        nn::plot::heatmap(o.out, "ch04_" + p.name + "_confusion", arma::conv_to<arma::mat>::from(C), ho);
        if (!p.raw_test.is_empty()) {
            const arma::uvec wrong = arma::find(predicted != p.yte);
            const arma::uword n_show = std::min<arma::uword>(24, wrong.n_elem);
            if (n_show > 0) {
                arma::mat imgs(p.raw_test.n_rows, n_show);
                std::vector<std::string> caps;
                for (arma::uword i = 0; i < n_show; ++i) {
                    const arma::uword c = wrong(i);
                    imgs.col(i) = p.raw_test.col(c);
                    caps.push_back("true " + p.classes[p.yte(c)] + " / pred " + p.classes[predicted(c)]);
                }
                nn::plot::image_grid(o.out, "ch04_" + p.name + "_misclassified", imgs, 28, 28, 6, caps,
                                     "The first " + std::to_string(n_show) + " misclassified test images (of " +
                                         std::to_string(wrong.n_elem) + ")",
                                     false, "pixel value");
            }
        }
        if (p.name == "spirals" && nn::plot::enabled()) {  // the grid is for the picture only
            const nn::plot::Grid g = nn::plot::grid(p.raw_train, 150);
            const arma::uvec cls = arma::index_max(net.predict(g.points), 0).t();
            nn::plot::ScatterOptions so;
            so.title = "Spirals: decision regions of the softmax classifier (training points)";
            so.class_names = p.classes;
            nn::plot::regions(o.out, "ch04_spirals_regions", p.raw_train, p.ytr, g.xs, g.ys,
                              nn::plot::grid_classes(cls, 150), so);
        }

        // ---------------------------------------------------------------- metrics
        nn::Json m;
        m.set("dataset", dataset)
            .set("hidden", hidden_text)
            .set("optimizer", optimizer_text)
            .set("schedule", schedule_text)
            .set("lr", lr)
            .set("batch_size", static_cast<unsigned long>(batch_size))
            .set("epochs", epochs)
            .set("train_loss", tr_loss.back())
            .set("train_accuracy", tr_acc.back())
            .set("test_loss", test.loss)
            .set("test_accuracy", test.accuracy)
            .set("seconds", wall.seconds())
            .set("seconds_per_epoch", seconds_per_epoch)
            .set("test_accuracy_per_epoch", te_acc)
            .set("train_loss_per_epoch", tr_loss);
        prog.write_metrics(m);
        return 0;
    });
}
