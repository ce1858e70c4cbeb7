// Chapter 09 program — what main.cpp and its companions program_*.cpp share: the program's
// structs and the functions that draw the figures (program_figures.cpp) and write the metrics
// file (program_metrics.cpp). Not part of the chapter's contract.
#pragma once
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "dropout.hpp"
#include "mlp.hpp"
#include "nn/cli.hpp"
#include "nn/metrics.hpp"
#include "sequential.hpp"

namespace ch09 {

// A classification task: a small training set, a large validation set, a test set.
struct Task {
    std::string name;          // "Fashion-MNIST" or "noisy XOR"
    bool images = false;       // 28 x 28 images (for the feature picture)
    arma::mat Xtr, Xva, Xte;   // d x N inputs (standardised)
    arma::uvec ytr, yva, yte;  // labels 0..K-1
    arma::uword K = 10;
    arma::uvec noisy;  // the training samples whose label was replaced by a wrong one
};

// Settings shared by every run.
struct Setup {
    std::vector<arma::uword> widths;
    int epochs = 40;
    double lr = 0.01;
    double momentum = 0.9;
    arma::uword batch = 50;
    std::uint64_t seed = 42;
    bool quiet = false;
};

// Everything one run (one p) leaves behind.
struct Run {
    double p = 0;
    std::vector<double> tr_loss, tr_acc, va_loss, va_acc, running_loss;  // per epoch
    double best_va_acc = 0;
    int best_epoch = 0;
    double wrong_learned = 0;  // fraction of the wrong training labels the network reproduces
    double seconds = 0;
    arma::mat W1_init;  // the first layer's initial weights (the same for every p)
    nn::Sequential net;
    explicit Run(nn::Sequential n) : net(std::move(n)) {}
    double gap() const { return tr_acc.back() - va_acc.back(); }
};

// The command line of the program.
struct Options {
    std::string p_text = "0,0.2,0.5,0.7", hidden_text = "256,256";
    double single_p = -1, label_noise = 0.2;
    arma::uword n_train = 1000, n_valid = 10000, batch = 50;
};

// A probability as the shortest text, e.g. "0.2".
inline std::string pstr(double p) {
    std::ostringstream os;
    os << p;
    return os.str();
}

// The first layer of a network built by nn::mlp_with_dropout.
inline const nn::Dense& first_dense(nn::Sequential& net) {
    return dynamic_cast<const nn::Dense&>(net.layer(0));
}

// The first-layer weights of the plain network (top) and with dropout (bottom), minus their
// common initial values, as images.
void plot_features(const std::string& out, const Setup& s, Run& plain, Run& dropped);
// Every plot of the program but plot_features: accuracy, loss and gap per epoch, accuracy
// against p, the histograms `hist` of first-layer activations.
void plot_all(const std::string& out, const Task& task, const Setup& s,
              const std::vector<Run>& runs, const std::vector<const Run*>& shown, double noise,
              const std::vector<std::pair<std::string, arma::vec>>& hist);
// The metrics file: the task and settings, every run, the best p (index `best`) and its test
// accuracy, no dropout's (`test_plain`, null without a p = 0 run), the first-layer study
// (`units`, null when not made) and the seconds of the whole run.
void write_metrics(const nn::Program& prog, const Task& task, const Options& opt, const Setup& s,
                   double noise, const std::vector<Run>& runs, std::size_t best, double test_best,
                   const double* test_plain, const nn::Json* units, double seconds);

}  // namespace ch09
