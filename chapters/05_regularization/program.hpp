// Chapter 05 program — what main.cpp and its companions program_*.cpp share: the program's
// structs and the functions that draw the figures (program_figures.cpp) and give the metrics
// of a sweep (program_metrics.cpp). Not part of the chapter's contract.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "mlp.hpp"
#include "nn/metrics.hpp"
#include "regularization.hpp"

namespace ch05 {

// One setting of the penalties, with a label for tables and legends.
struct Setting {
    std::string label;  // "none", "L2 1e-3", "L1 1e-4", ...
    std::string tag;    // for file names: "none", "l2_1e-3", ...
    nn::Regularization reg;
};

// A classification task: training and validation parts, K classes.
struct Task {
    std::string name;  // shown in messages
    arma::mat X, Xv;   // d x N training inputs, d x Nv validation inputs
    arma::uvec y, yv;  // labels 0..K-1
    arma::uword K = 2;
};

// Everything one training run leaves behind.
struct Outcome {
    Setting setting;
    double train_acc = 0, valid_acc = 0, zero_frac = 0, weight_norm = 0, seconds = 0;
    std::vector<double> epochs, train_curve, valid_curve;  // accuracy at the evaluation points
    arma::vec weights;                                     // every weight (for histograms)
    nn::Mlp net;
    explicit Outcome(nn::Mlp n) : net(std::move(n)) {}
};

// The settings of training shared by the runs of one part.
struct TrainSetup {
    std::vector<arma::uword> widths;
    nn::Activation hidden = nn::Activation::ReLU;
    int epochs = 60;
    double lr = 0.05;
    arma::uword batch = 50;
    int eval_every = 5;
    double zero_tol = 1e-3;
    std::uint64_t seed = 42;
};

// The flags of this chapter (besides the common ones).
struct Options {
    double l1 = 0, l2 = 0, zero_tol = 1e-3, label_noise = 0.2;
    arma::uword n_train = 1000, n_valid = 10000, hidden = 128, batch = 50;
    int xor_epochs = 1000;
    std::string parts = "both";
};

// Train and validation accuracy in one figure (train: lines, validation: lines with points, next
// to each other in the legend) of no penalty, the best regularised run and the first L1 run.
void plot_curves(const std::string& dir, const std::string& name, const std::string& title,
                 const std::vector<Outcome>& runs, std::size_t best);
// Fraction of weights with |w| < t for t over six decades: L1 piles weights up far below the
// scale of the others, L2 only shrinks them all.
void plot_zero_fraction(const std::string& dir, const std::string& name,
                        const std::vector<Outcome>& runs);
// The decision regions of one run of part 2 over its training points.
void plot_regions(const std::string& dir, const Task& task, const Outcome& r);
// Histograms of the weights: no penalty, the best regularised run, the first L1 run.
void plot_histograms(const std::string& dir, const std::vector<Outcome>& runs, std::size_t best);
// The metrics of one part: every run, the best penalty, and whether it beats none.
nn::Json runs_json(const std::vector<Outcome>& runs, std::size_t best);

}  // namespace ch05
