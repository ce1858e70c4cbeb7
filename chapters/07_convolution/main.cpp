// Chapter 07 program — convolution on Fashion-MNIST: hand-made filters, the naive loops
// against im2col + GEMM, and a small CNN (conv -> ReLU -> dense) built as an nn::Sequential.
// Demonstrations: hand_filters, naive_vs_im2col, train_cnn, draw_learned;
// run  build/bin/ch07_convolution --help
#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "classifier.hpp"
#include "conv.hpp"
#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/plot.hpp"
#include "nn/preprocess.hpp"
#include "optim.hpp"
#include "sequential.hpp"
#include "softmax.hpp"

namespace {

struct Options {
    arma::uword train_size = 60000, test_size = 10000, batch = 64, filters = 16, kernel = 5,
                stride = 2;
    arma::uword image = 0, timing_batch = 64;
    std::string algo = "im2col";
};

struct Data {
    nn::FashionMnist fm;  // raw pixels in [0, 1]
    arma::mat Xtr, Xte;   // standardised: mean 0, variance 1 over the training pixels
};

// Scale every column to [-1, 1] by its largest |value| (one colour scale per panel).
arma::mat normalise_columns(arma::mat M) {
    for (arma::uword j = 0; j < M.n_cols; ++j) {
        const double a = arma::abs(M.col(j)).max();
        if (a > 0) M.col(j) /= a;
    }
    return M;
}

// Mean over 2x2 blocks of a 28x28 image (one column): 196 values, to show it next to 14x14 maps.
arma::vec half_size(const arma::vec& img) {
    arma::vec out(14 * 14);
    for (arma::uword y = 0; y < 14; ++y)
        for (arma::uword x = 0; x < 14; ++x)
            out(y * 14 + x) =
                0.25 * (img(2 * y * 28 + 2 * x) + img(2 * y * 28 + 2 * x + 1) +
                        img((2 * y + 1) * 28 + 2 * x) + img((2 * y + 1) * 28 + 2 * x + 1));
    return out;
}

// Demonstration 1: seven hand-made 3x3 filters as the rows of W of one Conv2d (1 -> 7
// channels, padding 1: 28x28 maps), applied to one test image.
void hand_filters(const nn::Program& prog, const std::string& out, const Data& d,
                  arma::uword image) {
    const std::vector<std::pair<std::string, arma::mat>> hand = {
        {"vertical edges (Sobel x)", {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}}},
        {"horizontal edges (Sobel y)", {{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}}},
        {"diagonal edges", {{0, 1, 2}, {-1, 0, 1}, {-2, -1, 0}}},
        {"outline (Laplacian)", {{0, -1, 0}, {-1, 4, -1}, {0, -1, 0}}},
        {"blur (3x3 mean)", arma::mat(3, 3, arma::fill::value(1.0 / 9.0))},
        {"sharpen", {{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}}},
        {"emboss", {{-2, -1, 0}, {-1, 1, 1}, {0, 1, 2}}},
    };
    nn::Conv2d demo(nn::ImageShape{1, 28, 28}, hand.size(), 3, 1, 1);
    for (arma::uword f = 0; f < hand.size(); ++f)
        demo.W.row(f) = arma::vectorise(hand[f].second.t()).t();
    const arma::mat one = d.fm.test_X.col(image);
    arma::mat maps;
    demo.forward(one, maps);  // (7*28*28) x 1
    arma::mat panels(784, hand.size() + 1);
    std::vector<std::string> captions{"input: " + nn::fashion_mnist_classes()[d.fm.test_y(image)]};
    panels.col(0) = one;
    for (arma::uword f = 0; f < hand.size(); ++f) {
        panels.col(f + 1) = maps.rows(f * 784, f * 784 + 783);
        captions.push_back(hand[f].first);
    }
    nn::plot::image_grid(
        out, "ch07_hand_filters", normalise_columns(panels), 28, 28, 4, captions,
        "Hand-made 3x3 filters on one test image (each panel scaled to its largest |value|)", true,
        "value / largest |value|");
    prog.say("hand-made filters: 7 output channels of one Conv2d (1x28x28 -> 7x28x28, k3 p1), " +
             std::to_string(demo.num_parameters()) + " parameters");
}

