// Chapter 08 speed benchmark (not a test): one training epoch of the chapter's default CNN
//   conv 3x3 (1 -> 8, pad 1) -> ReLU -> max-pool 2 -> conv 3x3 (8 -> 16, pad 1) -> ReLU -> max-pool 2
//   -> dense 784 -> 128 -> ReLU -> dense 128 -> 10, softmax cross-entropy,
// batch 32, Adam (lr 0.003), on the 60,000 Fashion-MNIST training images, built from the
// chapter libraries' layers (Conv2d and MaxPool2d of chapters 07/08, Dense and ReLU of chapter
// 03, softmax cross-entropy and Adam of chapter 04; reference solutions) with every layer's
// forward and backward timed; then the same network in PyTorch (tests/bench/torch_cnn_epoch.py,
// float64 and float32, 2 threads) and the ratios C++ / PyTorch.
//
// One network, one thread of ours. The chapter program itself splits each batch between two
// copies of the network on two threads (its --threads 2); that is not measured here, so that
// the comparison is layer against layer. OpenBLAS gets --blas-threads threads (default 1: the
// GEMMs of a batch of 32 are too small for a second thread to pay).
//
//   bench/ch08_bench [--train-size 60000] [--blas-threads 1] [--data DIR] [--torch-script PATH] [--torch-threads 2] [--no-torch]

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "activations.hpp"
#include "bench_util.hpp"
#include "conv.hpp"
#include "mlp.hpp"
#include "nn/data.hpp"
#include "nn/metrics.hpp"
#include "nn/preprocess.hpp"
#include "nn/rng.hpp"
#include "optim.hpp"
#include "pool.hpp"
#include "softmax.hpp"

namespace {

// The phases of one training step, in model order; seconds summed over an epoch.
enum Phase {
    kConv1F,
    kRelu1F,
    kPool1F,
    kConv2F,
    kRelu2F,
    kPool2F,
    kFc1F,
    kRelu3F,
    kFc2F,
    kLoss,
    kFc2B,
    kRelu3B,
    kFc1B,
    kPool2B,
    kRelu2B,
    kConv2B,
    kPool1B,
    kRelu1B,
    kConv1B,
    kStep,
    kCopy,
    kPhases
};
const char* const kNames[kPhases] = {"conv1 forward",
                                     "relu1 forward",
                                     "pool1 forward",
                                     "conv2 forward",
                                     "relu2 forward",
                                     "pool2 forward",
                                     "fc1 forward",
                                     "relu3 forward",
                                     "fc2 forward",
                                     "softmax + cross-entropy",
                                     "fc2 backward",
                                     "relu3 backward",
                                     "fc1 backward",
                                     "pool2 backward",
                                     "relu2 backward",
                                     "conv2 backward",
                                     "pool1 backward",
                                     "relu1 backward",
                                     "conv1 backward (no dX)",
                                     "Adam step",
                                     "batch copy"};

struct Cnn {
    nn::Conv2d conv1{nn::ImageShape{1, 28, 28}, 8, 3, 1, 1};
    nn::MaxPool2d pool1{conv1.out_shape(), 2};
    nn::Conv2d conv2{pool1.output_shape(), 16, 3, 1, 1};
    nn::MaxPool2d pool2{conv2.out_shape(), 2};
    nn::Dense fc1{pool2.output_shape().size(), 128};
    nn::Dense fc2{128, 10};
    std::vector<nn::ParamRef> params;
    arma::mat Z1, A1, P1, Z2, A2, P2, Z3, A3, logits, dZ, dA3, dP2, dA2, dP1, dA1, D;

