// Chapter 04 speed benchmark: seconds per training epoch of the 784-256-128-10 ReLU MLP
// with softmax cross-entropy on the 60,000 Fashion-MNIST training images, batch 64,
// SGD with momentum 0.9, using the chapter's train_epoch() (reference solutions), then
// the same measured with PyTorch (tests/bench/torch_mlp_epoch.py) and the ratio.
//
//   bin/ch04_bench [--epochs 5] [--data DIR] [--torch-script PATH] [--no-torch] [--no-phases]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench_util.hpp"
#include "classifier.hpp"
#include "mlp.hpp"
#include "nn/data.hpp"
#include "nn/metrics.hpp"
#include "nn/preprocess.hpp"
#include "nn/rng.hpp"
#include "optim.hpp"
#include "softmax.hpp"

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// One epoch written out phase by phase (the same calls as train_epoch), timing each phase.
void phases(nn::Mlp& net, nn::Optimizer& opt, const arma::mat& X, const arma::uvec& y,
            nn::MiniBatcher& mb, nn::TrainBuffers& buf) {
    double t_fill = 0, t_fwd = 0, t_loss = 0, t_bwd = 0, t_step = 0;
    const auto params = net.parameters();
    mb.shuffle();
    nn::Timer t;
    for (arma::uword b = 0; b < mb.num_batches(); ++b) {
        t.reset();
        mb.fill(b, X, buf.Xb);
        mb.fill(b, y, buf.yb);
        t_fill += t.seconds();
        t.reset();
        net.forward(buf.Xb, buf.logits);
        t_fwd += t.seconds();
        t.reset();
        nn::softmax_cross_entropy(buf.logits, buf.yb, buf.dZ);
        t_loss += t.seconds();
        t.reset();
        net.backward_from_logits(buf.dZ);
        t_bwd += t.seconds();
        t.reset();
        opt.step(params);
        t_step += t.seconds();
    }
    const double total = t_fill + t_fwd + t_loss + t_bwd + t_step;
    std::printf(
        "phases of one epoch (s): batch copy %.3f  forward %.3f  softmax+CE %.3f  backward %.3f  "
        "optimiser %.3f  = %.3f\n",
        t_fill, t_fwd, t_loss, t_bwd, t_step, total);
}

}  // namespace

int main(int argc, char** argv) {
    int epochs = 5;
    std::string data = nn::fashion_mnist_dir(), script;
    bool torch = true, show_phases = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--epochs" && i + 1 < argc)
            epochs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--data" && i + 1 < argc)
            data = argv[++i];
        else if (a == "--torch-script" && i + 1 < argc)
            script = argv[++i];
        else if (a == "--no-torch")
            torch = false;
        else if (a == "--no-phases")
            show_phases = false;
        else {
            std::cerr
                << "usage: ch04_bench [--epochs 5] [--data DIR] [--torch-script PATH] [--no-torch] [--no-phases]\n";
            return 2;
        }
    }
    nn::seed_all(1);
    arma::mat X;
    arma::uvec y;
    if (nn::fashion_mnist_available(data)) {
        nn::FashionMnist f = nn::load_fashion_mnist(data, 0, 1);
        X = std::move(f.train_X);
        y = std::move(f.train_y);
        std::printf("C++: Fashion-MNIST from %s: %llu images\n", data.c_str(),
                    (unsigned long long)X.n_cols);
    } else {
        X.randu(784, 60000);
        y = arma::randi<arma::uvec>(60000, arma::distr_param(0, 9));
        std::printf("C++: no Fashion-MNIST in %s: random data of the same shape\n", data.c_str());
    }

    nn::Mlp net({784, 256, 128, 10}, nn::Activation::ReLU, nn::Activation::Identity, nn::Init::He);
    nn::OptimizerConfig cfg;
    cfg.kind = nn::OptimizerKind::Momentum;
    cfg.lr = 0.05;
    cfg.momentum = 0.9;
    nn::Optimizer opt(cfg);
    nn::MiniBatcher mb(X.n_cols, 64);
    nn::TrainBuffers buf;
    nn::EpochOptions eo;

    nn::Timer t;
    nn::ClassStats s = nn::train_epoch(net, opt, X, y, mb, buf, eo);
    std::printf("C++: warm-up epoch %.3f s, loss %.4f\n", t.seconds(), s.loss);
    std::vector<double> times;
    for (int e = 1; e <= epochs; ++e) {
        eo.epoch = e + 1;
        t.reset();
        s = nn::train_epoch(net, opt, X, y, mb, buf, eo);
        times.push_back(t.seconds());
        std::printf("C++: epoch %d: %.3f s, loss %.4f\n", e, times.back(), s.loss);
    }
    const double cpp = median(times);
    if (show_phases) phases(net, opt, X, y, mb, buf);
    std::printf("C++ epoch (median of %d): %.3f s\n", epochs, cpp);

    if (!torch) return 0;
    if (script.empty() || std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") != 0) {
        std::printf(
            "PyTorch: not measured (/usr/bin/python3 cannot import torch, or no --torch-script)\n");
        return 0;
    }
    // The same model in PyTorch, in the C++ model's precision (float64: the comparison the goal is
    // stated for) and in PyTorch's default float32 (half the bytes, twice the GEMM speed).
    double ratio64 = 0;
    for (const char* dtype : {"float64", "float32"}) {
        const std::string out =
            bench::run("/usr/bin/python3 '" + script + "' --data '" + data + "' --repeats " +
                       std::to_string(epochs) + " --threads 2 --dtype " + dtype);
        double pt = 0;
        if (!bench::torch_result(out, "torch_epoch_seconds", dtype, pt)) return 1;
        std::printf(
            "PyTorch epoch (median of %d, %s, 2 threads): %.3f s  ->  ratio C++ / PyTorch = %.3f\n",
            epochs, dtype, pt, cpp / pt);
        if (std::string(dtype) == "float64") ratio64 = cpp / pt;
    }
    std::printf("goal: C++ (float64) <= 0.25 x PyTorch (float64): %s (ratio %.3f)\n",
                ratio64 <= 0.25 ? "met" : "NOT met", ratio64);
    return 0;
}
