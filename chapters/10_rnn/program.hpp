// Chapter 10 program — what main.cpp and its companions program_*.cpp share: the program's
// structs and the functions that count the n-gram baselines (program_baselines.cpp), draw
// the figures (program_figures.cpp) and start the metrics file (program_metrics.cpp). Not
// part of the chapter's contract.
#pragma once
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include "chars.hpp"
#include "nn/cli.hpp"
#include "nn/metrics.hpp"
#include "nn/plot.hpp"
#include "optim.hpp"

namespace ch10 {

inline const double kLn2 = std::log(2.0);  // nats per bit

// A loss as "2.032 nats (2.932 bits)".
inline std::string nats_bits(double loss) {
    return nn::fmt(loss, 4) + " nats (" + nn::fmt(loss / kLn2, 4) + " bits)";
}

// Cross-entropy (nats per predicted symbol) of the targets of `streams` under a unigram
// and a bigram model counted on the training streams (add-one smoothing for the bigram).
struct Baselines {
    double unigram = 0, bigram = 0;
};

// Settings of one training run.
struct RunConfig {
    arma::uword hidden = 96, streams = 32, chunk = 32;
    double lr = 0.005, clip = 1.0, gain = 1.0;
    nn::OptimizerKind optimizer = nn::OptimizerKind::Adam;
};

// The flags of this chapter (besides the common ones).
struct Options {
    RunConfig rc;
    std::string optimizer = "adam";
    arma::uword max_words = 0, samples = 200, demo_steps = 60;
    double valid_fraction = 0.1, clip_demo_lr = 2.0;
    std::string temperatures = "0.5,1,1.5";
    bool skip_demos = false;
};

// The word list, split into training and held-out words, and the streams cut from it.
struct Corpus {
    std::string path;
    std::vector<std::string> words, train, valid;
    std::unordered_set<std::string> train_set, valid_set;
    nn::CharVocab vocab{"abcdefghijklmnopqrstuvwxyz"};
    arma::umat valid_streams, probe, timing_streams;
};

// The curves of the training run.
struct Training {
    std::vector<double> chunk_loss, chunk_x, valid_loss, train_loss;
    double seconds_per_epoch = 0;
    std::size_t clipped = 0, chunks_total = 0;
};

// Cross-entropy (nats per predicted symbol) of the targets of the streams `valid` under a
// unigram and a bigram model counted on the streams `train` (add-one smoothing for the bigram).
Baselines baselines(const arma::umat& train, const arma::umat& valid, arma::uword V);
// 5. The loss per character of the run against the two baselines.
void plot_loss(const nn::CommonOptions& o, const Corpus& c, const Training& tr,
               const Baselines& base);
// 6. ||dL/dh_t|| / ||dL/dh_T|| against the steps back, one curve per network.
void plot_grad_norms(const std::string& out, const std::vector<nn::plot::Series>& series);
// 7. Loss and gradient norm per chunk of plain SGD with step size `lr`, with and without clipping.
void plot_clipping(const std::string& out, double lr, const std::vector<nn::plot::Series>& loss,
                   const std::vector<nn::plot::Series>& norm);
// The metrics file: the settings, the training run, the samples (`per_temp`), the
// demonstrations (`demo`, null when skipped) and the seconds of the whole run.
void write_metrics(const nn::Program& prog, const nn::CommonOptions& o, const RunConfig& rc,
                   const Corpus& c, const Training& tr, const Baselines& base,
                   double real_fraction_t1, const std::vector<nn::Json>& per_temp,
                   const nn::Json* demo, double seconds);

}  // namespace ch10
