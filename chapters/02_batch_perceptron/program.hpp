// Chapter 02 program — what main.cpp and its companions program_*.cpp share: the program's
// structs and the functions that draw the figures (program_figures.cpp) and write the metrics
// file (program_metrics.cpp). Not part of the chapter's contract.
#pragma once
#include <string>
#include <vector>

#include "batch_perceptron.hpp"
#include "nn/cli.hpp"
#include "nn/metrics.hpp"
#include "perceptron.hpp"

namespace ch02 {

// One data set in both label conventions.
struct Case {
    std::string name;    // for messages and legends
    std::string source;  // file it came from
    arma::mat X;         // d x N
    arma::ivec y01;      // N labels 0/1 (chapter 01)
    arma::mat Xt;        // (d+1) x N augmented
    arma::rowvec s;      // 1 x N labels -1/+1 (this chapter)
};

// Everything measured on one case.
struct Result {
    nn::PerceptronRun online;
    nn::Perceptron unit;  // the online perceptron at the end
    double online_acc = 0, online_seconds = 0;
    nn::BatchRun batch;
    arma::vec theta;
    double batch_acc = 0, batch_seconds = 0;
};

// Where a batch run from theta0 stops: epochs, whether |Delta| < epsilon, training accuracy.
struct Stop {
    int epochs = 0;
    bool converged = false;
    double acc = 0;
};

// The alpha study: from theta0 = 0 (alpha only rescales theta) and from a unit theta0 that
// points the wrong way (then alpha decides how fast the start is forgotten).
struct AlphaRow {
    Stop zero, wrong;
};

// The flags of this chapter (besides the common ones).
struct Options {
    double epsilon = 1e-6;
    bool fixed_increment = false;
};

// The epsilon and alpha studies on both cases.
inline const std::vector<double> kEpsilons = {0.001, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0};
inline const std::vector<double> kAlphas = {0.001, 0.01, 0.1, 1.0, 10.0, 100.0};

struct Studies {
    std::vector<Stop> em, ei;      // epsilon: data, iris
    std::vector<AlphaRow> am, ai;  // alpha: data, iris
};

// 6a. |Delta| per epoch and mistakes per epoch of both cases.
void plot_training(const nn::CommonOptions& o, const Result& rm, const Result& ri);
// Where the epsilon = 0.03 run stops: a line that is nearly, but not quite, right.
int early_epoch(const std::vector<Stop>& rows);
// 6b. The final online and batch lines (and the early epsilon = 0.03 one) over the data.
void plot_boundaries(const nn::Program& prog, const nn::CommonOptions& o, const Case& c,
                     const std::vector<std::string>& names, const Result& r, int early,
                     const std::string& name, const std::string& title,
                     const std::vector<std::string>& class_names);
// 6c. Accuracy and epochs against epsilon; epochs against alpha.
void plot_studies(const nn::CommonOptions& o, const Studies& st);
// 7. Metrics: the data case at the top, iris, XOR and the two studies below.
nn::Json metrics_json(const Case& data, const Options& opt, const nn::BatchOptions& bopt,
                      const Result& rm, const Result& ri, const nn::Json& xor_json,
                      const Studies& st);

}  // namespace ch02
