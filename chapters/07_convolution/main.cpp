// Chapter 07 program: convolution on Fashion-MNIST.
//   1. Hand-made 3x3 filters (edges, outline, blur, sharpen, emboss) applied to one image by a
//      Conv2d layer with 7 output channels: the feature maps as an image grid.
//   2. The naive loops against im2col + GEMM: forward + backward of the CNN's convolution on a
//      batch, timed, checked equal, and the ratio printed.
//   3. A small CNN, conv -> ReLU -> dense -> softmax cross-entropy, trained with Adam (chapter 04's
//      Optimizer and cosine schedule): per-epoch lines, test accuracy, the loss curve, the learned
//      filters and the feature maps of one test image.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "classifier.hpp"
#include "conv.hpp"
#include "mlp.hpp"
#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/plot.hpp"
#include "nn/preprocess.hpp"
#include "optim.hpp"
#include "softmax.hpp"

namespace {

// A convolution, a ReLU and a dense layer to the 10 logits, with the buffers of a training
// step (kept between batches: no allocation once the first batch has run).
struct SmallCnn {
    nn::Conv2d conv;
    nn::Dense fc;
    arma::mat Z1, A1, Z2, dZ2, dA1, D1, dZ1;  // conv output, ReLU, logits, and their gradients
    std::vector<nn::ParamRef> params;

    SmallCnn(arma::uword filters, const nn::ConvGeometry& g, nn::ConvAlgo algo)
        : conv(nn::ImageShape{1, 28, 28}, filters, g, algo), fc(conv.out_shape().size(), 10) {
        conv.init(nn::Init::He);
        fc.init(nn::Init::He);
        params = conv.parameters("conv");
        params.push_back({&fc.W, &fc.dW, false, "fc.W"});
        params.push_back({&fc.b, &fc.db, true, "fc.b"});
    }
    SmallCnn(const SmallCnn&) = delete;  // params points into this object

    // X (784 x B) -> Z2 (10 x B)
    void forward(const arma::mat& X) {
        conv.forward(X, Z1);                                          // Z1 = conv(X)   (C*14*14 x B)
        nn::activation_forward(nn::Activation::ReLU, 0.0, Z1, A1);    // A1 = ReLU(Z1), already flat
        fc.forward(A1, Z2);                                           // Z2 = W A1 + b  (10 x B)
    }