    Cnn() {
        conv1.init(nn::Init::He);
        conv2.init(nn::Init::He);
        fc1.init(nn::Init::He);
        fc2.init(nn::Init::Xavier);
        params = conv1.parameters("conv1");
        for (const nn::ParamRef& p : conv2.parameters("conv2")) params.push_back(p);
        params.push_back({&fc1.W, &fc1.dW, false, "fc1.W"});
        params.push_back({&fc1.b, &fc1.db, true, "fc1.b"});
        params.push_back({&fc2.W, &fc2.dW, false, "fc2.W"});
        params.push_back({&fc2.b, &fc2.db, true, "fc2.b"});
    }
    void relu_backward(const arma::mat& Z, arma::mat& dA) {
        nn::activation_derivative(nn::Activation::ReLU, 0.0, Z, D);
        dA %= D;
    }
    // One step on (X, y); adds each phase's seconds to t (if given). Returns the batch loss.
    double step(const arma::mat& X, const arma::uvec& y, nn::Optimizer& opt, double* t) {
        nn::Timer clock;
        auto lap = [&](int phase) {
            if (t) t[phase] += clock.seconds();
            clock.reset();
        };
        const auto relu = nn::Activation::ReLU;
        conv1.forward(X, Z1);
        lap(kConv1F);
        nn::activation_forward(relu, 0.0, Z1, A1);
        lap(kRelu1F);
        pool1.forward(A1, P1);
        lap(kPool1F);
        conv2.forward(P1, Z2);
        lap(kConv2F);
        nn::activation_forward(relu, 0.0, Z2, A2);
        lap(kRelu2F);
        pool2.forward(A2, P2);
        lap(kPool2F);
        fc1.forward(P2, Z3);
        lap(kFc1F);
        nn::activation_forward(relu, 0.0, Z3, A3);
        lap(kRelu3F);
        fc2.forward(A3, logits);
        lap(kFc2F);
        const double loss = nn::softmax_cross_entropy(logits, y, dZ);
        lap(kLoss);
        fc2.backward(dZ, dA3);
        lap(kFc2B);
        relu_backward(Z3, dA3);
        lap(kRelu3B);
        fc1.backward(dA3, dP2);
        lap(kFc1B);
        pool2.backward(dP2, dA2);
        lap(kPool2B);
        relu_backward(Z2, dA2);
        lap(kRelu2B);
        conv2.backward(dA2, dP1);
        lap(kConv2B);
        pool1.backward(dP1, dA1);
        lap(kPool1B);
        relu_backward(Z1, dA1);
        lap(kRelu1B);
        conv1.backward(dA1);
        lap(kConv1B);
        opt.step(params);
        lap(kStep);
        return loss;
    }
};

// One epoch in batches of 32; returns seconds, fills the phase sums.
double epoch(Cnn& net, nn::Optimizer& opt, const arma::mat& X, const arma::uvec& y,
             nn::MiniBatcher& mb, double* t, double* mean_loss) {
    arma::mat Xb;
    arma::uvec yb;
    mb.shuffle();
    double loss = 0;
    nn::Timer all;
    for (arma::uword b = 0; b < mb.num_batches(); ++b) {
        nn::Timer c;
        mb.fill(b, X, Xb);
        mb.fill(b, y, yb);
        if (t) t[kCopy] += c.seconds();
        loss += net.step(Xb, yb, opt, t) * static_cast<double>(Xb.n_cols);
    }
    *mean_loss = loss / static_cast<double>(X.n_cols);
    return all.seconds();
}

}  // namespace