// Demonstration 2: forward + backward of the CNN's convolution on one batch, by the naive
// loops and by im2col + GEMM: timed and checked equal.
struct Timing {
    double naive_s = 0, im2col_s = 0, max_diff = 0;
    arma::uword batch = 0;
};

Timing naive_vs_im2col(const Data& d, const Options& opt, const nn::ConvGeometry& g) {
    const nn::ImageShape img{1, 28, 28};
    nn::Conv2d fast(img, opt.filters, g, nn::ConvAlgo::Im2col),
        slow(img, opt.filters, g, nn::ConvAlgo::Naive);
    fast.init(nn::Init::He);
    slow.W = fast.W;
    Timing t;
    t.batch = std::min<arma::uword>(opt.timing_batch, d.Xtr.n_cols);
    const arma::mat Xb = d.Xtr.cols(0, t.batch - 1);
    arma::mat Yf, Ys, dXf, dXs;
    fast.forward(Xb, Yf);
    const arma::mat dY(Yf.n_rows, Yf.n_cols, arma::fill::randn);
    fast.backward(dY, dXf);  // warm-up: workspaces allocated here
    t.im2col_s = nn::median_seconds(9, [&] {
        fast.forward(Xb, Yf);
        fast.backward(dY, dXf);
    });
    t.naive_s = nn::median_seconds(3, [&] {
        slow.forward(Xb, Ys);
        slow.backward(dY, dXs);
    });
    t.max_diff = std::max({arma::abs(Yf - Ys).max(), arma::abs(dXf - dXs).max(),
                           arma::abs(fast.dW - slow.dW).max(), arma::abs(fast.db - slow.db).max()});
    std::cout << "forward + backward of " << fast.summary() << " on a batch of " << t.batch << ":\n"
              << "  naive loops " << nn::fmt(1e3 * t.naive_s, 3) << " ms, im2col + GEMM "
              << nn::fmt(1e3 * t.im2col_s, 3) << " ms: im2col is "
              << nn::fmt(t.naive_s / t.im2col_s, 3)
              << " times faster; largest difference of Y, dX, dW, db " << nn::fmt(t.max_diff, 2)
              << std::endl;
    return t;
}

// The small CNN: conv -> ReLU -> dense to the 10 logits (layers "conv", "relu", "fc").
nn::Sequential small_cnn(const Options& opt, const nn::ConvGeometry& g) {
    nn::Sequential net;
    nn::Conv2d& conv = net.add("conv", nn::Conv2d(nn::ImageShape{1, 28, 28}, opt.filters, g,
                                                  nn::parse_conv_algo(opt.algo)));
    conv.init(nn::Init::He);
    net.add("relu", nn::ActivationLayer(nn::Activation::ReLU));
    net.add("fc", nn::Dense(conv.out_shape().size(), 10)).init(nn::Init::He);
    return net;
}

// Loss and accuracy of the network on a set, in chunks of 1000 images.
nn::ClassStats evaluate(nn::Sequential& net, const arma::mat& X, const arma::uvec& y) {
    nn::ClassStats st;
    arma::mat logits, dZ;
    for (arma::uword a = 0; a < X.n_cols; a += 1000) {
        const arma::uword e = std::min<arma::uword>(a + 1000, X.n_cols) - 1;
        net.forward(X.cols(a, e), logits);
        const arma::uvec yc = y.subvec(a, e);
        st.loss += nn::softmax_cross_entropy(logits, yc, dZ) * (e - a + 1);
        st.accuracy += nn::count_correct(logits, yc);
    }
    st.loss /= X.n_cols;
    st.accuracy /= X.n_cols;
    return st;
}

// What training recorded: the loss curve (means of `window` batches), per-epoch values.
struct History {
    arma::uword window = 1;
    std::vector<double> curve_x, curve_y, train_loss, test_loss, test_acc;
    double test_loss0 = 0, seconds = 0;  // the untrained network's test loss; training seconds
    nn::ClassStats test;
};