    // one step of training on a batch; returns the loss before the step
    double train_batch(const arma::mat& X, const arma::uvec& y, nn::Optimizer& opt, const std::string& where) {
        forward(X);
        const double loss = nn::softmax_cross_entropy(Z2, y, dZ2);    // dZ2 = (P - Y)/B
        nn::require_finite(loss, where, "lower --lr");
        fc.backward(dZ2, dA1);                                        // dA1 = Wᵀ dZ2
        nn::activation_derivative(nn::Activation::ReLU, 0.0, Z1, D1);
        dZ1 = dA1 % D1;                                               // dZ1 = dA1 ⊙ ReLU'(Z1)
        conv.backward(dZ1);                                           // dW, db of the filters (no dX needed)
        opt.step(params);
        return loss;
    }
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
arma::vec half_size(const arma::vec& img, arma::uword h, arma::uword w) {
    arma::vec out((h / 2) * (w / 2));
    for (arma::uword y = 0; y < h / 2; ++y)
        for (arma::uword x = 0; x < w / 2; ++x)
            out(y * (w / 2) + x) = 0.25 * (img((2 * y) * w + 2 * x) + img((2 * y) * w + 2 * x + 1) +
                                           img((2 * y + 1) * w + 2 * x) + img((2 * y + 1) * w + 2 * x + 1));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog("ch07_convolution",
                     "Convolution on Fashion-MNIST: hand-made filters, naive loops vs im2col + GEMM, and a small CNN.");
    prog.defaults.epochs = 3;
    prog.defaults.lr = 0.002;
    prog.add_common();
    arma::uword train_size = 60000, test_size = 10000, batch = 64, filters = 16, kernel = 5, stride = 2;
    arma::uword image = 0, timing_batch = 64;
    std::string algo_text = "im2col";
    prog.app.add_option("--train-size", train_size, "Training images used (at most 60000)")
        ->check(nn::positive_integer())
        ->capture_default_str();
    prog.app.add_option("--test-size", test_size, "Test images used (at most 10000)")
        ->check(nn::positive_integer())
        ->capture_default_str();
    prog.app.add_option("--batch", batch, "Mini-batch size")->check(nn::positive_integer())->capture_default_str();
    prog.app.add_option("--filters", filters, "Output channels of the convolution")
        ->check(nn::positive_integer())
        ->capture_default_str();
    prog.app.add_option("--kernel", kernel, "Kernel size k (k x k); padding is k/2")
        ->check(CLI::Range(1, 27))
        ->capture_default_str();
    prog.app.add_option("--stride", stride, "Stride of the convolution")->check(CLI::Range(1, 28))->capture_default_str();
    prog.app.add_option("--algo", algo_text, "How the CNN convolves: im2col (fast) or naive (the definition; slow)")
        ->check(CLI::IsMember({"im2col", "naive"}))
        ->capture_default_str();
    prog.app.add_option("--image", image, "Index of the test image for the filter pictures")->capture_default_str();
    prog.app.add_option("--timing-batch", timing_batch, "Batch size of the naive vs im2col timing")
        ->check(nn::positive_integer())
        ->capture_default_str();
    prog.app.footer("Data: Fashion-MNIST from --data DIR, NN_DATA_DIR or /usr/share/datasets/fashion-mnist\n"
                    "(apt-get install dataset-fashion-mnist).");

    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::Timer wall;
        if (o.epochs < 1) throw CLI::ValidationError("--epochs", "must be at least 1");
        if (!(o.lr > 0)) throw CLI::ValidationError("--lr", "must be positive");

        // ---------------------------------------------------------------- data
        const std::string dir = nn::fashion_mnist_dir(o.data);
        nn::FashionMnist fm = nn::load_fashion_mnist(dir, std::min<arma::uword>(train_size, 60000),
                                                     std::min<arma::uword>(test_size, 10000));
        const std::vector<std::string>& classes = nn::fashion_mnist_classes();
        if (image >= fm.test_X.n_cols)
            throw std::invalid_argument("--image " + std::to_string(image) + " is not one of the " +
                                        std::to_string(fm.test_X.n_cols) + " test images loaded");
        // one global shift and scale (mean 0, variance 1 over the training pixels), as in chapter 04
        const double mean = arma::mean(arma::vectorise(fm.train_X));
        const double sd = arma::stddev(arma::vectorise(fm.train_X));
        const arma::mat Xtr = (fm.train_X - mean) / sd;
        const arma::mat Xte = (fm.test_X - mean) / sd;
        prog.say("Fashion-MNIST from " + dir + ": " + std::to_string(Xtr.n_cols) + " training and " +
                 std::to_string(Xte.n_cols) + " test images of 1x28x28 (loaded in " + nn::fmt(wall.seconds(), 2) + " s)");
        const nn::ImageShape img_shape{1, 28, 28};

        // ---------------------------------------------------------------- 1. hand-made filters
        // Seven 3x3 filters as the rows of W of one Conv2d layer (1 -> 7 channels, padding 1: 28x28 maps).
        const std::vector<std::pair<std::string, arma::mat>> hand = {
            {"vertical edges (Sobel x)", {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}}},
            {"horizontal edges (Sobel y)", {{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}}},
            {"diagonal edges", {{0, 1, 2}, {-1, 0, 1}, {-2, -1, 0}}},
            {"outline (Laplacian)", {{0, -1, 0}, {-1, 4, -1}, {0, -1, 0}}},
            {"blur (3x3 mean)", arma::mat(3, 3, arma::fill::value(1.0 / 9.0))},
            {"sharpen", {{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}}},
            {"emboss", {{-2, -1, 0}, {-1, 1, 1}, {0, 1, 2}}},
        };
        nn::Conv2d demo(img_shape, hand.size(), 3, 1, 1);
        for (arma::uword f = 0; f < hand.size(); ++f) demo.W.row(f) = arma::vectorise(hand[f].second.t()).t();
        const arma::mat one = fm.test_X.col(image);  // raw pixels in [0, 1]
        arma::mat maps;
        demo.forward(one, maps);  // (7*28*28) x 1
        arma::mat panels(784, hand.size() + 1);
        std::vector<std::string> captions{"input: " + classes[fm.test_y(image)]};
        panels.col(0) = one;
        for (arma::uword f = 0; f < hand.size(); ++f) {
            panels.col(f + 1) = maps.rows(f * 784, f * 784 + 783);
            captions.push_back(hand[f].first);
        }
        nn::plot::image_grid(o.out, "ch07_hand_filters", normalise_columns(panels), 28, 28, 4, captions,
                             "Hand-made 3x3 filters on one test image (each panel scaled to its largest |value|)",
                             true, "value / largest |value|");
        prog.say("hand-made filters: 7 output channels of one Conv2d (1x28x28 -> 7x28x28, k3 p1), " +
                 std::to_string(demo.num_parameters()) + " parameters");