int main(int argc, char** argv) {
    std::string data = nn::fashion_mnist_dir(), script;
    bool torch = true;
    arma::uword train_size = 60000;
    int blas_threads = 1, torch_threads = 2;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--data" && i + 1 < argc)
            data = argv[++i];
        else if (a == "--torch-script" && i + 1 < argc)
            script = argv[++i];
        else if (a == "--train-size" && i + 1 < argc)
            train_size = std::max(64, std::atoi(argv[++i]));
        else if (a == "--blas-threads" && i + 1 < argc)
            blas_threads = std::max(1, std::atoi(argv[++i]));
        else if (a == "--torch-threads" && i + 1 < argc)
            torch_threads = std::max(1, std::atoi(argv[++i]));
        else if (a == "--no-torch")
            torch = false;
        else {
            std::cerr << "usage: ch08_bench [--train-size 60000] [--blas-threads 1] [--data DIR] "
                         "[--torch-script PATH] [--torch-threads 2] [--no-torch]\n";
            return 2;
        }
    }
    bench::set_blas_threads(blas_threads);
    nn::seed_all(1);
    arma::mat X;
    arma::uvec y;
    if (nn::fashion_mnist_available(data)) {
        nn::FashionMnist f = nn::load_fashion_mnist(data, train_size, 1);
        X = std::move(f.train_X);
        y = std::move(f.train_y);
        std::printf("C++: Fashion-MNIST from %s: %llu images\n", data.c_str(),
                    (unsigned long long)X.n_cols);
    } else {
        X.randu(784, train_size);
        y = arma::randi<arma::uvec>(train_size, arma::distr_param(0, 9));
        std::printf("C++: no Fashion-MNIST in %s: random data of the same shape\n", data.c_str());
    }
    X = (X - arma::mean(arma::vectorise(X))) /
        arma::stddev(arma::vectorise(X));  // standardised, as the program

    Cnn net;
    nn::Optimizer opt({nn::OptimizerKind::Adam, 0.003});
    nn::MiniBatcher mb(X.n_cols, 32);
    // warm-up: 100 batches (allocations, caches)
    {
        arma::mat Xb;
        arma::uvec yb;
        for (arma::uword b = 0; b < std::min<arma::uword>(100, mb.num_batches()); ++b) {
            mb.fill(b, X, Xb);
            mb.fill(b, y, yb);
            net.step(Xb, yb, opt, nullptr);
        }
    }
    double t[kPhases] = {};
    double loss = 0;
    const double cpp = epoch(net, opt, X, y, mb, t, &loss);
    double sum = 0;
    for (double s : t) sum += s;
    std::printf(
        "C++ CNN epoch (%llu images, batch 32, Adam, float64, %d BLAS thread%s): %.3f s, loss %.4f\n",
        (unsigned long long)X.n_cols, blas_threads, blas_threads == 1 ? "" : "s", cpp, loss);
    std::printf("phases (s, %% of the epoch):\n");
    double fwd = 0, bwd = 0;
    for (int p = 0; p < kPhases; ++p) {
        std::printf("  %-26s %7.3f  %5.1f %%\n", kNames[p], t[p], 100 * t[p] / cpp);
        if (p <= kFc2F) fwd += t[p];
        if (p >= kFc2B && p <= kConv1B) bwd += t[p];
    }
    std::printf(
        "  forward %.3f, loss %.3f, backward %.3f, optimiser %.3f, batch copy %.3f (timed %.3f of %.3f)\n",
        fwd, t[kLoss], bwd, t[kStep], t[kCopy], sum, cpp);

    if (!torch) return 0;
    if (script.empty() || std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") != 0) {
        std::printf(
            "PyTorch: not measured (/usr/bin/python3 cannot import torch, or no --torch-script)\n");
        return 0;
    }
    for (const char* dtype : {"float64", "float32"}) {
        const std::string out =
            bench::run("/usr/bin/python3 '" + script + "' --data '" + data + "' --train-size " +
                       std::to_string(X.n_cols) + " --threads " + std::to_string(torch_threads) +
                       " --dtype " + dtype);
        std::printf("%s", out.c_str());
        double pt = 0;
        if (!bench::torch_result(out, "torch_epoch_seconds", dtype, pt)) return 1;
        std::printf(
            "PyTorch CNN epoch (%s, %d thread(s)): %.3f s  ->  ratio C++ / PyTorch = %.3f\n", dtype,
            torch_threads, pt, cpp / pt);
    }
    return 0;
}
