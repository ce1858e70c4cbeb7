// Chapter 05 program — its figures (declared in program.hpp; main.cpp says when each is drawn).
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "nn/cli.hpp"
#include "nn/metrics.hpp"
#include "nn/plot.hpp"
#include "program.hpp"

namespace ch05 {

// Train and validation accuracy in one figure (train: lines, validation: lines with points, next
// to each other in the legend) of no penalty, the best regularised run and the first L1 run.
void plot_curves(const std::string& dir, const std::string& name, const std::string& title,
                 const std::vector<Outcome>& runs, std::size_t best) {
    std::vector<const Outcome*> shown = {&runs[0]};
    if (best != 0) shown.push_back(&runs[best]);
    for (std::size_t i = 1; i < runs.size(); ++i)
        if (runs[i].setting.reg.l1 > 0 && i != best) {
            shown.push_back(&runs[i]);
            break;
        }
    std::vector<nn::plot::Series> series;
    for (const Outcome* r : shown) {
        const arma::vec e(r->epochs);
        series.push_back({"train " + r->setting.label, e, arma::vec(r->train_curve), "lines"});
        series.push_back(
            {"valid " + r->setting.label, e, arma::vec(r->valid_curve), "linespoints"});
    }
    nn::plot::LineOptions lo{title, "epoch", "accuracy"};
    nn::plot::lines(dir, name, series, lo);
}

// Fraction of weights with |w| < t for t over six decades: L1 piles weights up far below the
// scale of the others, L2 only shrinks them all.
void plot_zero_fraction(const std::string& dir, const std::string& name,
                        const std::vector<Outcome>& runs) {
    const arma::vec log_t = arma::linspace(-7, -1, 61);
    std::vector<nn::plot::Series> series;
    for (const Outcome& r : runs) {
        arma::vec frac(log_t.n_elem);
        const arma::vec a = arma::abs(r.weights);
        for (arma::uword i = 0; i < log_t.n_elem; ++i)
            frac(i) = static_cast<double>(arma::accu(a < std::pow(10.0, log_t(i)))) /
                      static_cast<double>(a.n_elem);
        series.push_back({r.setting.label, log_t, frac, "lines"});
    }
    nn::plot::LineOptions lo{"Fraction of the weights with |w| < t", "log10 t",
                             "fraction of weights"};
    lo.ymin = 0;
    lo.ymax = 1;
    nn::plot::lines(dir, name, series, lo);
}

// The decision regions of one run of part 2 over its training points.
void plot_regions(const std::string& dir, const Task& task, const Outcome& r) {
    const nn::plot::Grid g = nn::plot::grid(task.X, 120);
    const arma::uvec cls = nn::argmax_columns(r.net.predict(g.points));
    nn::plot::ScatterOptions so;
    so.title = "noisy XOR, " + r.setting.label + ": train " + nn::fmt(r.train_acc, 3) + ", valid " +
               nn::fmt(r.valid_acc, 3);
    so.class_names = {"class 0", "class 1"};
    nn::plot::regions(dir, "ch05_xor_regions_" + r.setting.tag, task.X, task.y, g.xs, g.ys,
                      nn::plot::grid_classes(cls, 120), so);
}

// Histograms of the weights: no penalty, the best regularised run, the first L1 run.
void plot_histograms(const std::string& dir, const std::vector<Outcome>& runs, std::size_t best) {
    std::vector<std::pair<std::string, arma::vec>> hist;
    for (const Outcome& r : runs)
        if (&r == &runs[0] || &r == &runs[best] || (r.setting.reg.l1 > 0 && hist.size() < 3))
            hist.push_back({r.setting.label, arma::clamp(r.weights, -0.3, 0.3)});
    nn::plot::LineOptions ho{"Weights of the network (clamped to [-0.3, 0.3])", "weight", "count"};
    ho.logy = true;
    nn::plot::histograms(dir, "ch05_weight_histograms", hist, 61, ho);
}

}  // namespace ch05
