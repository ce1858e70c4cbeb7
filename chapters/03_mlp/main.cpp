// Chapter 03 program: a multi-layer perceptron trained with hand-written backprop.
//
// Four demonstrations, in order:
//   1. XOR: the ReLU network of the notes (weights by hand), then a network that learns
//      XOR from its four points; decision regions on the noisy XOR set.
//   2. Universal approximation: one hidden layer of k tanh units fitting sin(2x) for several k.
//   3. Sigmoid vs tanh vs ReLU: training curves of the same network on the same task.
//   4. Zero initialisation: all hidden units stay identical (symmetry is never broken).
// --data FILE.csv (two features, 0/1 label) replaces the noisy XOR set of the region plot.
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

namespace {

// 0/1 labels from probabilities in a 1 x N row.
arma::uvec threshold(const arma::mat& P) { return arma::conv_to<arma::uvec>::from(P.row(0).t() > 0.5); }

std::string matrix_rows(const arma::mat& M, int digits = 4) {
    std::ostringstream os;
    for (arma::uword i = 0; i < M.n_rows; ++i) {
        os << "      [";
        for (arma::uword j = 0; j < M.n_cols; ++j) os << (j ? ", " : "") << std::setw(8) << nn::fmt(M(i, j), digits);
        os << "]\n";
    }
    return os.str();
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog("ch03_mlp",
                     "A multi-layer perceptron with hand-written backprop: XOR, universal "
                     "approximation, activations compared, zero initialisation.");
    prog.defaults.epochs = 2000;
    prog.defaults.lr = 0.5;
    prog.add_common();
    std::string hidden_name = "tanh";
    arma::uword width = 4;
    std::string init_name = "xavier";
    std::string widths_text = "1,2,4,8,32";
    int approx_epochs = 5000;
    int approx_starts = 2;
    int compare_epochs = 300;
    prog.app.add_option("--hidden", hidden_name, "Hidden activation of the XOR network")
        ->check(CLI::IsMember(nn::activation_names()))
        ->capture_default_str();
    prog.app.add_option("--width", width, "Hidden units of the XOR network")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    prog.app.add_option("--init", init_name, "Weight initialisation of the XOR network")
        ->check(CLI::IsMember({"he", "xavier", "zero"}))
        ->capture_default_str();
    prog.app.add_option("--k", widths_text, "Hidden widths k of the universal-approximation demo")
        ->capture_default_str();
    prog.app.add_option("--approx-epochs", approx_epochs, "Epochs of each universal-approximation fit")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    prog.app.add_option("--approx-starts", approx_starts, "Random starts per k (the best is kept)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    prog.app.add_option("--compare-epochs", compare_epochs, "Epochs of the activation comparison")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();

    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        const std::vector<arma::uword> ks = nn::parse_widths(widths_text, "--k");
        nn::Timer total;
        nn::Json metrics;
        const arma::mat xor_X = {{0, 0, 1, 1}, {0, 1, 0, 1}};
        const arma::mat xor_Y = {{0, 1, 1, 0}};
        const arma::uvec xor_labels = {0, 1, 1, 0};

        // ---------------------------------------------------------------- 1. XOR
        prog.say("== 1. XOR ==");
        {   // the network of the notes, weights set by hand
            nn::Mlp hand({2, 2, 1}, nn::Activation::ReLU, nn::Activation::Identity);
            hand.layer(0).W = {{1, 1}, {1, 1}};
            hand.layer(0).b = arma::mat(arma::vec{0.0, -1.0});
            hand.layer(1).W = {{1, -2}};
            hand.layer(1).b = arma::mat(arma::vec{0.0});
            const arma::mat out = hand.predict(xor_X);
            prog.say("ReLU network by hand (W = [[1,1],[1,1]], b = [0,-1], w = [1,-2]): outputs for "
                     "00 01 10 11 = " + nn::fmt(out(0)) + " " + nn::fmt(out(1)) + " " + nn::fmt(out(2)) +
                     " " + nn::fmt(out(3)));
        }
        const nn::Activation hidden = nn::parse_activation(hidden_name);
        nn::Mlp xor_net({2, width, 1}, hidden, nn::Activation::Sigmoid, nn::parse_init(init_name));
        prog.say("learning XOR: " + xor_net.summary() + ", binary cross-entropy, full-batch gradient "
                 "descent, lr " + nn::fmt(o.lr) + ", " + std::to_string(o.epochs) + " epochs");
        nn::EpochLogger log(o.epochs, o.quiet);
        nn::TrainOptions topt;
        topt.loss = nn::Loss::BCE;
        topt.epochs = o.epochs;
        topt.lr = o.lr;
        const int report_every = std::max(1, o.epochs / 10);
        topt.on_epoch = [&](int e, double loss) {
            if (e % report_every == 0 || e == 1 || e == o.epochs) {
                const double acc = nn::accuracy(threshold(xor_net.predict(xor_X)), xor_labels);
                log.epoch(e, "loss " + nn::fmt(loss) + "  accuracy " + nn::fmt(acc));
            }
        };
        const std::vector<double> xor_losses = nn::train_mlp(xor_net, xor_X, xor_Y, topt);
        const arma::mat xor_P = xor_net.predict(xor_X);
        const double xor_acc = nn::accuracy(threshold(xor_P), xor_labels);
        prog.say("XOR outputs for 00 01 10 11: " + nn::fmt(xor_P(0)) + " " + nn::fmt(xor_P(1)) + " " +
                 nn::fmt(xor_P(2)) + " " + nn::fmt(xor_P(3)) + "  ->  accuracy " + nn::fmt(xor_acc));
        metrics.set("accuracy", xor_acc).set("xor_final_loss", xor_losses.back());

        // a wider network on 400 noisy XOR points (or --data FILE.csv): decision regions
        nn::LabelledData train, test;
        std::string region_data = "noisy XOR (400 points)";
        if (o.data.empty()) {
            train = nn::make_noisy_xor(400, 0.35, 0.0);
            test = nn::make_noisy_xor(400, 0.35, 0.0);
        } else {
            nn::LabelledData all = nn::load_csv(o.data);
            // accept -1/+1 labels (chapter 01's files) as 0/1
            if (arma::all((all.y == -1.0) + (all.y == 1.0))) all.y = (all.y + 1.0) / 2.0;
            if (all.X.n_rows != 2)
                throw nn::DataError(o.data + ": need 2 feature columns and a 0/1 label, got " +
                                    std::to_string(all.X.n_rows) + " features");
            const arma::uvec lab = nn::labels_to_indices(all.y, o.data);
            if (lab.max() > 1) throw nn::DataError(o.data + ": labels must be 0 or 1 for this network");
            const nn::Split sp = nn::train_valid_split(all.X.n_cols, 0.25);
            train.X = all.X.cols(sp.train);
            train.y = all.y.cols(sp.train);
            test.X = all.X.cols(sp.valid);
            test.y = all.y.cols(sp.valid);
            region_data = o.data + " (" + std::to_string(train.X.n_cols) + " train, " +
                          std::to_string(test.X.n_cols) + " test points)";
        }
        nn::Mlp region_net({2, 8, 1}, hidden, nn::Activation::Sigmoid, nn::parse_init(init_name));
        nn::TrainOptions ropt;
        ropt.loss = nn::Loss::BCE;
        ropt.epochs = 200;
        ropt.lr = 0.1;
        ropt.batch_size = 16;
        nn::train_mlp(region_net, train.X, arma::mat(train.y), ropt);
        const arma::uvec train_labels = arma::conv_to<arma::uvec>::from(train.y.t());
        const arma::uvec test_labels = arma::conv_to<arma::uvec>::from(test.y.t());
        const double noisy_train_acc = nn::accuracy(threshold(region_net.predict(train.X)), train_labels);
        const double noisy_test_acc = nn::accuracy(threshold(region_net.predict(test.X)), test_labels);
        prog.say(region_data + ", " + region_net.summary() + ", mini-batches of 16, 200 epochs: "
                 "train accuracy " + nn::fmt(noisy_train_acc) + ", test accuracy " + nn::fmt(noisy_test_acc));
        metrics.set("noisy_xor_train_accuracy", noisy_train_acc).set("noisy_xor_test_accuracy", noisy_test_acc);
        {
            const nn::plot::Grid g = nn::plot::grid(train.X, 150);
            const arma::umat cls = nn::plot::grid_classes(threshold(region_net.predict(g.points)), 150);
            nn::plot::ScatterOptions so;
            so.title = "Decision regions of a 2-8-1 " + hidden_name + " MLP" +
                       (o.data.empty() ? std::string(" on noisy XOR") : std::string());
            if (o.data.empty()) so.class_names = {"same signs (0)", "different signs (1)"};
            nn::plot::regions(o.out, "ch03_xor_regions", train.X, train_labels, g.xs, g.ys, cls, so);
        }

        // ---------------------------------------------------------------- 2. universal approximation
        prog.say("\n== 2. Universal approximation: one hidden layer of k tanh units fitting sin(2x) ==");
        const arma::mat ux = arma::linspace<arma::rowvec>(-M_PI, M_PI, 200);
        const arma::mat uy = arma::sin(2.0 * ux);
        const arma::mat ux_in = ux / M_PI;   // the network sees x scaled to [-1, 1]
        std::vector<nn::plot::Series> fits;
        fits.push_back({"target sin(2x)", ux.row(0).t(), uy.row(0).t(), "lines"});
        std::vector<nn::Json> per_k;
        for (arma::uword k : ks) {
            // plain SGD can stall in a poor local minimum: keep the best of a few random starts
            double mse = arma::datum::inf;
            arma::mat fit;
            std::size_t params = 0;
            for (int start = 0; start < approx_starts; ++start) {
                nn::Mlp net({1, k, 1}, nn::Activation::Tanh, nn::Activation::Identity, nn::Init::Xavier);
                nn::TrainOptions u;
                u.loss = nn::Loss::MSE;
                u.epochs = approx_epochs;
                u.lr = 0.03;
                u.batch_size = 20;
                nn::train_mlp(net, ux_in, uy, u);
                const arma::mat f = net.predict(ux_in);
                const double m = nn::mse_loss(f, uy);
                if (m < mse) {
                    mse = m;
                    fit = f;
                }
                params = net.num_parameters();
            }
            prog.say("k = " + std::to_string(k) + std::string(k < 10 ? "  " : " ") + ": " +
                     std::to_string(params) + " parameters, final MSE " + nn::fmt(mse) + " (best of " +
                     std::to_string(approx_starts) + " starts)");
            fits.push_back({"k = " + std::to_string(k), ux.row(0).t(), fit.row(0).t(), "lines"});
            nn::Json j;
            j.set("k", static_cast<unsigned long>(k)).set("mse", mse);
            per_k.push_back(j);
        }
        metrics.set("universal_approximation", per_k);
        {
            nn::plot::LineOptions lo;
            lo.title = "One hidden layer of k tanh units fitting sin(2x)";
            lo.xlabel = "x";
            lo.ylabel = "y";
            nn::plot::lines(o.out, "ch03_universal_approx", fits, lo);
        }

        // ---------------------------------------------------------------- 3. activations compared
        prog.say("\n== 3. Sigmoid vs tanh vs ReLU: 2-16-16-1 on two moons, BCE, mini-batches of 32, lr 0.1 ==");
        const nn::LabelledData moons = nn::make_moons(512, 0.15);
        const arma::mat moons_Y = arma::mat(moons.y);
        const arma::uvec moons_labels = arma::conv_to<arma::uvec>::from(moons.y.t());
        std::vector<nn::plot::Series> curves;
        nn::Json cmp;
        for (const std::string name : {"sigmoid", "tanh", "relu"}) {
            const nn::Activation a = nn::parse_activation(name);
            nn::seed_all(o.seed + 1);   // same data order and same random draws for each activation
            // the recommended initialisation for each: Xavier for sigmoid/tanh, He for ReLU
            nn::Mlp net({2, 16, 16, 1}, a, nn::Activation::Sigmoid,
                        a == nn::Activation::ReLU ? nn::Init::He : nn::Init::Xavier);
            nn::TrainOptions c;
            c.loss = nn::Loss::BCE;
            c.epochs = compare_epochs;
            c.lr = 0.1;
            c.batch_size = 32;
            const std::vector<double> losses = nn::train_mlp(net, moons.X, moons_Y, c);
            const double acc = nn::accuracy(threshold(net.predict(moons.X)), moons_labels);
            prog.say(std::string(name) + std::string(8 - std::string(name).size(), ' ') + ": loss after 10 epochs " +
                     nn::fmt(losses.at(std::min<std::size_t>(9, losses.size() - 1))) + ", final loss " +
                     nn::fmt(losses.back()) + ", accuracy " + nn::fmt(acc));
            curves.push_back({name, arma::regspace<arma::vec>(1, static_cast<double>(losses.size())),
                              arma::vec(losses), "lines"});
            nn::Json j;
            j.set("final_loss", losses.back()).set("accuracy", acc);
            cmp.set(name, j);
        }
        metrics.set("activations", cmp);
        {
            nn::plot::LineOptions lo;
            lo.title = "Training loss on two moons: same network, three hidden activations";
            lo.xlabel = "epoch";
            lo.ylabel = "binary cross-entropy";
            lo.logy = true;
            nn::plot::lines(o.out, "ch03_activation_curves", curves, lo);
        }

        // ---------------------------------------------------------------- 4. zero initialisation
        prog.say("\n== 4. Zero initialisation: 2-4-1 sigmoid network on the data of part 1, " +
                 std::to_string(compare_epochs) + " epochs ==");
        nn::Json zero_json;
        arma::mat both(4, 6, arma::fill::zeros);
        for (const nn::Init init : {nn::Init::Zero, nn::Init::Xavier}) {
            nn::seed_all(o.seed);
            nn::Mlp net({2, 4, 1}, nn::Activation::Sigmoid, nn::Activation::Sigmoid, init);
            nn::TrainOptions z;
            z.loss = nn::Loss::BCE;
            z.epochs = compare_epochs;
            z.lr = 1.0;
            z.batch_size = 16;
            const std::vector<double> losses = nn::train_mlp(net, train.X, arma::mat(train.y), z);
            const arma::mat W1b = arma::join_rows(net.layer(0).W, net.layer(0).b);   // 4 x 3: w1 w2 b
            both.cols(init == nn::Init::Zero ? 0 : 3, init == nn::Init::Zero ? 2 : 5) = W1b;
            // are the hidden units identical? (largest difference between any row and the first)
            double spread = 0;
            for (arma::uword j = 1; j < W1b.n_rows; ++j) spread = std::max(spread, arma::abs(W1b.row(j) - W1b.row(0)).max());
            const double acc = nn::accuracy(threshold(net.predict(train.X)), train_labels);
            prog.say(nn::init_name(init) + " init: final loss " + nn::fmt(losses.back()) + ", accuracy " +
                     nn::fmt(acc) + ", largest difference between hidden units " + nn::fmt(spread, 3) +
                     "\n    hidden layer [w1, w2, b] per unit:\n" + matrix_rows(W1b));
            nn::Json j;
            j.set("final_loss", losses.back()).set("accuracy", acc).set("hidden_unit_spread", spread);
            zero_json.set(nn::init_name(init), j);
        }
        metrics.set("zero_init", zero_json);
        {
            nn::plot::HeatOptions ho;
            ho.title = "Hidden-layer weights after training: zero init (left) vs Xavier init (right)";
            ho.xtics = {"zero: w1", "zero: w2", "zero: b", "xavier: w1", "xavier: w2", "xavier: b"};
            ho.ytics = {"unit 1", "unit 2", "unit 3", "unit 4"};
            ho.show_values = true;
            nn::plot::heatmap(o.out, "ch03_zero_init_weights", both, ho);
        }

        const double seconds = total.seconds();
        metrics.set("seconds", seconds);
        prog.write_metrics(metrics);
        std::cout << "ch03_mlp: XOR accuracy " << nn::fmt(xor_acc) << (o.data.empty() ? ", noisy XOR test accuracy " : ", test accuracy on --data ")
                  << nn::fmt(noisy_test_acc) << ", " << nn::fmt(seconds, 3) << " s; plots in " << o.out
                  << std::endl;
        return 0;
    });
}