        // ---------------------------------------------------------------- 2. naive vs im2col
        const nn::ConvGeometry g{kernel, stride, kernel / 2, 1};
        double naive_s = 0, im2col_s = 0, max_diff = 0;
        {
            nn::Conv2d fast(img_shape, filters, g, nn::ConvAlgo::Im2col), slow(img_shape, filters, g, nn::ConvAlgo::Naive);
            fast.init(nn::Init::He);
            slow.W = fast.W;
            const arma::mat Xb = Xtr.cols(0, std::min<arma::uword>(timing_batch, Xtr.n_cols) - 1);
            arma::mat Yf, Ys, dXf, dXs;
            fast.forward(Xb, Yf);
            const arma::mat dY(Yf.n_rows, Yf.n_cols, arma::fill::randn);
            fast.backward(dY, dXf);  // warm-up: workspaces allocated here
            im2col_s = nn::median_seconds(9, [&] { fast.forward(Xb, Yf); fast.backward(dY, dXf); });
            naive_s = nn::median_seconds(3, [&] { slow.forward(Xb, Ys); slow.backward(dY, dXs); });
            max_diff = std::max({arma::abs(Yf - Ys).max(), arma::abs(dXf - dXs).max(),
                                 arma::abs(fast.dW - slow.dW).max(), arma::abs(fast.db - slow.db).max()});
            std::cout << "forward + backward of " << fast.summary() << " on a batch of " << Xb.n_cols << ":\n"
                      << "  naive loops " << nn::fmt(1e3 * naive_s, 3) << " ms, im2col + GEMM "
                      << nn::fmt(1e3 * im2col_s, 3) << " ms: im2col is " << nn::fmt(naive_s / im2col_s, 3)
                      << " times faster; largest difference of Y, dX, dW, db " << nn::fmt(max_diff, 2) << std::endl;
        }