// Demonstration 3: train the CNN with Adam (chapter 04's Optimizer, cosine schedule).
History train_cnn(nn::Sequential& net, const nn::CommonOptions& o, const Options& opt,
                  const Data& d) {
    nn::Optimizer adam({nn::OptimizerKind::Adam, o.lr});
    const std::vector<nn::ParamRef> params = net.parameters();
    nn::MiniBatcher batches(d.Xtr.n_cols, opt.batch);
    nn::EpochLogger log(o.epochs, o.quiet);
    const arma::uword nb = batches.num_batches();
    History h;
    h.window = std::max<arma::uword>(1, std::min<arma::uword>(50, nb / 4));
    h.test_loss0 = evaluate(net, d.Xte, d.fm.test_y).loss;  // epoch 0 of the test curve
    arma::mat Xb, logits, dZ;
    arma::uvec yb;
    double initial_loss = 0, window_sum = 0;  // first batch loss: 10^6 times it is divergence
    arma::uword window_n = 0;
    for (int e = 1; e <= o.epochs; ++e) {
        adam.set_lr(nn::scheduled_lr(nn::Schedule::Cosine, o.lr, e, o.epochs));
        nn::Timer t;
        batches.shuffle();
        double sum = 0;
        arma::uword correct = 0;
        for (arma::uword bi = 0; bi < nb; ++bi) {
            batches.fill(bi, d.Xtr, Xb);
            batches.fill(bi, d.fm.train_y, yb);
            net.forward(Xb, logits);  // logits = fc(ReLU(conv(X)))
            const double loss = nn::softmax_cross_entropy(logits, yb, dZ);  // dZ = (P − Y)/B
            nn::require_finite(loss,
                               "epoch " + std::to_string(e) + " batch " + std::to_string(bi + 1),
                               "lower --lr");
            net.backward(dZ);  // every dW, db (the first layer computes no dX)
            adam.step(params);
            if (e == 1 && bi == 0) initial_loss = loss;
            correct += nn::count_correct(logits, yb);
            sum += loss * Xb.n_cols;
            window_sum += loss;
            if (++window_n == h.window) {
                h.curve_x.push_back(e - 1 + double(bi + 1) / nb);
                h.curve_y.push_back(window_sum / h.window);
                window_sum = 0, window_n = 0;
            }
            log.progress(bi + 1, nb);
        }
        h.seconds += t.seconds();
        h.test = evaluate(net, d.Xte, d.fm.test_y);
        nn::require_not_diverged(sum / d.Xtr.n_cols, initial_loss, "epoch " + std::to_string(e),
                                 "lower --lr");
        h.train_loss.push_back(sum / d.Xtr.n_cols);
        h.test_loss.push_back(h.test.loss);
        h.test_acc.push_back(h.test.accuracy);
        std::ostringstream line;
        line << "lr " << nn::fmt(adam.lr(), 3) << "  train loss " << nn::fmt(h.train_loss.back(), 4)
             << "  acc " << nn::fmt(double(correct) / d.Xtr.n_cols, 4) << "  |  test loss "
             << nn::fmt(h.test.loss, 4) << "  acc " << nn::fmt(h.test.accuracy, 4) << "  ("
             << nn::fmt(t.seconds(), 3) << " s)";
        log.epoch(e, line.str());
    }
    return h;
}

