// Chapter 10 speed benchmark (not a test): training characters per second of the chapter's
// default character RNN (tanh, V = 27 symbols, H = 96, 32 streams, truncated BPTT every 32
// steps, global gradient norm clipped at 1, Adam lr 0.005) on Debian's word list, built from
// the chapter library (nn::Rnn, sequence_loss, clip_grad_norm, fill_chunk; reference
// solutions) with the time of each phase (forward, loss, backward through time, clipping,
// optimiser step); then the same network in PyTorch (tests/bench/torch_rnn_chars.py, float64
// and float32, 2 threads) and the ratios C++ / PyTorch (of seconds per character).
//
//   bench/ch10_bench [--chars 400000] [--blas-threads 1] [--words PATH] [--torch-script PATH] [--torch-threads 2] [--no-torch]

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench_util.hpp"
#include "chars.hpp"
#include "nn/metrics.hpp"
#include "nn/rng.hpp"
#include "optim.hpp"
#include "rnn.hpp"

namespace {}  // namespace

int main(int argc, char** argv) {
    std::string words_path = "/usr/share/dict/words", script;
    bool torch = true;
    long chars = 400000;
    int blas_threads = 1, torch_threads = 2;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--words" && i + 1 < argc)
            words_path = argv[++i];
        else if (a == "--torch-script" && i + 1 < argc)
            script = argv[++i];
        else if (a == "--chars" && i + 1 < argc)
            chars = std::max(10000L, std::atol(argv[++i]));
        else if (a == "--blas-threads" && i + 1 < argc)
            blas_threads = std::max(1, std::atoi(argv[++i]));
        else if (a == "--torch-threads" && i + 1 < argc)
            torch_threads = std::max(1, std::atoi(argv[++i]));
        else if (a == "--no-torch")
            torch = false;
        else {
            std::cerr
                << "usage: ch10_bench [--chars 400000] [--blas-threads 1] [--words PATH] [--torch-script PATH] "
                   "[--torch-threads 2] [--no-torch]\n";
            return 2;
        }
    }
    bench::set_blas_threads(blas_threads);
    nn::seed_all(1);
    const arma::uword H = 96, B = 32, chunk = 32;
    const nn::CharVocab vocab("abcdefghijklmnopqrstuvwxyz");
    const arma::uword V = vocab.size();
    std::vector<std::string> words = nn::load_words(words_path);
    std::shuffle(words.begin(), words.end(), nn::rng());
    const arma::umat all = nn::make_streams(words, vocab, B);
    // the first `chars` characters of the streams (B x (S+1)), a whole number of chunks
    const arma::uword S =
        std::min<arma::uword>(all.n_cols - 1, (chars / B + chunk - 1) / chunk * chunk);
    const arma::umat streams = all.cols(0, S);

    nn::Rnn net(V, H, V);
    net.init(1.0);
    nn::OptimizerConfig cfg;
    cfg.kind = nn::OptimizerKind::Adam;
    cfg.lr = 0.005;
    nn::Optimizer opt(cfg);
    const auto params = net.parameters();
    std::vector<arma::mat> X, Y, dY;
    std::vector<arma::uvec> targets;
    enum { kData, kForward, kLoss, kBackward, kClip, kStep, kPhases };
    const char* const names[kPhases] = {
        "one-hot inputs",        "forward",  "softmax + cross-entropy",
        "backward through time", "clipping", "Adam step"};
    double t[kPhases] = {};
    double loss_sum = 0;
    auto pass = [&](arma::uword first, arma::uword last, bool timed) {
        arma::mat h(H, B, arma::fill::zeros);
        nn::Timer c;
        auto lap = [&](int p) {
            if (timed) t[p] += c.seconds();
            c.reset();
        };
        for (arma::uword start = first; start < last; start += chunk) {
            const arma::uword steps = std::min(chunk, last - start);
            c.reset();
            nn::fill_chunk(streams, start, steps, V, X, targets);
            lap(kData);
            net.forward(X, h, Y);
            lap(kForward);
            const double loss = nn::sequence_loss(Y, targets, dY);
            lap(kLoss);
            net.backward_through_time(dY);
            lap(kBackward);
            nn::clip_grad_norm(params, 1.0);
            lap(kClip);
            opt.step(params);
            lap(kStep);
            h = net.hidden(steps);
            if (timed) loss_sum += loss * static_cast<double>(steps);
        }
    };
    pass(0, std::min<arma::uword>(S, 20 * chunk), false);  // warm-up: 20 chunks
    nn::Timer all_t;
    const std::clock_t cpu0 = std::clock();
    pass(0, S, true);
    const double secs = all_t.seconds();
    const double cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
    const double n_chars = static_cast<double>(S) * static_cast<double>(B);
    std::printf(
        "C++ RNN (V %llu, H %llu, %llu streams, chunks of %llu, clip 1, Adam, float64, %d BLAS thread%s): "
        "%.0f characters in %.3f s (CPU %.3f s) = %.0f characters/s, loss %.4f\n",
        (unsigned long long)V, (unsigned long long)H, (unsigned long long)B,
        (unsigned long long)chunk, blas_threads, blas_threads == 1 ? "" : "s", n_chars, secs, cpu,
        n_chars / secs, loss_sum / static_cast<double>(S));
    std::printf("phases (s, %% of the run):\n");
    for (int p = 0; p < kPhases; ++p)
        std::printf("  %-26s %7.3f  %5.1f %%\n", names[p], t[p], 100 * t[p] / secs);

    if (!torch) return 0;
    if (script.empty() || std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") != 0) {
        std::printf(
            "PyTorch: not measured (/usr/bin/python3 cannot import torch, or no --torch-script)\n");
        return 0;
    }
    for (const char* dtype : {"float64", "float32"}) {
        const std::string out =
            bench::run("/usr/bin/python3 '" + script + "' --words '" + words_path + "' --chars " +
                       std::to_string(static_cast<long>(n_chars)) + " --threads " +
                       std::to_string(torch_threads) + " --dtype " + dtype);
        std::printf("%s", out.c_str());
        double pt = 0;
        if (!bench::torch_result(out, "torch_chars_per_second", dtype, pt)) return 1;
        std::printf(
            "PyTorch RNN (%s, %d thread(s)): %.0f characters/s  ->  ratio of times C++ / PyTorch = %.3f\n",
            dtype, torch_threads, pt, pt / (n_chars / secs));
    }
    return 0;
}
