// Chapter 08 program — what main.cpp and its companions program_*.cpp share: the program's
// structs and the functions that draw the figures and print the shift table
// (program_figures.cpp) and write the metrics file (program_metrics.cpp). Not part of the
// chapter's contract.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "classifier.hpp"
#include "conv.hpp"
#include "nn/cli.hpp"
#include "sequential.hpp"

namespace ch08 {

// The flags of this chapter (besides the common ones).
struct Options {
    std::string channels_text = "8,16", pool = "max", compare = "stride";
    arma::uword kernel = 3, hidden = 128, batch_size = 32, train_size = 60000, shift_count = 2000;
    arma::uword image = 0;
    int threads = 2;
    std::vector<arma::uword> ch;  // the two channel counts, from channels_text
};

// Fashion-MNIST, standardised by one global mean and deviation of the training pixels.
struct Data {
    arma::mat Xtr, Xte, raw_test;  // standardised training and test images, raw test pixels
    arma::uvec ytr, yte;
    double mean = 0, sd = 1;  // the standardisation: (pixel - mean) / sd
};

// A fraction as a percentage with three digits, e.g. "12.5%".
inline std::string pct(double v) {
    return nn::fmt(100.0 * v, 3) + "%";
}

// conv(k, pad k/2) -> ReLU -> [pool 2] -> conv -> ReLU -> [pool 2] -> [dense -> ReLU] -> dense.
// With pool "" the two convolutions take stride 2 instead and there is no pooling layer.
struct Cnn {
    nn::Sequential net;
    std::vector<std::size_t> stages;       // layers whose output the shift study compares
    std::vector<std::string> stage_names;  // conv1, pool1, conv2, pool2 (the last: dense input)
    std::vector<nn::ImageShape> shapes;    // the image shape of each stage
};

// What training one network leaves: its test statistics, seconds of training, and the test
// accuracy after each epoch.
struct Trained {
    nn::ClassStats test;
    double seconds = 0;
    std::vector<double> test_accuracy;
};

// The shift study of one network at one distance, averaged over the four directions.
struct ShiftRow {
    std::vector<double> stage_change;  // per stage: mean ||m(x') - m(x)|| / ||m(x)||
    double prediction_change = 0;      // fraction of images whose predicted class changes
    double accuracy = 0;               // accuracy on the shifted images
};

// The shift study of one network: its unshifted accuracy and the rows of shift_study().
struct Study {
    std::string name;
    std::vector<std::string> stage_names;
    double accuracy0;
    std::vector<ShiftRow> rows;
};

// Counts and times for the metrics file.
struct Counts {
    arma::uword parameters;                     // of the network with pooling
    std::pair<arma::uword, arma::uword> dense;  // dense-layer parameters with / without pooling
    arma::uword shift_images;                   // M, the images of the shift study
    double seconds;                             // the whole run
};

// Demonstration 3: the feature maps of one test image after each stage of the network.
void draw_feature_maps(const nn::Program& prog, const std::string& out, const Options& opt,
                       const Data& d, Cnn& c);
// The table of the shift study: the relative change after each stage, predictions, accuracy.
std::string shift_table(const std::vector<Study>& studies, const std::vector<double>& input,
                        const std::vector<int>& dists, arma::uword M);
// One value per distance: the change of the dense layer's input, or of the predictions.
std::vector<double> series(const Study& st, bool predictions);
// The plots: change of the dense layer's input, of the predictions, and the accuracy curve.
void plot_results(const std::string& out, const std::string& pool,
                  const std::vector<Study>& studies, const std::vector<double>& input,
                  const std::vector<double>& test_accuracy);
// The metrics file: the settings, both networks' results and the shift study.
void write_metrics(nn::Program& prog, const nn::CommonOptions& o, const Options& opt, const Data& d,
                   const Counts& c, const Trained& with, const Trained* without,
                   const std::vector<double>& input, const std::vector<Study>& studies);

}  // namespace ch08