        // ---------------------------------------------------------------- 3. a small CNN
        SmallCnn net(filters, g, nn::parse_conv_algo(algo_text));
        const arma::uword dense_equiv = 784 * net.conv.out_shape().size() + net.conv.out_shape().size();
        prog.say("CNN: " + net.conv.summary() + " -> ReLU -> dense " + std::to_string(net.fc.n_in()) + " -> 10 (" +
                 std::to_string(net.fc.W.n_elem + net.fc.b.n_elem) + " parameters) -> softmax; a dense layer with the "
                 "same output as the convolution would need " + std::to_string(dense_equiv) + " parameters");
        prog.say("Adam, lr " + nn::fmt(o.lr, 3) + " (cosine schedule), batch " + std::to_string(batch) + ", " +
                 std::to_string(o.epochs) + " epochs");
        nn::Optimizer opt({nn::OptimizerKind::Adam, o.lr});
        nn::MiniBatcher batches(Xtr.n_cols, batch);
        nn::EpochLogger log(o.epochs, o.quiet);
        arma::mat Xb;
        arma::uvec yb;
        const auto evaluate = [&](const arma::mat& X, const arma::uvec& y, arma::uvec* predicted) {
            nn::ClassStats st;
            arma::mat dZ;
            if (predicted) predicted->set_size(X.n_cols);
            for (arma::uword a = 0; a < X.n_cols; a += 1000) {
                const arma::uword e = std::min<arma::uword>(a + 1000, X.n_cols) - 1;
                net.forward(X.cols(a, e));
                const arma::uvec yc = y.subvec(a, e);
                st.loss += nn::softmax_cross_entropy(net.Z2, yc, dZ) * (e - a + 1);
                st.accuracy += nn::count_correct(net.Z2, yc);
                if (predicted) predicted->subvec(a, e) = arma::index_max(net.Z2, 0).t();
            }
            st.loss /= X.n_cols;
            st.accuracy /= X.n_cols;
            return st;
        };
        const arma::uword window = std::max<arma::uword>(1, std::min<arma::uword>(50, batches.num_batches() / 4));
        std::vector<double> curve_x, curve_y, ep_x, tr_loss, te_loss, te_acc;
        double train_seconds = 0, window_sum = 0;
        arma::uword window_n = 0;
        nn::ClassStats test;
        // Epoch 0 of the test curve: the loss of the untrained network.
        const double test_loss0 = evaluate(Xte, fm.test_y, nullptr).loss;
        double initial_loss = 0;  // of the first batch, before the first step: 10^6 times it is divergence
        for (int e = 1; e <= o.epochs; ++e) {
            opt.set_lr(nn::scheduled_lr(nn::Schedule::Cosine, o.lr, e, o.epochs));
            nn::Timer t;
            batches.shuffle();
            double sum = 0;
            arma::uword correct = 0;
            const arma::uword nb = batches.num_batches();
            for (arma::uword bi = 0; bi < nb; ++bi) {
                batches.fill(bi, Xtr, Xb);
                batches.fill(bi, fm.train_y, yb);
                const double loss =
                    net.train_batch(Xb, yb, opt, "epoch " + std::to_string(e) + " batch " + std::to_string(bi + 1));
                if (e == 1 && bi == 0) initial_loss = loss;
                correct += nn::count_correct(net.Z2, yb);
                sum += loss * Xb.n_cols;
                window_sum += loss;
                if (++window_n == window) {
                    curve_x.push_back(e - 1 + double(bi + 1) / nb);
                    curve_y.push_back(window_sum / window);
                    window_sum = 0;
                    window_n = 0;
                }
                log.progress(bi + 1, nb);
            }
            train_seconds += t.seconds();
            test = evaluate(Xte, fm.test_y, nullptr);
            ep_x.push_back(e);
            nn::require_not_diverged(sum / Xtr.n_cols, initial_loss, "epoch " + std::to_string(e), "lower --lr");
            tr_loss.push_back(sum / Xtr.n_cols);
            te_loss.push_back(test.loss);
            te_acc.push_back(test.accuracy);
            log.epoch(e, "lr " + nn::fmt(opt.lr(), 3) + "  train loss " + nn::fmt(tr_loss.back(), 4) + "  acc " +
                             nn::fmt(double(correct) / Xtr.n_cols, 4) + "  |  test loss " + nn::fmt(test.loss, 4) +
                             "  acc " + nn::fmt(test.accuracy, 4) + "  (" + nn::fmt(t.seconds(), 3) + " s)");
        }
        std::cout << "test accuracy " << nn::fmt(test.accuracy, 4) << " (" << std::lround(test.accuracy * Xte.n_cols)
                  << " of " << Xte.n_cols << "), test loss " << nn::fmt(test.loss, 4) << "; "
                  << nn::fmt(train_seconds / o.epochs, 3) << " s per training epoch, " << nn::fmt(wall.seconds(), 3)
                  << " s in all" << std::endl;

