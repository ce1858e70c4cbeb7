// Chapter 03 program — an MLP with hand-written backprop: XOR, sin(2x), activations, zero init.
// Demonstrations: learn_xor, universal_approximation, compare_activations, zero_initialisation.
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "mlp.hpp"
#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/plot.hpp"
#include "nn/preprocess.hpp"
#include "nn/rng.hpp"
#include "nn/synthetic.hpp"
#include "nn/text.hpp"

namespace {

// 0/1 labels from probabilities in a 1 x N row.
arma::uvec threshold(const arma::mat& P) {
    return arma::conv_to<arma::uvec>::from(P.row(0).t() > 0.5);
}

std::string matrix_rows(const arma::mat& M, int digits = 4) {
    std::ostringstream os;
    for (arma::uword i = 0; i < M.n_rows; ++i) {
        os << "      [";
        for (arma::uword j = 0; j < M.n_cols; ++j)
            os << (j ? ", " : "") << std::setw(8) << nn::fmt(M(i, j), digits);
        os << "]\n";
    }
    return os.str();
}

// The flags of this chapter (besides the common ones).
struct Options {
    std::string hidden = "tanh", init = "xavier", widths = "1,2,4,8,32";
    arma::uword width = 4;
    int approx_epochs = 5000, approx_starts = 2, compare_epochs = 300;
};

void add_flags(CLI::App& app, Options& op) {
    app.add_option("--hidden", op.hidden, "Hidden activation of the XOR network")
        ->check(CLI::IsMember(nn::activation_names()))
        ->capture_default_str();
    app.add_option("--width", op.width, "Hidden units of the XOR network")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--init", op.init, "Weight initialisation of the XOR network")
        ->check(CLI::IsMember({"he", "xavier", "zero"}))
        ->capture_default_str();
    app.add_option("--k", op.widths, "Hidden widths k of the universal-approximation demo")
        ->capture_default_str();
    app.add_option("--approx-epochs", op.approx_epochs,
                   "Epochs of each universal-approximation fit")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--approx-starts", op.approx_starts, "Random starts per k (the best is kept)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--compare-epochs", op.compare_epochs, "Epochs of the activation comparison")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
}

// The settings of one training run (batch_size 0: full-batch gradient descent).
nn::TrainOptions training(nn::Loss loss, int epochs, double lr, arma::uword batch_size = 0) {
    nn::TrainOptions t;
    t.loss = loss;
    t.epochs = epochs;
    t.lr = lr;
    t.batch_size = batch_size;
    return t;
}

// The four XOR points: inputs 2 x 4, targets 1 x 4, labels.
const arma::mat kXorX = {{0, 0, 1, 1}, {0, 1, 0, 1}};
const arma::mat kXorY = {{0, 1, 1, 0}};
const arma::uvec kXorLabels = {0, 1, 1, 0};

std::string four_outputs(const arma::mat& out) {
    return nn::str(nn::fmt(out(0)), " ", nn::fmt(out(1)), " ", nn::fmt(out(2)), " ",
                   nn::fmt(out(3)));
}

// 1a. The ReLU network of the notes, weights set by hand, computes XOR.
void xor_by_hand(const nn::Program& prog) {
    prog.say("== 1. XOR ==");
    nn::Mlp hand({2, 2, 1}, nn::Activation::ReLU, nn::Activation::Identity);
    hand.layer(0).W = {{1, 1}, {1, 1}};
    hand.layer(0).b = arma::mat(arma::vec{0.0, -1.0});
    hand.layer(1).W = {{1, -2}};
    hand.layer(1).b = arma::mat(arma::vec{0.0});
    prog.say(
        "ReLU network by hand (W = [[1,1],[1,1]], b = [0,-1], w = [1,-2]): outputs for 00 01 10 "
        "11 = " +
        four_outputs(hand.predict(kXorX)));
}

// 1b. A network learns XOR from its four points by full-batch gradient descent.
double learn_xor(const nn::Program& prog, const nn::CommonOptions& o, const Options& op,
                 nn::Json& metrics) {
    nn::Mlp net({2, op.width, 1}, nn::parse_activation(op.hidden), nn::Activation::Sigmoid,
                nn::parse_init(op.init));
    prog.say(nn::str("learning XOR: ", net.summary(),
                     ", binary cross-entropy, full-batch gradient descent, lr ", nn::fmt(o.lr),
                     ", ", o.epochs, " epochs"));
    nn::EpochLogger log(o.epochs, o.quiet);
    nn::TrainOptions topt = training(nn::Loss::BCE, o.epochs, o.lr);
    const int report_every = std::max(1, o.epochs / 10);
    topt.on_epoch = [&](int e, double loss) {
        if (e % report_every == 0 || e == 1 || e == o.epochs) {
            const double acc = nn::accuracy(threshold(net.predict(kXorX)), kXorLabels);
            log.epoch(e, "loss " + nn::fmt(loss) + "  accuracy " + nn::fmt(acc));
        }
    };
    const std::vector<double> losses = nn::train_mlp(net, kXorX, kXorY, topt);
    const arma::mat P = net.predict(kXorX);
    const double acc = nn::accuracy(threshold(P), kXorLabels);
    prog.say("XOR outputs for 00 01 10 11: " + four_outputs(P) + "  ->  accuracy " + nn::fmt(acc));
    metrics.set("accuracy", acc).set("xor_final_loss", losses.back());
    return acc;
}

// Training and test points of the region plot, labels as 0/1 indices.
struct Points {
    nn::LabelledData train, test;
    arma::uvec train_labels, test_labels;
    std::string name = "noisy XOR (400 points)";
};

// 400 noisy XOR points each, or --data FILE.csv split 75/25.
Points region_points(const nn::CommonOptions& o) {
    Points pts;
    if (o.data.empty()) {
        pts.train = nn::make_noisy_xor(400, 0.35, 0.0);
        pts.test = nn::make_noisy_xor(400, 0.35, 0.0);
    } else {
        nn::LabelledData all = nn::load_csv(o.data);
        // accept -1/+1 labels (chapter 01's files) as 0/1
        if (arma::all((all.y == -1.0) + (all.y == 1.0))) all.y = (all.y + 1.0) / 2.0;
        if (all.X.n_rows != 2)
            throw nn::DataError(nn::str(o.data, ": need 2 feature columns and a 0/1 label, got ",
                                        all.X.n_rows, " features"));
        const arma::uvec lab = nn::labels_to_indices(all.y, o.data);
        if (lab.max() > 1) throw nn::DataError(o.data + ": labels must be 0 or 1 for this network");
        const nn::Split sp = nn::train_valid_split(all.X.n_cols, 0.25);
        pts.train.X = all.X.cols(sp.train);
        pts.train.y = all.y.cols(sp.train);
        pts.test.X = all.X.cols(sp.valid);
        pts.test.y = all.y.cols(sp.valid);
        pts.name = nn::str(o.data, " (", pts.train.X.n_cols, " train, ", pts.test.X.n_cols,
                           " test points)");
    }
    pts.train_labels = arma::conv_to<arma::uvec>::from(pts.train.y.t());
    pts.test_labels = arma::conv_to<arma::uvec>::from(pts.test.y.t());
    return pts;
}

// 1c. A wider network on noisy XOR (or --data): the decision regions bend around the clusters.
double decision_regions(const nn::Program& prog, const nn::CommonOptions& o, const Options& op,
                        const Points& pts, nn::Json& metrics) {
    nn::Mlp net({2, 8, 1}, nn::parse_activation(op.hidden), nn::Activation::Sigmoid,
                nn::parse_init(op.init));
    nn::train_mlp(net, pts.train.X, arma::mat(pts.train.y), training(nn::Loss::BCE, 200, 0.1, 16));
    const double train_acc = nn::accuracy(threshold(net.predict(pts.train.X)), pts.train_labels);
    const double test_acc = nn::accuracy(threshold(net.predict(pts.test.X)), pts.test_labels);
    prog.say(nn::str(pts.name, ", ", net.summary(),
                     ", mini-batches of 16, 200 epochs: train accuracy ", nn::fmt(train_acc),
                     ", test accuracy ", nn::fmt(test_acc)));
    metrics.set("noisy_xor_train_accuracy", train_acc).set("noisy_xor_test_accuracy", test_acc);
    const nn::plot::Grid g = nn::plot::grid(pts.train.X, 150);
    const arma::umat cls = nn::plot::grid_classes(threshold(net.predict(g.points)), 150);
    nn::plot::ScatterOptions so;
    so.title = "Decision regions of a 2-8-1 " + op.hidden + " MLP" +
               (o.data.empty() ? " on noisy XOR" : "");
    if (o.data.empty()) so.class_names = {"same signs (0)", "different signs (1)"};
    nn::plot::regions(o.out, "ch03_xor_regions", pts.train.X, pts.train_labels, g.xs, g.ys, cls,
                      so);
    return test_acc;
}

// 2. One hidden layer of k tanh units fits sin(2x); more units, a closer fit.
void universal_approximation(const nn::Program& prog, const nn::CommonOptions& o, const Options& op,
                             nn::Json& metrics) {
    const std::vector<arma::uword> ks = nn::parse_widths(op.widths, "--k");
    prog.say(
        "\n== 2. Universal approximation: one hidden layer of k tanh units fitting sin(2x) ==");
    const arma::mat ux = arma::linspace<arma::rowvec>(-M_PI, M_PI, 200);
    const arma::mat uy = arma::sin(2.0 * ux);
    const arma::mat ux_in = ux / M_PI;  // the network sees x scaled to [-1, 1]
    std::vector<nn::plot::Series> fits = {
        {"target sin(2x)", ux.row(0).t(), uy.row(0).t(), "lines"}};
    std::vector<nn::Json> per_k;
    for (arma::uword k : ks) {
        // plain SGD can stall in a poor local minimum: keep the best of a few random starts
        double mse = arma::datum::inf;
        arma::mat fit;
        std::size_t params = 0;
        for (int start = 0; start < op.approx_starts; ++start) {
            nn::Mlp net({1, k, 1}, nn::Activation::Tanh, nn::Activation::Identity,
                        nn::Init::Xavier);
            nn::train_mlp(net, ux_in, uy, training(nn::Loss::MSE, op.approx_epochs, 0.03, 20));
            const arma::mat f = net.predict(ux_in);
            const double m = nn::mse_loss(f, uy);
            if (m < mse) mse = m, fit = f;
            params = net.num_parameters();
        }
        prog.say(nn::str("k = ", k, k < 10 ? "  " : " ", ": ", params, " parameters, final MSE ",
                         nn::fmt(mse), " (best of ", op.approx_starts, " starts)"));
        fits.push_back({nn::str("k = ", k), ux.row(0).t(), fit.row(0).t(), "lines"});
        per_k.push_back(nn::Json().set("k", static_cast<unsigned long>(k)).set("mse", mse));
    }
    metrics.set("universal_approximation", per_k);
    nn::plot::LineOptions lo{"One hidden layer of k tanh units fitting sin(2x)", "x", "y"};
    nn::plot::lines(o.out, "ch03_universal_approx", fits, lo);
}

// 3. Sigmoid vs tanh vs ReLU: the same network, data order and step size on two moons.
void compare_activations(const nn::Program& prog, const nn::CommonOptions& o, const Options& op,
                         nn::Json& metrics) {
    prog.say(
        "\n== 3. Sigmoid vs tanh vs ReLU: 2-16-16-1 on two moons, BCE, mini-batches of 32, lr "
        "0.1 ==");
    const nn::LabelledData moons = nn::make_moons(512, 0.15);
    const arma::uvec labels = arma::conv_to<arma::uvec>::from(moons.y.t());
    std::vector<nn::plot::Series> curves;
    nn::Json cmp;
    for (const std::string name : {"sigmoid", "tanh", "relu"}) {
        const nn::Activation a = nn::parse_activation(name);
        nn::seed_all(o.seed + 1);  // same data order and same random draws for each activation
        // the recommended initialisation for each: Xavier for sigmoid/tanh, He for ReLU
        nn::Mlp net({2, 16, 16, 1}, a, nn::Activation::Sigmoid,
                    a == nn::Activation::ReLU ? nn::Init::He : nn::Init::Xavier);
        const std::vector<double> losses = nn::train_mlp(
            net, moons.X, arma::mat(moons.y), training(nn::Loss::BCE, op.compare_epochs, 0.1, 32));
        const double acc = nn::accuracy(threshold(net.predict(moons.X)), labels);
        prog.say(nn::str(name, std::string(8 - name.size(), ' '), ": loss after 10 epochs ",
                         nn::fmt(losses.at(std::min<std::size_t>(9, losses.size() - 1))),
                         ", final loss ", nn::fmt(losses.back()), ", accuracy ", nn::fmt(acc)));
        curves.push_back({name, nn::plot::epoch_axis(losses.size()), arma::vec(losses), "lines"});
        cmp.set(name, nn::Json().set("final_loss", losses.back()).set("accuracy", acc));
    }
    metrics.set("activations", cmp);
    nn::plot::LineOptions lo{"Training loss on two moons: same network, three hidden activations",
                             "epoch", "binary cross-entropy"};
    lo.logy = true;
    nn::plot::lines(o.out, "ch03_activation_curves", curves, lo);
}

// 4. Zero initialisation: every hidden unit gets the same gradient, so they stay identical.
void zero_initialisation(const nn::Program& prog, const nn::CommonOptions& o, const Options& op,
                         const Points& pts, nn::Json& metrics) {
    prog.say(nn::str("\n== 4. Zero initialisation: 2-4-1 sigmoid network on the data of part 1, ",
                     op.compare_epochs, " epochs =="));
    nn::Json zero_json;
    arma::mat both(4, 6, arma::fill::zeros);
    for (const nn::Init init : {nn::Init::Zero, nn::Init::Xavier}) {
        nn::seed_all(o.seed);
        nn::Mlp net({2, 4, 1}, nn::Activation::Sigmoid, nn::Activation::Sigmoid, init);
        const std::vector<double> losses =
            nn::train_mlp(net, pts.train.X, arma::mat(pts.train.y),
                          training(nn::Loss::BCE, op.compare_epochs, 1.0, 16));
        const arma::mat W1b = arma::join_rows(net.layer(0).W, net.layer(0).b);  // 4 x 3: w1 w2 b
        both.cols(init == nn::Init::Zero ? 0 : 3, init == nn::Init::Zero ? 2 : 5) = W1b;
        // are the hidden units identical? (largest difference between any row and the first)
        double spread = 0;
        for (arma::uword j = 1; j < W1b.n_rows; ++j)
            spread = std::max(spread, arma::abs(W1b.row(j) - W1b.row(0)).max());
        const double acc = nn::accuracy(threshold(net.predict(pts.train.X)), pts.train_labels);
        prog.say(nn::str(nn::init_name(init), " init: final loss ", nn::fmt(losses.back()),
                         ", accuracy ", nn::fmt(acc), ", largest difference between hidden units ",
                         nn::fmt(spread, 3), "\n    hidden layer [w1, w2, b] per unit:\n",
                         matrix_rows(W1b)));
        zero_json.set(nn::init_name(init), nn::Json()
                                               .set("final_loss", losses.back())
                                               .set("accuracy", acc)
                                               .set("hidden_unit_spread", spread));
    }
    metrics.set("zero_init", zero_json);
    nn::plot::HeatOptions ho;
    ho.title = "Hidden-layer weights after training: zero init (left) vs Xavier init (right)";
    ho.xtics = {"zero: w1", "zero: w2", "zero: b", "xavier: w1", "xavier: w2", "xavier: b"};
    ho.ytics = {"unit 1", "unit 2", "unit 3", "unit 4"};
    ho.show_values = true;
    nn::plot::heatmap(o.out, "ch03_zero_init_weights", both, ho);
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog("ch03_mlp",
                     "A multi-layer perceptron with hand-written backprop: XOR, universal "
                     "approximation, activations compared, zero initialisation.");
    prog.defaults.epochs = 2000;
    prog.defaults.lr = 0.5;
    prog.add_common();
    Options op;
    add_flags(prog.app, op);
    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::parse_widths(op.widths, "--k");  // a bad list is a usage error before any work
        nn::Timer total;
        nn::Json metrics;
        xor_by_hand(prog);
        const double xor_acc = learn_xor(prog, o, op, metrics);
        const Points pts = region_points(o);
        const double test_acc = decision_regions(prog, o, op, pts, metrics);
        universal_approximation(prog, o, op, metrics);
        compare_activations(prog, o, op, metrics);
        zero_initialisation(prog, o, op, pts, metrics);

        const double seconds = total.seconds();
        metrics.set("seconds", seconds);
        prog.write_metrics(metrics);
        std::cout << "ch03_mlp: XOR accuracy " << nn::fmt(xor_acc)
                  << (o.data.empty() ? ", noisy XOR test accuracy " : ", test accuracy on --data ")
                  << nn::fmt(test_acc) << ", " << nn::fmt(seconds, 3) << " s; plots in " << o.out
                  << std::endl;
        return 0;
    });
}