// Demonstration 4: the loss curve, the learned filters, and the feature maps (after the ReLU)
// of one test image.
void draw_learned(const std::string& out, nn::Sequential& net, const Options& opt, const Data& d,
                  const History& h) {
    nn::plot::LineOptions lo;
    lo.title = "Small CNN on Fashion-MNIST: cross-entropy during training";
    lo.xlabel = "epoch";
    lo.ylabel = "mean cross-entropy (log scale)";
    lo.logy = true;  // from the untrained network's 3 down to 0.2: both ends readable
    lo.ymin = 0.1;
    lo.ymax = 10;
    const arma::vec ep_x = arma::regspace<arma::vec>(0, static_cast<double>(h.test_loss.size()));
    nn::plot::lines(out, "ch07_loss",
                    {{"train (mean of " + std::to_string(h.window) + " batches)",
                      arma::vec(h.curve_x), arma::vec(h.curve_y), "lines"},
                     {"test (before training, then after each epoch)", ep_x,
                      arma::join_cols(arma::vec{h.test_loss0}, arma::vec(h.test_loss)), "points"}},
                    lo);
    const auto& conv = dynamic_cast<const nn::Conv2d&>(net.layer(0));
    const arma::uword k = conv.geometry().kernel, F = opt.filters;
    std::vector<std::string> fcap, mcap;
    for (arma::uword f = 0; f < F; ++f) fcap.push_back("filter " + std::to_string(f));
    nn::plot::image_grid(out, "ch07_learned_filters", normalise_columns(conv.W.t()), k, k,
                         std::min<arma::uword>(8, F), fcap,
                         "The " + std::to_string(F) + " learned " + std::to_string(k) + "x" +
                             std::to_string(k) +
                             " filters (each scaled to its largest |weight|; red > 0, blue < 0)",
                         true, "weight / largest |weight|");
    arma::mat logits;
    net.forward(d.Xte.col(opt.image), logits);
    const nn::ImageShape os = conv.out_shape();
    arma::mat fmaps(os.plane(), F + 1, arma::fill::zeros);
    mcap.push_back("(input not shown)");
    if (os.height * 2 == 28 && os.width * 2 == 28) {
        fmaps.col(0) = half_size(d.fm.test_X.col(opt.image));
        mcap[0] = "input (2x2 means)";
    } else if (os.plane() == 784) {
        fmaps.col(0) = d.fm.test_X.col(opt.image);
        mcap[0] = "input";
    }
    const arma::mat& A1 = net.output(1);  // after the ReLU
    for (arma::uword f = 0; f < F; ++f) {
        fmaps.col(f + 1) = A1.rows(f * os.plane(), (f + 1) * os.plane() - 1);
        const double mx = fmaps.col(f + 1).max();
        if (mx > 0) fmaps.col(f + 1) /= mx;
        mcap.push_back("map " + std::to_string(f));
    }
    nn::plot::image_grid(
        out, "ch07_feature_maps", fmaps, os.height, os.width, std::min<arma::uword>(9, F + 1), mcap,
        "Feature maps (after ReLU) of a test image (" +
            nn::fashion_mnist_classes()[d.fm.test_y(opt.image)] + "), each scaled to its maximum",
        false, "response / its maximum (white = strong)");
}

Data load_data(const nn::Program& prog, const nn::CommonOptions& o, const Options& opt) {
    nn::Timer timer;
    const std::string dir = nn::fashion_mnist_dir(o.data);
    Data d{nn::load_fashion_mnist(dir, std::min<arma::uword>(opt.train_size, 60000),
                                  std::min<arma::uword>(opt.test_size, 10000)),
           {},
           {}};
    if (opt.image >= d.fm.test_X.n_cols)
        throw std::invalid_argument("--image " + std::to_string(opt.image) + " is not one of the " +
                                    std::to_string(d.fm.test_X.n_cols) + " test images loaded");
    // one global shift and scale (mean 0, variance 1 over the training pixels), as in chapter 04
    const double mean = arma::mean(arma::vectorise(d.fm.train_X)),
                 sd = arma::stddev(arma::vectorise(d.fm.train_X));
    d.Xtr = (d.fm.train_X - mean) / sd;
    d.Xte = (d.fm.test_X - mean) / sd;
    prog.say("Fashion-MNIST from " + dir + ": " + std::to_string(d.Xtr.n_cols) + " training and " +
             std::to_string(d.Xte.n_cols) + " test images of 1x28x28 (loaded in " +
             nn::fmt(timer.seconds(), 2) + " s)");
    return d;
}

