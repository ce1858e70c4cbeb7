// Chapter 08 program — pooling: a CNN conv-ReLU-pool-conv-ReLU-pool-dense on Fashion-MNIST,
// what pooling saves downstream, its feature maps, and how much a shift of the images changes.
// Demonstrations: train_network, dense_parameters, draw_feature_maps, shift_study;
// run  build/bin/ch08_pooling --help
// Each network is an nn::Sequential (chapter 07) of Conv2d, ReLU, MaxPool2d/AvgPool2d and
// Dense layers; training, evaluation and the shift study run on two copies of it in two
// threads (nn::DataParallel, common/include/nn/parallel.hpp).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "classifier.hpp"
#include "conv.hpp"
#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/parallel.hpp"
#include "nn/preprocess.hpp"
#include "optim.hpp"
#include "pool.hpp"
#include "program.hpp"  // the program's structs; figures and metrics: program_*.cpp
#include "sequential.hpp"
#include "softmax.hpp"

using namespace ch08;

namespace {

// conv(k, pad k/2) -> ReLU -> [pool 2] -> conv -> ReLU -> [pool 2] -> [dense -> ReLU] -> dense.
// With pool "" the two convolutions take stride 2 instead and there is no pooling layer.
Cnn build_cnn(const Options& opt, const std::string& pool) {
    Cnn c;
    const arma::uword stride = pool.empty() ? 2 : 1, k = opt.kernel;
    const nn::PoolKind kind = pool == "max" ? nn::PoolKind::Max : nn::PoolKind::Average;
    nn::ImageShape in{1, 28, 28};
    for (int block = 1; block <= 2; ++block) {
        const std::string b = std::to_string(block);
        nn::Conv2d& conv =
            c.net.add("conv" + b, nn::Conv2d(in, opt.ch[block - 1], k, stride, k / 2));
        conv.init(nn::Init::He);
        c.net.add("relu" + b, nn::ActivationLayer(nn::Activation::ReLU));
        in = conv.out_shape();
        c.stages.push_back(c.net.size() - 1);
        c.stage_names.push_back(pool.empty() ? "conv" + b + "/s2" : "conv" + b);
        c.shapes.push_back(in);
        if (pool.empty()) continue;
        c.net.append("pool" + b, nn::make_pool2d(kind, in, 2));
        in = nn::ImageShape{in.channels, in.height / 2, in.width / 2};
        c.stages.push_back(c.net.size() - 1);
        c.stage_names.push_back("pool" + b);
        c.shapes.push_back(in);
    }
    const arma::uword out1 = opt.hidden == 0 ? 10 : opt.hidden;
    c.net.add("fc1", nn::Dense(in.size(), out1))
        .init(opt.hidden == 0 ? nn::Init::Xavier : nn::Init::He);
    if (opt.hidden > 0) {
        c.net.add("relu3", nn::ActivationLayer(nn::Activation::ReLU));
        c.net.add("fc2", nn::Dense(opt.hidden, 10)).init(nn::Init::Xavier);
    }
    return c;
}

// A network and its replica (the same architecture; the same weights between steps).
struct Twin {
    Twin(const Options& opt, const std::string& pool)
        : master(build_cnn(opt, pool)),
          replica(build_cnn(opt, pool)),
          dp(master.net, replica.net, opt.threads) {}
    Cnn& copy(int i) { return i == 0 ? master : replica; }
    Cnn master, replica;
    nn::DataParallel dp;
};

// One epoch of mini-batch training (chapter 04's loop), each batch split between the copies.
nn::ClassStats train_epoch(Twin& t, nn::Optimizer& opt, const Data& d, nn::MiniBatcher& mb,
                           int epoch, nn::EpochLogger& log, double* first_batch_loss) {
    arma::mat Xb, logits[2], dZ[2];
    arma::uvec yb;
    double loss[2], loss_sum = 0;
    arma::uword correct[2], correct_sum = 0;
    mb.shuffle();
    for (arma::uword b = 0; b < mb.num_batches(); ++b) {
        mb.fill(b, d.Xtr, Xb);
        mb.fill(b, d.ytr, yb);
        const arma::uword n = yb.n_elem;
        loss[1] = 0, correct[1] = 0;
        t.dp.run(n, [&](int i, nn::Layer& net, arma::uword first, arma::uword last) {
            const arma::uvec yh = yb.subvec(first, last - 1);
            const double share = static_cast<double>(last - first);
            net.forward(Xb.cols(first, last - 1), logits[i]);
            loss[i] = nn::softmax_cross_entropy(logits[i], yh, dZ[i]) * share;  // the half's sum
            correct[i] = nn::count_correct(logits[i], yh);
            dZ[i] *=
                share / static_cast<double>(n);  // its share of ∂(mean loss of the batch)/∂logits
            net.backward(dZ[i]);
        });
        const double batch_loss = (loss[0] + loss[1]) / static_cast<double>(n);
        if (!std::isfinite(batch_loss))
            nn::require_finite(batch_loss,
                               "epoch " + std::to_string(epoch) + " batch " + std::to_string(b + 1),
                               "lower --lr");
        if (first_batch_loss && b == 0) *first_batch_loss = batch_loss;
        loss_sum += batch_loss * static_cast<double>(n);
        correct_sum += correct[0] + correct[1];
        t.dp.add_replica_gradients();  // the gradient of the whole batch
        opt.step(t.dp.parameters());
        t.dp.sync_replica();
        log.progress(b + 1, mb.num_batches());
    }
    const double N = static_cast<double>(d.Xtr.n_cols);
    return {loss_sum / N, static_cast<double>(correct_sum) / N};
}

// Loss, accuracy and (optionally) the predictions on a set: each copy takes one half, in chunks.
nn::ClassStats evaluate(Twin& t, const arma::mat& X, const arma::uvec& y,
                        arma::uvec* predicted = nullptr) {
    const arma::uword N = X.n_cols;
    if (predicted) predicted->set_size(N);
    double loss_sum[2] = {0, 0};
    arma::uword correct[2] = {0, 0};
    t.dp.run(N, [&](int i, nn::Layer& net, arma::uword first, arma::uword last) {
        arma::mat logits, dZ;
        for (arma::uword start = first; start < last; start += 500) {
            const arma::uword stop = std::min(last, start + 500);
            const arma::uvec yb = y.subvec(start, stop - 1);
            net.forward(X.cols(start, stop - 1), logits);
            loss_sum[i] +=
                nn::softmax_cross_entropy(logits, yb, dZ) * static_cast<double>(yb.n_elem);
            correct[i] += nn::count_correct(logits, yb);
            if (predicted) predicted->subvec(start, stop - 1) = arma::index_max(logits, 0).t();
        }
    });
    return {(loss_sum[0] + loss_sum[1]) / static_cast<double>(N),
            static_cast<double>(correct[0] + correct[1]) / static_cast<double>(N)};
}

// Demonstration 1: train one network with Adam and a cosine schedule; its test statistics,
// seconds of training, and the test accuracy after each epoch (printed as "<title>: ...").
Trained train_network(Twin& t, const nn::CommonOptions& o, const Options& opt, const Data& d,
                      const std::string& label, const std::string& title) {
    nn::Optimizer adam({nn::OptimizerKind::Adam, o.lr});
    nn::MiniBatcher mb(d.Xtr.n_cols, opt.batch_size);
    nn::EpochLogger log(o.epochs, o.quiet);
    Trained r;
    double initial_loss =
        0;  // of the first batch, before the first step: 10^6 times it is divergence
    for (int e = 1; e <= o.epochs; ++e) {
        adam.set_lr(nn::scheduled_lr(nn::Schedule::Cosine, o.lr, e, o.epochs));
        nn::Timer timer;
        const nn::ClassStats tr =
            train_epoch(t, adam, d, mb, e, log, e == 1 ? &initial_loss : nullptr);
        nn::require_not_diverged(tr.loss, initial_loss, label + " epoch " + std::to_string(e),
                                 "lower --lr");
        r.seconds += timer.seconds();
        r.test = evaluate(t, d.Xte, d.yte);
        r.test_accuracy.push_back(r.test.accuracy);
        std::ostringstream line;
        line << label << "  lr " << nn::fmt(adam.lr(), 3) << "  train loss " << nn::fmt(tr.loss, 4)
             << "  acc " << nn::fmt(tr.accuracy, 4) << "  |  test loss " << nn::fmt(r.test.loss, 4)
             << "  acc " << nn::fmt(r.test.accuracy, 4);
        log.epoch(e, line.str());
    }
    std::cout << title << ": test accuracy " << nn::fmt(r.test.accuracy, 4) << ", "
              << nn::fmt(r.seconds / o.epochs, 3) << " s per training epoch" << std::endl;
    return r;
}

// Demonstration 2: the parameters of the first dense layer with pooling (it sees C2 x 7 x 7)
// and with neither pooling nor stride (C2 x 28 x 28). Returns {with, without}.
std::pair<arma::uword, arma::uword> dense_parameters(const nn::Program& prog, const Options& opt,
                                                     const Cnn& net) {
    const arma::uword out = opt.hidden == 0 ? 10 : opt.hidden;
    const nn::ImageShape f = net.shapes.back();
    const arma::uword with = f.size() * out + out, without = (opt.ch[1] * 28 * 28) * out + out;
    std::ostringstream os;
    os << "\nfirst dense layer: " << f.size() << " inputs (" << f.str() << ") -> " << with
       << " parameters with pooling; " << opt.ch[1] * 28 * 28 << " inputs (" << opt.ch[1]
       << "x28x28) -> " << without << " parameters without any pooling ("
       << nn::fmt(static_cast<double>(without) / static_cast<double>(with), 3) << " times more)";
    prog.say(os.str());
    return {with, without};
}

// 28 x 28 images (784 x N, row y*28 + x) moved by (dy, dx) pixels; the uncovered border is 0.
arma::mat shift_images(const arma::mat& X, int dy, int dx) {
    arma::mat S(X.n_rows, X.n_cols, arma::fill::zeros);
    for (arma::uword n = 0; n < X.n_cols; ++n)
        for (int y = std::max(0, dy); y < std::min(28, 28 + dy); ++y)
            for (int x = std::max(0, dx); x < std::min(28, 28 + dx); ++x)
                S(y * 28 + x, n) = X((y - dy) * 28 + (x - dx), n);
    return S;
}

// Sum over the columns of ||A_n - B_n|| / ||A_n|| (a column with A_n = 0 counts 0).
double sum_relative_change(const arma::mat& A, const arma::mat& B) {
    double sum = 0;
    for (arma::uword n = 0; n < A.n_cols; ++n) {
        const double a = arma::norm(A.col(n));
        if (a > 0) sum += arma::norm(A.col(n) - B.col(n)) / a;
    }
    return sum;
}

// Demonstration 4 (one network): shift the M raw test images by d = 1, 2, 3 pixels right,
// left, down and up, standardise them, and compare every stage and the prediction with those
// of the unshifted images. Each copy takes one half of the images; their sums are added.
std::vector<ShiftRow> shift_study(Twin& t, const Data& d, arma::uword M,
                                  const std::vector<int>& dists) {
    const int dirs[4][2] = {{0, 1}, {0, -1}, {1, 0}, {-1, 0}};
    const std::size_t S = t.master.stages.size();
    std::vector<ShiftRow> sums[2];  // per copy: sums over its images and the four directions
    t.dp.run(M, [&](int i, nn::Layer&, arma::uword first, arma::uword last) {
        Cnn& c = t.copy(i);
        sums[i].assign(dists.size(), ShiftRow{std::vector<double>(S, 0.0), 0.0, 0.0});
        arma::mat logits;
        for (arma::uword start = first; start < last; start += 500) {
            const arma::uword stop = std::min(last, start + 500);
            const arma::mat rc = d.raw_test.cols(start, stop - 1);
            const arma::uvec yc = d.yte.subvec(start, stop - 1);
            c.net.forward((rc - d.mean) / d.sd, logits);  // the unshifted images
            const arma::uvec pred0 = arma::index_max(logits, 0).t();
            std::vector<arma::mat> maps0;
            for (std::size_t k : c.stages) maps0.push_back(c.net.output(k));
            for (std::size_t di = 0; di < dists.size(); ++di)
                for (const auto& dir : dirs) {
                    c.net.forward(
                        (shift_images(rc, dists[di] * dir[0], dists[di] * dir[1]) - d.mean) / d.sd,
                        logits);
                    ShiftRow& row = sums[i][di];
                    for (std::size_t k = 0; k < S; ++k)
                        row.stage_change[k] +=
                            sum_relative_change(maps0[k], c.net.output(c.stages[k]));
                    const arma::uvec pred = arma::index_max(logits, 0).t();
                    row.prediction_change += static_cast<double>(arma::accu(pred != pred0));
                    row.accuracy += static_cast<double>(arma::accu(pred == yc));
                }
        }
    });
    if (sums[1].empty())
        sums[1].assign(dists.size(), ShiftRow{std::vector<double>(S, 0.0), 0.0, 0.0});
    const double denom =
        4.0 * static_cast<double>(M);  // the means, the replica's sums added second
    std::vector<ShiftRow> rows = sums[0];
    for (std::size_t di = 0; di < rows.size(); ++di) {
        for (std::size_t k = 0; k < S; ++k)
            rows[di].stage_change[k] =
                (rows[di].stage_change[k] + sums[1][di].stage_change[k]) / denom;
        rows[di].prediction_change =
            (rows[di].prediction_change + sums[1][di].prediction_change) / denom;
        rows[di].accuracy = (rows[di].accuracy + sums[1][di].accuracy) / denom;
    }
    return rows;
}

Study study_network(Twin& t, const Data& d, arma::uword M, const std::vector<int>& dists,
                    const std::string& name) {
    arma::uvec pred;
    evaluate(t, d.Xte.cols(0, M - 1), d.yte.subvec(0, M - 1), &pred);
    const double acc0 = arma::mean(arma::conv_to<arma::vec>::from(pred == d.yte.subvec(0, M - 1)));
    return {name, t.master.stage_names, acc0, shift_study(t, d, M, dists)};
}

// The relative change of the input pixels themselves, per distance (mean over the directions).
std::vector<double> input_change(const Data& d, arma::uword M, const std::vector<int>& dists) {
    const arma::mat raw = d.raw_test.cols(0, M - 1);
    std::vector<double> change;
    for (int s : dists) {
        double c = sum_relative_change(raw, shift_images(raw, 0, s)) +
                   sum_relative_change(raw, shift_images(raw, 0, -s)) +
                   sum_relative_change(raw, shift_images(raw, s, 0)) +
                   sum_relative_change(raw, shift_images(raw, -s, 0));
        change.push_back(c / (4.0 * static_cast<double>(M)));
    }
    return change;
}

// Fashion-MNIST, standardised by one global mean and deviation of the training pixels.
Data load_data(const nn::Program& prog, const nn::CommonOptions& o, const Options& opt) {
    nn::Timer timer;
    const std::string dir = nn::fashion_mnist_dir(o.data);
    nn::FashionMnist fm = nn::load_fashion_mnist(dir, opt.train_size);
    Data d;
    d.mean = arma::mean(arma::vectorise(fm.train_X));
    d.sd = arma::stddev(arma::vectorise(fm.train_X));
    d.Xtr = (fm.train_X - d.mean) / d.sd;
    d.Xte = (fm.test_X - d.mean) / d.sd;
    d.raw_test = std::move(fm.test_X);
    d.ytr = std::move(fm.train_y);
    d.yte = std::move(fm.test_y);
    prog.say("Fashion-MNIST from " + dir + ": " + std::to_string(d.Xtr.n_cols) + " training and " +
             std::to_string(d.Xte.n_cols) + " test images (loaded in " +
             nn::fmt(timer.seconds(), 2) + " s)");
    return d;
}

void add_options(CLI::App& app, Options& opt) {
    app.get_option("--lr")->description("Adam's step size at the first epoch (cosine schedule)");
    app.get_option("--data")->description(
        "Fashion-MNIST folder (default: NN_DATA_DIR or /usr/share/datasets/fashion-mnist)");
    app.add_option("--channels", opt.channels_text,
                   "Output channels of the two convolutions, e.g. 8,16");
    app.add_option("--kernel", opt.kernel,
                   "Kernel size k of both convolutions (padding k/2 keeps the size)")
        ->check(CLI::IsMember({1, 3, 5, 7}));
    app.add_option("--hidden", opt.hidden,
                   "Width of a hidden dense layer before the output (0: none)");
    app.add_option("--pool", opt.pool, "Pooling of the main network: max | avg")
        ->check(CLI::IsMember({"max", "avg"}));
    app.add_option("--compare", opt.compare,
                   "Network without pooling for the shift study: stride (the same network with "
                   "stride-2 convolutions instead of pooling) | none (skip it)")
        ->check(CLI::IsMember({"stride", "none"}));
    app.add_option("--batch-size", opt.batch_size, "Samples per mini-batch")
        ->check(nn::positive_integer());
    app.add_option("--train-size", opt.train_size, "Training images used (at most 60000)")
        ->check(CLI::Range(100, 60000));
    app.add_option("--shift-images", opt.shift_count,
                   "Test images of the shift study (at most 10000)")
        ->check(CLI::Range(10, 10000));
    app.add_option(
           "--threads", opt.threads,
           "Threads for training and evaluation: 2 (each mini-batch split between two copies of "
           "the network) | 1 (the two halves one after the other: the same numbers, slower)")
        ->check(CLI::IsMember({1, 2}));
    app.add_option("--image", opt.image, "Index of the test image whose feature maps are drawn")
        ->check(CLI::Range(0, 9999));
    for (CLI::Option* o : app.get_options()) o->capture_default_str();
    app.footer(
        "Data: Fashion-MNIST from --data DIR, NN_DATA_DIR or /usr/share/datasets/fashion-mnist\n"
        "(apt-get install dataset-fashion-mnist).");
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog(
        "ch08_pooling",
        "A CNN conv-ReLU-pool-conv-ReLU-pool-dense on Fashion-MNIST; feature maps before and after "
        "pooling; the effect of a 1-pixel shift with and without pooling.");
    prog.defaults.epochs = 6;
    prog.defaults.lr = 0.003;
    prog.add_common();
    Options opt;
    add_options(prog.app, opt);

    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::Timer wall;
        opt.ch = nn::parse_widths(opt.channels_text, "--channels");
        if (opt.ch.size() != 2)
            throw CLI::ValidationError("--channels", "give two widths, e.g. 8,16");
        if (o.epochs < 1) throw CLI::ValidationError("--epochs", "must be at least 1");
        if (!(o.lr > 0)) throw CLI::ValidationError("--lr", "must be positive");
        const Data d = load_data(prog, o, opt);

        Twin pooled(opt, opt.pool);  // 1. the network with pooling
        prog.say("network with pooling, " + std::to_string(pooled.master.net.num_parameters()) +
                 " parameters: " + pooled.master.net.summary());
        prog.say("Adam, lr " + nn::fmt(o.lr, 3) + " (cosine), batch " +
                 std::to_string(opt.batch_size) + ", " + std::to_string(o.epochs) + " epochs");
        const Trained with = train_network(pooled, o, opt, d, "pool", "with pooling");
        std::unique_ptr<Twin> strided;  // ... and the same with stride-2 convolutions instead
        Trained without;
        if (opt.compare == "stride") {
            strided = std::make_unique<Twin>(opt, "");
            prog.say("network without pooling, " +
                     std::to_string(strided->master.net.num_parameters()) +
                     " parameters: " + strided->master.net.summary());
            without = train_network(*strided, o, opt, d, "stride", "without pooling (stride 2)");
        }
        const auto dense = dense_parameters(prog, opt, pooled.master);  // 2. parameters downstream
        draw_feature_maps(prog, o.out, opt, d, pooled.master);          // 3. feature maps

        const arma::uword M = std::min<arma::uword>(opt.shift_count, d.Xte.n_cols);  // 4. shifts
        const std::vector<int> dists{1, 2, 3};
        const std::vector<double> input = input_change(d, M, dists);
        std::vector<Study> studies{study_network(pooled, d, M, dists, opt.pool + "-pool")};
        if (strided)
            studies.push_back(study_network(*strided, d, M, dists, "no pooling (stride 2)"));
        prog.say(shift_table(studies, input, dists, M));
        plot_results(o.out, opt.pool, studies, input, with.test_accuracy);

        std::cout << "test accuracy " << nn::fmt(with.test.accuracy, 4) << " with pooling";
        if (strided) std::cout << ", " << nn::fmt(without.test.accuracy, 4) << " without";
        std::cout << "; a 1-pixel shift changes the prediction of "
                  << pct(studies[0].rows[0].prediction_change)
                  << " of the test images with pooling";
        if (strided) std::cout << ", " << pct(studies[1].rows[0].prediction_change) << " without";
        std::cout << "; " << nn::fmt(wall.seconds(), 3) << " s in all" << std::endl;

        write_metrics(prog, o, opt, d,
                      {pooled.master.net.num_parameters(), dense, M, wall.seconds()}, with,
                      strided ? &without : nullptr, input, studies);
        return 0;
    });
}
