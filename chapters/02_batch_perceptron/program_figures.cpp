// Chapter 02 program — its figures: |Delta| and mistakes per epoch, the boundary lines, the
// epsilon and alpha studies (declared in program.hpp; main.cpp says when each is drawn).
#include <algorithm>
#include <string>
#include <vector>

#include "nn/plot.hpp"
#include "nn/text.hpp"
#include "program.hpp"

namespace ch02 {

namespace {

// ||Delta|| per epoch, leaving out the exact zeros a log axis cannot show.
nn::plot::Series delta_series(const std::string& label, const nn::BatchRun& run) {
    std::vector<double> xs, ys;
    for (std::size_t k = 0; k < run.delta_norms.size(); ++k) {
        if (run.delta_norms[k] > 0) {
            xs.push_back(static_cast<double>(k + 1));
            ys.push_back(run.delta_norms[k]);
        }
    }
    return {label, arma::vec(xs), arma::vec(ys), "lines"};
}

nn::plot::BoundaryLine line_of(const arma::vec& theta, const std::string& label) {
    return {theta(0), theta(1), theta(2), label};
}

}  // namespace

// 6a. |Delta| per epoch and mistakes per epoch of both cases.
void plot_training(const nn::CommonOptions& o, const Result& rm, const Result& ri) {
    nn::plot::LineOptions lo{
        "Batch perceptron: |Delta| per epoch (exact zeros, the last epoch, not drawn)", "epoch",
        "|Delta|_2"};
    lo.logy = lo.logx = true;
    std::vector<nn::plot::Series> dn = {delta_series("data", rm.batch),
                                        delta_series("iris (slow case)", ri.batch)};
    dn[0].style = "linespoints";
    dn[1].style =
        "points";  // iris oscillates from one epoch to the next: a line would be a solid band
    const double last_x = static_cast<double>(std::max<std::size_t>(
        2, std::max(rm.batch.delta_norms.size(), ri.batch.delta_norms.size())));
    for (double e : {0.03, 0.3})
        dn.push_back({"epsilon = " + nn::fmt(e), arma::vec{1.0, last_x}, arma::vec{e, e}, "lines"});
    nn::plot::lines(o.out, "ch02_delta_norm", dn, lo);

    lo = nn::plot::LineOptions{
        "Mistakes per epoch: online (during the sweep) vs batch (of theta at the start)", "epoch",
        "mistakes"};
    lo.logx = true;
    lo.ymin = 0;
    auto mistakes_series = [](const std::string& label, const std::vector<std::size_t>& m) {
        // Points, not lines: the iris counts jump every epoch and lines would fill a band.
        return nn::plot::Series{label, nn::plot::epoch_axis(m.size()),
                                arma::conv_to<arma::vec>::from(m), "points"};
    };
    nn::plot::lines(o.out, "ch02_mistakes",
                    {mistakes_series("data, online", rm.online.mistakes_per_epoch),
                     mistakes_series("data, batch", rm.batch.mistakes_per_epoch),
                     mistakes_series("iris, online", ri.online.mistakes_per_epoch),
                     mistakes_series("iris, batch", ri.batch.mistakes_per_epoch)},
                    lo);
}

// Where the epsilon = 0.03 run stops: a line that is nearly, but not quite, right.
int early_epoch(const std::vector<Stop>& rows) {
    return rows[static_cast<std::size_t>(std::find(kEpsilons.begin(), kEpsilons.end(), 0.03) -
                                         kEpsilons.begin())]
        .epochs;
}

// 6b. The final online and batch lines (and the early epsilon = 0.03 one) over the data.
void plot_boundaries(const nn::Program& prog, const nn::CommonOptions& o, const Case& c,
                     const std::vector<std::string>& names, const Result& r, int early,
                     const std::string& name, const std::string& title,
                     const std::vector<std::string>& class_names) {
    if (c.X.n_rows != 2) {
        prog.say(nn::str("(", c.name, " has ", c.X.n_rows,
                         " features: no boundary plot, which needs 2)"));
        return;
    }
    std::vector<nn::plot::BoundaryLine> ls;
    if (early >= 1 && early < r.batch.epochs)
        ls.push_back(line_of(r.batch.history[static_cast<std::size_t>(early) - 1],
                             nn::str("batch, epoch ", early, " (where epsilon = 0.03 stops)")));
    ls.push_back(line_of(r.theta, nn::str("batch, final (epoch ", r.batch.epochs, ")")));
    // Say so when the two final lines coincide (one would hide the other).
    const arma::vec on = nn::theta_from_perceptron(r.unit);
    const double cos_sim =
        arma::dot(on, r.theta) / std::max(1e-300, arma::norm(on) * arma::norm(r.theta));
    ls.push_back(line_of(on, nn::str("online, final (epoch ", r.online.epochs, ")",
                                     cos_sim > 0.9995 ? ": on top of the batch line" : "")));
    nn::plot::ScatterOptions so;
    so.title = title;
    so.class_names = class_names;
    if (names.size() == 2) {
        so.xlabel = names[0];
        so.ylabel = names[1];
    }
    nn::plot::scatter(o.out, name, c.X, arma::conv_to<arma::uvec>::from(c.y01), ls, so);
}

// 6c. Accuracy and epochs against epsilon; epochs against alpha.
void plot_studies(const nn::CommonOptions& o, const Studies& st) {
    nn::plot::LineOptions lo{
        "Effect of epsilon: training accuracy when |Delta| first drops below epsilon", "epsilon",
        "training accuracy"};
    lo.logx = true;
    auto eps_series = [&](const std::string& label, const std::vector<Stop>& rows, bool epochs) {
        arma::vec v(rows.size());
        for (std::size_t k = 0; k < rows.size(); ++k) v(k) = epochs ? rows[k].epochs : rows[k].acc;
        return nn::plot::Series{label, arma::vec(kEpsilons), v, "linespoints"};
    };
    nn::plot::lines(
        o.out, "ch02_epsilon",
        {eps_series("data", st.em, false), eps_series("iris (slow case)", st.ei, false)}, lo);
    lo.title = "Effect of epsilon: epochs until |Delta| first drops below epsilon";
    lo.ylabel = "epochs";
    lo.logy = true;
    nn::plot::lines(o.out, "ch02_epsilon_epochs",
                    {eps_series("data", st.em, true), eps_series("iris (slow case)", st.ei, true)},
                    lo);

    lo = nn::plot::LineOptions{
        "Effect of alpha: epochs to converge (runs that hit --epochs are drawn at the limit)",
        "alpha", "epochs"};
    lo.logx = lo.logy = true;
    auto alpha_series = [&](const std::string& label, const std::vector<AlphaRow>& rows,
                            bool zero) {
        arma::vec ep(rows.size());
        for (std::size_t k = 0; k < rows.size(); ++k)
            ep(k) = (zero ? rows[k].zero : rows[k].wrong).epochs;
        return nn::plot::Series{label, arma::vec(kAlphas), ep, "linespoints"};
    };
    std::vector<nn::plot::Series> as = {alpha_series("data, theta0 = 0", st.am, true),
                                        alpha_series("data, theta0 wrong way", st.am, false),
                                        alpha_series("iris, theta0 = 0", st.ai, true),
                                        alpha_series("iris, theta0 wrong way", st.ai, false)};
    // Mark the runs that stopped at the epoch limit without converging.
    std::vector<double> lim_x, lim_y;
    for (const auto* rows : {&st.am, &st.ai})
        for (std::size_t k = 0; k < kAlphas.size(); ++k)
            for (const Stop& r : {(*rows)[k].zero, (*rows)[k].wrong})
                if (!r.converged) lim_x.push_back(kAlphas[k]), lim_y.push_back(r.epochs);
    if (!lim_x.empty())
        as.push_back({"stopped at the epoch limit, not converged", arma::vec(lim_x),
                      arma::vec(lim_y), "points"});
    nn::plot::lines(o.out, "ch02_alpha", as, lo);
}

}  // namespace ch02