void add_options(CLI::App& app, Options& opt) {
    const auto positive = nn::positive_integer();
    app.add_option("--train-size", opt.train_size, "Training images used (at most 60000)")
        ->check(positive);
    app.add_option("--test-size", opt.test_size, "Test images used (at most 10000)")
        ->check(positive);
    app.add_option("--batch", opt.batch, "Mini-batch size")->check(positive);
    app.add_option("--filters", opt.filters, "Output channels of the convolution")->check(positive);
    app.add_option("--kernel", opt.kernel, "Kernel size k (k x k); padding is k/2")
        ->check(CLI::Range(1, 27));
    app.add_option("--stride", opt.stride, "Stride of the convolution")->check(CLI::Range(1, 28));
    app.add_option("--algo", opt.algo,
                   "How the CNN convolves: im2col (fast) or naive (the definition; slow)")
        ->check(CLI::IsMember({"im2col", "naive"}));
    app.add_option("--image", opt.image, "Index of the test image for the filter pictures");
    app.add_option("--timing-batch", opt.timing_batch, "Batch size of the naive vs im2col timing")
        ->check(positive);
    for (CLI::Option* o : app.get_options()) o->capture_default_str();
    app.footer(
        "Data: Fashion-MNIST from --data DIR, NN_DATA_DIR or /usr/share/datasets/fashion-mnist\n"
        "(apt-get install dataset-fashion-mnist).");
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog(
        "ch07_convolution",
        "Convolution on Fashion-MNIST: hand-made filters, naive loops vs im2col + GEMM, and a small CNN.");
    prog.defaults.epochs = 3;
    prog.defaults.lr = 0.002;
    prog.add_common();
    Options opt;
    add_options(prog.app, opt);

    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::Timer wall;
        if (o.epochs < 1) throw CLI::ValidationError("--epochs", "must be at least 1");
        if (!(o.lr > 0)) throw CLI::ValidationError("--lr", "must be positive");
        const Data d = load_data(prog, o, opt);
        hand_filters(prog, o.out, d, opt.image);  // 1
        const nn::ConvGeometry g{opt.kernel, opt.stride, opt.kernel / 2, 1};
        const Timing timing = naive_vs_im2col(d, opt, g);  // 2
        nn::Sequential net = small_cnn(opt, g);            // 3
        const auto& conv = dynamic_cast<const nn::Conv2d&>(net.layer(0));
        const nn::Layer& fc = net.layer(2);
        const arma::uword fc_params = net.num_parameters() - conv.num_parameters();
        const arma::uword dense_equiv = 784 * conv.out_shape().size() + conv.out_shape().size();
        std::ostringstream about;
        about << "CNN: " << conv.summary() << " -> ReLU -> " << fc.summary()
              << " -> softmax; a dense layer with the "
              << "same output as the convolution would need " << dense_equiv
              << " parameters\nAdam, lr " << nn::fmt(o.lr, 3) << " (cosine schedule), batch "
              << opt.batch << ", " << o.epochs << " epochs";
        prog.say(about.str());
        const History h = train_cnn(net, o, opt, d);
        std::cout << "test accuracy " << nn::fmt(h.test.accuracy, 4) << " ("
                  << std::lround(h.test.accuracy * d.Xte.n_cols) << " of " << d.Xte.n_cols
                  << "), test loss " << nn::fmt(h.test.loss, 4) << "; "
                  << nn::fmt(h.seconds / o.epochs, 3) << " s per training epoch, "
                  << nn::fmt(wall.seconds(), 3) << " s in all" << std::endl;
        draw_learned(o.out, net, opt, d, h);  // 4

        nn::Json m;
        m.set("train_size", d.Xtr.n_cols)
            .set("test_size", d.Xte.n_cols)
            .set("epochs", o.epochs)
            .set("lr", o.lr)
            .set("batch_size", opt.batch)
            .set("conv", conv.summary())
            .set("conv_parameters", conv.num_parameters())
            .set("dense_parameters", fc_params)
            .set("train_loss", h.train_loss.back())
            .set("test_loss", h.test.loss)
            .set("test_accuracy", h.test.accuracy)
            .set("test_accuracy_per_epoch", h.test_acc)
            .set("train_loss_per_epoch", h.train_loss)
            .set("timing_batch", timing.batch)
            .set("naive_seconds", timing.naive_s)
            .set("im2col_seconds", timing.im2col_s)
            .set("naive_over_im2col_seconds_ratio", timing.naive_s / timing.im2col_s)
            .set("naive_equals_im2col", timing.max_diff < 1e-9)
            .set("seconds_per_epoch", h.seconds / o.epochs)
            .set("seconds", wall.seconds());
        prog.write_metrics(m);
        return 0;
    });
}