        // ---------------------------------------------------------------- plots
        nn::plot::LineOptions lo;
        lo.title = "Small CNN on Fashion-MNIST: cross-entropy during training";
        lo.xlabel = "epoch";
        lo.ylabel = "mean cross-entropy (log scale)";
        lo.logy = true;  // from the untrained network's 3 down to 0.2: both ends readable
        lo.ymin = 0.1;
        lo.ymax = 10;
        nn::plot::lines(o.out, "ch07_loss",
                        {{"train (mean of " + std::to_string(window) + " batches)", arma::vec(curve_x), arma::vec(curve_y), "lines"},
                         {"test (before training, then after each epoch)",
                          arma::join_cols(arma::vec{0.0}, arma::vec(ep_x)),
                          arma::join_cols(arma::vec{test_loss0}, arma::vec(te_loss)), "points"}},
                        lo);
        const arma::uword k = g.kernel;
        std::vector<std::string> fcap;
        for (arma::uword f = 0; f < filters; ++f) fcap.push_back("filter " + std::to_string(f));
        nn::plot::image_grid(o.out, "ch07_learned_filters", normalise_columns(net.conv.W.t()), k, k,
                             std::min<arma::uword>(8, filters), fcap,
                             "The " + std::to_string(filters) + " learned " + std::to_string(k) + "x" + std::to_string(k) +
                                 " filters (each scaled to its largest |weight|; red > 0, blue < 0)",
                             true, "weight / largest |weight|");
        // feature maps of the chosen test image after the ReLU
        net.forward(Xte.col(image));
        const nn::ImageShape os = net.conv.out_shape();
        arma::mat fmaps(os.plane(), filters + 1);
        std::vector<std::string> mcap;
        if (os.height * 2 == 28 && os.width * 2 == 28) {
            fmaps.col(0) = half_size(fm.test_X.col(image), 28, 28);
            mcap.push_back("input (2x2 means)");
        } else {
            fmaps.col(0).zeros();
            mcap.push_back("(input not shown)");
            if (os.plane() == 784) fmaps.col(0) = fm.test_X.col(image), mcap.back() = "input";
        }
        for (arma::uword f = 0; f < filters; ++f) {
            fmaps.col(f + 1) = net.A1.rows(f * os.plane(), (f + 1) * os.plane() - 1);
            const double mx = fmaps.col(f + 1).max();
            if (mx > 0) fmaps.col(f + 1) /= mx;
            mcap.push_back("map " + std::to_string(f));
        }
        nn::plot::image_grid(o.out, "ch07_feature_maps", fmaps, os.height, os.width, std::min<arma::uword>(9, filters + 1),
                             mcap,
                             "Feature maps (after ReLU) of a test image (" + classes[fm.test_y(image)] +
                                 "), each scaled to its maximum",
                             false, "response / its maximum (white = strong)");

        // ---------------------------------------------------------------- metrics
        nn::Json m;
        m.set("train_size", static_cast<unsigned long>(Xtr.n_cols))
            .set("test_size", static_cast<unsigned long>(Xte.n_cols))
            .set("epochs", o.epochs)
            .set("lr", o.lr)
            .set("batch_size", static_cast<unsigned long>(batch))
            .set("conv", net.conv.summary())
            .set("conv_parameters", static_cast<unsigned long>(net.conv.num_parameters()))
            .set("dense_parameters", static_cast<unsigned long>(net.fc.W.n_elem + net.fc.b.n_elem))
            .set("train_loss", tr_loss.back())
            .set("test_loss", test.loss)
            .set("test_accuracy", test.accuracy)
            .set("test_accuracy_per_epoch", te_acc)
            .set("train_loss_per_epoch", tr_loss)
            .set("timing_batch", static_cast<unsigned long>(std::min<arma::uword>(timing_batch, Xtr.n_cols)))
            .set("naive_seconds", naive_s)
            .set("im2col_seconds", im2col_s)
            .set("naive_over_im2col_seconds_ratio", naive_s / im2col_s)
            .set("naive_equals_im2col", max_diff < 1e-9)
            .set("seconds_per_epoch", train_seconds / o.epochs)
            .set("seconds", wall.seconds());
        prog.write_metrics(m);
        return 0;
    });
}
