// Chapter 09 program — its figures (declared in program.hpp; main.cpp says when they are drawn).
#include <string>
#include <vector>

#include "nn/plot.hpp"
#include "program.hpp"

namespace ch09 {

namespace {

// Train (lines) and validation (lines with points) accuracy per epoch of the chosen runs.
void plot_accuracy(const std::string& dir, const std::string& title,
                   const std::vector<const Run*>& runs) {
    std::vector<nn::plot::Series> series;
    for (const Run* r : runs) {
        const arma::vec e = nn::plot::epoch_axis(r->tr_acc.size());
        series.push_back({"train, p = " + pstr(r->p), e, arma::vec(r->tr_acc), "lines"});
        series.push_back({"validation, p = " + pstr(r->p), e, arma::vec(r->va_acc), "linespoints"});
    }
    nn::plot::LineOptions lo;
    lo.title = title;
    lo.xlabel = "epoch";
    lo.ylabel = "accuracy";
    nn::plot::lines(dir, "ch09_accuracy", series, lo);
}

// One curve per p of a per-epoch value of the run (validation accuracy, loss, the gap).
template <class Value>
void plot_per_epoch(const std::string& dir, const std::string& name, const std::string& title,
                    const std::string& ylabel, const std::vector<Run>& runs, const Value& value) {
    std::vector<nn::plot::Series> series;
    for (const Run& r : runs) {
        const arma::vec e = nn::plot::epoch_axis(r.tr_acc.size());
        series.push_back(
            {"p = " + pstr(r.p), e, value(r), name == "ch09_gap" ? "lines" : "linespoints"});
    }
    nn::plot::LineOptions lo;
    lo.title = title;
    lo.xlabel = "epoch";
    lo.ylabel = ylabel;
    nn::plot::lines(dir, name, series, lo);
}

// Final train and validation accuracy against p.
// With label noise, a flat line at 1 - noise: the training accuracy of a classifier that is
// right on every clean label and wrong on every flipped one.
void plot_summary(const std::string& dir, const std::string& title, const std::vector<Run>& runs,
                  double label_noise) {
    arma::vec ps(runs.size()), tr(runs.size()), va(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) {
        ps(i) = runs[i].p;
        tr(i) = runs[i].tr_acc.back();
        va(i) = runs[i].va_acc.back();
    }
    const arma::uvec order = arma::sort_index(ps);
    nn::plot::LineOptions lo;
    lo.title = title;
    lo.xlabel = "drop probability p";
    lo.ylabel = "accuracy after the last epoch";
    std::vector<nn::plot::Series> series = {
        {"train", ps.elem(order), tr.elem(order), "linespoints"},
        {"validation", ps.elem(order), va.elem(order), "linespoints"}};
    if (label_noise > 0)
        series.push_back({"1 - label noise (right on exactly the clean labels)",
                          arma::vec{ps.min(), ps.max()},
                          arma::vec{1 - label_noise, 1 - label_noise}, "lines"});
    nn::plot::lines(dir, "ch09_accuracy_vs_p", series, lo);
}

}  // namespace

// The first-layer weights of the plain network (top) and with dropout (bottom), minus their
// common initial values, as images.
void plot_features(const std::string& out, const Setup& s, Run& plain, Run& dropped) {
    const arma::uword n_show = std::min<arma::uword>(8, s.widths[1]);
    arma::mat imgs(784, 2 * n_show);
    std::vector<std::string> caps;
    for (int k = 0; k < 2; ++k) {
        Run& r = k == 0 ? plain : dropped;
        for (arma::uword j = 0; j < n_show; ++j) {
            imgs.col(k * n_show + j) = (first_dense(r.net).W.row(j) - r.W1_init.row(j)).t();
            caps.push_back("p = " + pstr(r.p) + ", unit " + std::to_string(j + 1));
        }
    }
    nn::plot::image_grid(
        out, "ch09_features", imgs, 28, 28, n_show, caps,
        "W - W(initial) of the first 8 hidden units: top no dropout, bottom p = " + pstr(dropped.p),
        true, "weight change");
}

// Every plot of the program.
void plot_all(const std::string& out, const Task& task, const Setup& s,
              const std::vector<Run>& runs, const std::vector<const Run*>& shown, double noise,
              const std::vector<std::pair<std::string, arma::vec>>& hist) {
    const std::string title =
        task.name + ", " + std::to_string(task.Xtr.n_cols) + " training samples";
    plot_accuracy(out, title + ": train (lines) and validation (points)", shown);
    plot_per_epoch(out, "ch09_validation_accuracy", title + ": validation accuracy",
                   "validation accuracy", runs, [](const Run& r) { return arma::vec(r.va_acc); });
    plot_per_epoch(out, "ch09_validation_loss", title + ": validation loss", "mean cross-entropy",
                   runs, [](const Run& r) { return arma::vec(r.va_loss); });
    plot_per_epoch(
        out, "ch09_gap", title + ": generalisation gap", "train accuracy - validation accuracy",
        runs, [](const Run& r) { return arma::vec(arma::vec(r.tr_acc) - arma::vec(r.va_acc)); });
    plot_summary(out, title + ": accuracy after " + std::to_string(s.epochs) + " epochs", runs,
                 noise);
    if (hist.empty()) return;
    nn::plot::LineOptions ho;
    ho.title = "Positive activations of the first hidden layer (2,000 validation samples)";
    ho.xlabel = "activation";
    ho.ylabel = "count";
    ho.logy = true;
    nn::plot::histograms(out, "ch09_activations", hist, 60, ho);
}

}  // namespace ch09
