// Chapter 08 program — its figures (feature maps, the shift study) and the shift study's table
// (declared in program.hpp; main.cpp says when each is made).
#include <algorithm>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include "nn/data.hpp"
#include "nn/plot.hpp"
#include "program.hpp"

namespace ch08 {

namespace {

// The channels of one map batch column as images for image_grid, each map divided by its own
// maximum (ReLU maps are >= 0) so that weak channels are visible too.
arma::mat channels_as_images(const arma::mat& maps, const nn::ImageShape& s) {
    arma::mat img = arma::reshape(maps.col(0), s.plane(), s.channels);
    for (arma::uword c = 0; c < img.n_cols; ++c) {
        const double top = img.col(c).max();
        if (top > 0) img.col(c) /= top;
    }
    return img;
}

}  // namespace

// Demonstration 3: the feature maps of one test image after each stage of the network.
void draw_feature_maps(const nn::Program& prog, const std::string& out, const Options& opt,
                       const Data& d, Cnn& c) {
    const std::vector<std::string>& classes = nn::fashion_mnist_classes();
    const std::string truth = classes[d.yte(opt.image)];
    arma::mat logits;
    c.net.forward(d.Xte.col(opt.image), logits);
    prog.say("feature maps of test image " + std::to_string(opt.image) + " (" + truth +
             ", predicted " + classes[arma::index_max(logits.col(0))] + ")");
    nn::plot::image_grid(out, "ch08_input", d.raw_test.col(opt.image), 28, 28, 1, {truth},
                         "Test image " + std::to_string(opt.image) + " (" + truth + ")", false,
                         "pixel value");
    const std::vector<std::string> files{"ch08_conv1_maps", "ch08_pool1_maps", "ch08_conv2_maps",
                                         "ch08_pool2_maps"};
    for (std::size_t k = 0; k < c.stages.size() && k < files.size(); ++k) {
        const nn::ImageShape& s = c.shapes[k];
        std::vector<std::string> caps;
        for (arma::uword i = 0; i < s.channels; ++i) caps.push_back("map " + std::to_string(i));
        const bool pooled = k % 2 == 1;
        const std::string title = std::string("Layer ") + (k < 2 ? "1" : "2") +
                                  (pooled ? " after " + opt.pool + "-pooling 2x2: " + s.str()
                                          : " after ReLU, before pooling: " + s.str()) +
                                  (k == 0   ? " (each map scaled to its maximum)"
                                   : k == 3 ? " (the dense layer's input)"
                                            : "");
        nn::plot::image_grid(out, files[k], channels_as_images(c.net.output(c.stages[k]), s),
                             s.height, s.width, std::min<arma::uword>(8, s.channels), caps, title,
                             false, "value / map max");
    }
}

// The table of the shift study: the relative change after each stage, predictions, accuracy.
std::string shift_table(const std::vector<Study>& studies, const std::vector<double>& input,
                        const std::vector<int>& dists, arma::uword M) {
    std::ostringstream t;
    t << "\nshift study on the first " << M
      << " test images: relative change ||m(shifted) - m(x)|| / ||m(x)|| of the maps m after each stage\n"
         "(mean over shifts right, left, down, up; the last stage is the dense layer's input)\n";
    for (const Study& st : studies) {
        t << "\n  " << st.name << " network, unshifted accuracy " << nn::fmt(st.accuracy0, 4)
          << "\n  shift   input";
        for (const std::string& n : st.stage_names) t << ' ' << std::setw(9) << n;
        t << "   prediction changed   accuracy\n";
        for (std::size_t k = 0; k < dists.size(); ++k) {
            t << "  " << dists[k] << " px  " << std::setw(6) << pct(input[k]);
            for (double c : st.rows[k].stage_change) t << ' ' << std::setw(9) << pct(c);
            t << "   " << std::setw(18) << pct(st.rows[k].prediction_change) << "   "
              << std::setw(8) << nn::fmt(st.rows[k].accuracy, 4) << "\n";
        }
    }
    return t.str();
}

// One value per distance: the change of the dense layer's input, or of the predictions.
std::vector<double> series(const Study& st, bool predictions) {
    std::vector<double> v;
    for (const ShiftRow& r : st.rows)
        v.push_back(predictions ? r.prediction_change : r.stage_change.back());
    return v;
}

// The plots: change of the dense layer's input, of the predictions, and the accuracy curve.
void plot_results(const std::string& out, const std::string& pool,
                  const std::vector<Study>& studies, const std::vector<double>& input,
                  const std::vector<double>& test_accuracy) {
    const arma::vec dx = {0.0, 1.0, 2.0, 3.0};
    const auto curve = [](const std::vector<double>& v) {
        return arma::vec{0.0, v[0], v[1], v[2]};
    };
    std::vector<nn::plot::Series> feat{{"input pixels", dx, curve(input), "linespoints"}}, pred;
    for (std::size_t i = 0; i < studies.size(); ++i) {
        const std::string label =
            i == 0 ? "with " + pool + "-pooling" : "without pooling (stride-2 convolutions)";
        feat.push_back({"input of the dense layer, " + label, dx, curve(series(studies[i], false)),
                        "linespoints"});
        pred.push_back({label, dx, curve(series(studies[i], true)), "linespoints"});
    }
    nn::plot::LineOptions lo;
    lo.title = "Relative change of the representation after shifting the test images";
    lo.xlabel = "shift (pixels)";
    lo.ylabel = "mean ||f(shifted) - f(x)|| / ||f(x)||";
    lo.ymin = 0;
    lo.xtic = 1;  // whole-pixel shifts
    nn::plot::lines(out, "ch08_shift_features", feat, lo);
    lo.title = "Test images whose predicted class changes after a shift";
    lo.ylabel = "fraction of images";
    nn::plot::lines(out, "ch08_shift_predictions", pred, lo);
    if (test_accuracy.size() < 2) return;
    lo = nn::plot::LineOptions{};
    lo.title = "Fashion-MNIST: test accuracy of the CNN with pooling";
    lo.xlabel = "epoch";
    lo.ylabel = "test accuracy";
    const arma::vec epochs = nn::plot::epoch_axis(test_accuracy.size());
    nn::plot::lines(out, "ch08_accuracy",
                    {{"test accuracy", epochs, arma::vec(test_accuracy), "linespoints"}}, lo);
}

}  // namespace ch08
