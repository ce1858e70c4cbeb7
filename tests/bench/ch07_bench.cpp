// Chapter 07 speed benchmark (not a test): forward + backward (dX, dW, db) of one convolution
// layer on a batch of 64, with the naive loops and with im2col + GEMM (reference solutions),
// and, if /usr/bin/python3 can import torch, torch.nn.functional.conv2d in float64 with
// 2 threads on the same layer (tests/bench/torch_conv.py). Prints medians and ratios.
//
//   bench/ch07_bench [--torch-script PATH] [--no-torch]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "conv.hpp"
#include "nn/metrics.hpp"
#include "nn/rng.hpp"

namespace {

struct Layer {
    const char* name;
    nn::ImageShape in;
    arma::uword c_out;
    nn::ConvGeometry g;
};

double forward_backward(const Layer& L, arma::uword N, nn::ConvAlgo algo, int reps) {
    nn::Conv2d conv(L.in, L.c_out, L.g, algo);
    conv.init(nn::Init::He);
    const arma::mat X(L.in.size(), N, arma::fill::randn);
    arma::mat Y, dX;
    conv.forward(X, Y);
    const arma::mat dY(Y.n_rows, N, arma::fill::randn);
    conv.backward(dY, dX);  // warm-up
    return nn::median_seconds(reps, [&] {
        conv.forward(X, Y);
        conv.backward(dY, dX);
    });
}

// Run the PyTorch script and read "torch_conv_seconds <value>"; negative if it failed.
double torch_seconds(const std::string& script, const Layer& L, arma::uword N) {
    const std::string cmd =
        "/usr/bin/python3 " + script + " --batch " + std::to_string(N) + " --cin " +
        std::to_string(L.in.channels) + " --size " + std::to_string(L.in.height) + " --cout " +
        std::to_string(L.c_out) + " --kernel " + std::to_string(L.g.kernel) + " --stride " +
        std::to_string(L.g.stride) + " --padding " + std::to_string(L.g.padding) + " 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    if (!pipe) return -1;
    char buf[512];
    double value = -1;
    const std::string key = "torch_conv_seconds ";
    while (std::fgets(buf, sizeof buf, pipe.get())) {
        const std::string line(buf);
        if (line.rfind(key, 0) == 0) value = std::atof(line.c_str() + key.size());
    }
    return value;
}

}  // namespace

int main(int argc, char** argv) {
    std::string script;
    bool torch = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--torch-script" && i + 1 < argc)
            script = argv[++i];
        else if (a == "--no-torch")
            torch = false;
        else {
            std::cerr << "usage: ch07_bench [--torch-script PATH] [--no-torch]\n";
            return 2;
        }
    }
    nn::seed_all(1);
    const arma::uword N = 64;
    const std::vector<Layer> layers = {
        {"first layer  1 -> 16, 28x28, 5x5, pad 2", {1, 28, 28}, 16, {5, 1, 2, 1}},
        {"second layer 16 -> 32, 14x14, 3x3, pad 1", {16, 14, 14}, 32, {3, 1, 1, 1}},
    };
    const bool have_torch = torch && !script.empty() &&
                            std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") == 0;
    std::printf(
        "Chapter 07: forward + backward (dX, dW, db) of one convolution, batch %llu, float64, median ms\n",
        static_cast<unsigned long long>(N));
    for (const Layer& L : layers) {
        const double naive = forward_backward(L, N, nn::ConvAlgo::Naive, 3);
        const double fast = forward_backward(L, N, nn::ConvAlgo::Im2col, 11);
        std::printf("%s: naive %.2f ms, im2col %.2f ms, naive/im2col %.1f", L.name, 1e3 * naive,
                    1e3 * fast, naive / fast);
        if (have_torch) {
            const double t = torch_seconds(script, L, N);
            if (t > 0)
                std::printf(", torch %.2f ms, im2col/torch %.2f", 1e3 * t, fast / t);
            else
                std::printf(", torch failed");
        }
        std::printf("\n");
    }
    if (!have_torch)
        std::printf(
            "PyTorch: not measured (/usr/bin/python3 cannot import torch, or no --torch-script)\n");
    return 0;
}
