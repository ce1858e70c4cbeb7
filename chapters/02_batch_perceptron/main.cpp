// ch02_batch_perceptron — online (chapter 01) against batch perceptron on the same data;
// ||Delta|| per epoch; the effect of epsilon and of alpha; the XOR trap of the stopping rule.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "batch_perceptron.hpp"
#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/paths.hpp"
#include "nn/plot.hpp"
#include "perceptron.hpp"

namespace {

// One data set in both label conventions.
struct Case {
    std::string name;    // for messages and legends
    std::string source;  // file it came from
    arma::mat X;         // d x N
    arma::ivec y01;      // N labels 0/1 (chapter 01)
    arma::mat Xt;        // (d+1) x N augmented
    arma::rowvec s;      // 1 x N labels -1/+1 (this chapter)
};

Case make_case(const std::string& name, const std::string& source, const arma::mat& X, const arma::rowvec& labels) {
    Case c;
    c.name = name;
    c.source = source;
    c.X = X;
    c.y01 = nn::to_binary_labels(labels, source);
    c.Xt = nn::augment_with_ones(X);
    c.s = nn::to_signed_labels(c.y01);
    return c;
}

// Setosa (0) against versicolor (1) by sepal length and width: separable, but off-centre
// and with a thin margin, so the perceptron needs many epochs.
Case iris_case() {
    const std::string path = nn::dataset_file("iris.csv");
    const nn::LabelledData d = nn::load_csv(path);
    const arma::uvec keep = arma::find(d.y < 1.5);
    const arma::mat X = d.X.rows(0, 1).eval().cols(keep);
    const arma::rowvec y = d.y.cols(keep);
    return make_case("iris setosa/versicolor (sepal length, width)", path, X, y);
}

// Epochs 1..5, then 10, 20, 50, 100, 200, 500, ...: a readable log for long runs.
bool report_epoch(int e) {
    if (e <= 5) return true;
    int p = 1;
    while (p * 10 <= e) p *= 10;
    return e == p || e == 2 * p || e == 5 * p;
}

std::string updates(std::size_t k) { return std::to_string(k) + (k == 1 ? " update" : " updates"); }

std::string theta_str(const arma::vec& t) {
    std::ostringstream os;
    os << "(";
    for (arma::uword i = 0; i < t.n_elem; ++i) os << (i ? ", " : "") << nn::fmt(t(i), 4);
    os << ")";
    return os.str();
}

// Everything measured on one case.
struct Result {
    nn::PerceptronRun online;
    nn::Perceptron unit;  // the online perceptron at the end
    double online_acc = 0, online_seconds = 0;
    nn::BatchRun batch;
    arma::vec theta;
    double batch_acc = 0, batch_seconds = 0;
};

Result compare(const Case& c, const nn::CommonOptions& o, const nn::BatchOptions& bopt, bool log_batch) {
    Result r;
    // Online (chapter 01): one update per mistake, judged with the current theta.
    nn::Perceptron p = nn::Perceptron::zeros(c.X.n_rows);
    nn::Timer t_online;
    r.online = nn::perceptron_train(p, c.X, c.y01, bopt.lr, o.epochs);
    r.online_seconds = t_online.seconds();
    r.online_acc = nn::signed_accuracy(nn::theta_from_perceptron(p), c.Xt, c.s);
    r.unit = p;

    // Batch: one update per epoch, from all mistakes of the theta at the start of the epoch.
    r.theta = arma::vec(c.Xt.n_rows, arma::fill::zeros);
    nn::Timer t_batch;
    if (!log_batch) {
        r.batch = nn::batch_perceptron_train(r.theta, c.Xt, c.s, bopt);
    } else {
        // One epoch per call so that each epoch can be reported as it happens.
        nn::EpochLogger log(bopt.max_epochs, o.quiet);
        nn::BatchOptions one = bopt;
        one.max_epochs = 1;
        for (int e = 1; e <= bopt.max_epochs && !r.batch.converged; ++e) {
            const nn::BatchRun step = nn::batch_perceptron_train(r.theta, c.Xt, c.s, one);
            r.batch.epochs = e;
            r.batch.converged = step.converged;
            r.batch.delta_norm = step.delta_norm;
            r.batch.delta_norms.push_back(step.delta_norm);
            r.batch.mistakes_per_epoch.push_back(step.mistakes_per_epoch.front());
            r.batch.history.push_back(r.theta);
            if (report_epoch(e) || r.batch.converged || e == bopt.max_epochs)
                log.epoch(e, "mistakes " + std::to_string(step.mistakes_per_epoch.front()) + "  |Delta| " +
                                 nn::fmt(step.delta_norm, 4) + "  theta " + theta_str(r.theta));
        }
    }
    r.batch_seconds = t_batch.seconds();
    r.batch_acc = nn::signed_accuracy(r.theta, c.Xt, c.s);
    return r;
}

std::string run_summary(const char* who, bool converged, int epochs, double acc, int max_epochs) {
    std::ostringstream os;
    os << "  " << std::left << std::setw(8) << who << (converged ? "converged after " : "did NOT converge in ")
       << epochs << " epochs" << (converged ? "" : " (the limit, --epochs " + std::to_string(max_epochs) + ")")
       << ", accuracy " << nn::fmt(acc, 4);
    return os.str();
}

arma::vec epochs_axis(std::size_t n) { return arma::regspace(1, static_cast<double>(n)); }

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

// The epsilon study: same start (zero), same alpha, several tolerances.
struct EpsRow {
    double epsilon;
    nn::BatchRun run;
    double acc;
};
std::vector<EpsRow> epsilon_study(const Case& c, const nn::BatchOptions& base, const std::vector<double>& eps) {
    std::vector<EpsRow> rows;
    for (double e : eps) {
        nn::BatchOptions opt = base;
        opt.epsilon = e;
        arma::vec theta(c.Xt.n_rows, arma::fill::zeros);
        nn::BatchRun run = nn::batch_perceptron_train(theta, c.Xt, c.s, opt);
        run.history.clear();  // not needed, keep memory small
        rows.push_back({e, std::move(run), nn::signed_accuracy(theta, c.Xt, c.s)});
    }
    return rows;
}

// The alpha study: from theta0 = 0 (alpha only rescales theta) and from a unit theta0 that
// points the wrong way (then alpha decides how fast the start is forgotten).
struct AlphaRow {
    double alpha;
    int epochs_zero, epochs_wrong;
    bool conv_zero, conv_wrong;
    double acc_zero, acc_wrong;
};
std::vector<AlphaRow> alpha_study(const Case& c, const nn::BatchOptions& base, const arma::vec& wrong_start,
                                  const std::vector<double>& alphas) {
    std::vector<AlphaRow> rows;
    for (double a : alphas) {
        nn::BatchOptions opt = base;
        opt.lr = a;
        AlphaRow row{a, 0, 0, false, false, 0, 0};
        arma::vec t0(c.Xt.n_rows, arma::fill::zeros);
        const nn::BatchRun r0 = nn::batch_perceptron_train(t0, c.Xt, c.s, opt);
        row.epochs_zero = r0.epochs;
        row.conv_zero = r0.converged;
        row.acc_zero = nn::signed_accuracy(t0, c.Xt, c.s);
        arma::vec t1 = wrong_start;
        const nn::BatchRun r1 = nn::batch_perceptron_train(t1, c.Xt, c.s, opt);
        row.epochs_wrong = r1.epochs;
        row.conv_wrong = r1.converged;
        row.acc_wrong = nn::signed_accuracy(t1, c.Xt, c.s);
        rows.push_back(row);
    }
    return rows;
}

std::string epochs_cell(int epochs, bool converged) {
    return converged ? std::to_string(epochs) : ">" + std::to_string(epochs);
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog("ch02_batch_perceptron",
                     "Chapter 02: the batch perceptron (one averaged update per epoch, gradient descent on the "
                     "perceptron criterion) against the online perceptron of chapter 01; the effect of alpha "
                     "and epsilon.");
    prog.defaults.epochs = 5000;
    prog.defaults.lr = 1.0;
    prog.add_common();
    double epsilon = 1e-6;
    bool fixed_increment = false;
    prog.app.add_option("--epsilon", epsilon,
                        "stop when ||Delta||_2 < epsilon (default 1e-6: with the averaged update, in practice "
                        "'until no mistake'; 0 never stops, the run goes to --epochs)")
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
                char* end = nullptr;
                const double v = std::strtod(text.c_str(), &end);
                if (end == text.c_str() || *end != '\0' || !std::isfinite(v) || v < 0)
                    return "must be a number >= 0 (e.g. 1e-6 or 0.03), got '" + text + "'";
                return "";
            },
            "NUMBER >= 0"));
    prog.app.add_flag("--fixed-increment", fixed_increment,
                      "alpha = 1 and no division by n: the fixed-increment perceptron (--lr is ignored)");
    prog.app.footer("Data: a CSV file with a header row, numeric features and the label (0/1 or -1/+1) last.\n"
                    "Default: datasets/separable.csv. Then always: iris setosa vs versicolor by sepal length and\n"
                    "width (datasets/iris.csv), a separable but slow case, and the 4 points of XOR.\n"
                    "Plots and metrics go to --out.");
    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::BatchOptions bopt;
        bopt.lr = fixed_increment ? 1.0 : o.lr;
        bopt.normalize = !fixed_increment;
        bopt.epsilon = epsilon;
        bopt.max_epochs = o.epochs;
        if (fixed_increment && prog.app.count("--lr") > 0)
            prog.say("note: --fixed-increment uses alpha = 1; --lr " + nn::fmt(o.lr) + " is ignored");
        const std::string mode = fixed_increment ? "fixed increment (alpha = 1, Delta not divided by n)"
                                                 : "averaged update, alpha = " + nn::fmt(bopt.lr);

        // 1. The data of --data (or the default file).
        const std::string path = o.data.empty() ? nn::dataset_file("separable.csv") : o.data;
        const nn::LabelledData data = nn::load_csv(path);
        const Case main_case = make_case("data", path, data.X, data.y);
        prog.say("data: " + path + " (" + std::to_string(data.X.n_cols) + " samples, " +
                 std::to_string(data.X.n_rows) + " features)");
        prog.say("batch perceptron, " + mode + ", epsilon = " + nn::fmt(epsilon) + ", at most " +
                 std::to_string(o.epochs) + " epochs:");
        const Result rm = compare(main_case, o, bopt, true);
        prog.say(run_summary("online", rm.online.converged, rm.online.epochs, rm.online_acc, o.epochs) + "  (" +
                 updates(rm.online.mistakes) + ")");
        prog.say(run_summary("batch", rm.batch.converged, rm.batch.epochs, rm.batch_acc, o.epochs) + "  (" +
                 updates(static_cast<std::size_t>(rm.batch.epochs)) + "), final |Delta| = " + nn::fmt(rm.batch.delta_norm) +
                 ", theta = " + theta_str(rm.theta));
        if (rm.batch.converged && rm.batch_acc < 1.0)
            prog.say("  note: the stopping rule fired with points still wrong (|Delta| < epsilon is not 'no mistake')");

        // 2. A slow case: iris setosa vs versicolor on the two sepal features.
        const Case iris = iris_case();
        prog.say("slow case: " + iris.name + ", " + std::to_string(iris.X.n_cols) + " samples:");
        const Result ri = compare(iris, o, bopt, false);
        prog.say(run_summary("online", ri.online.converged, ri.online.epochs, ri.online_acc, o.epochs) + "  (" +
                 updates(ri.online.mistakes) + ")");
        prog.say(run_summary("batch", ri.batch.converged, ri.batch.epochs, ri.batch_acc, o.epochs) +
                 ", final |Delta| = " + nn::fmt(ri.batch.delta_norm) + ", " + nn::fmt(ri.batch_seconds, 2) + " s");

        // 3. XOR: at theta = 0 the four y xt cancel, Delta = 0, and the rule stops at once.
        const nn::LabelledData xd = nn::load_csv(nn::dataset_file("xor.csv"));
        const Case xr = make_case("XOR", nn::dataset_file("xor.csv"), xd.X, xd.y);
        arma::vec txor(3, arma::fill::zeros);
        const nn::BatchRun rx = nn::batch_perceptron_train(txor, xr.Xt, xr.s, bopt);
        const double xacc = nn::signed_accuracy(txor, xr.Xt, xr.s);
        prog.say("XOR: the rule " + std::string(rx.converged ? "stopped" : "did not stop") + " after " +
                 std::to_string(rx.epochs) + " epoch(s) with |Delta| = " + nn::fmt(rx.delta_norm) +
                 ", theta = " + theta_str(txor) + ", accuracy " + nn::fmt(xacc, 3) +
                 (rx.converged && xacc < 1 ? "  <- stopped, but nothing is learned: the mistakes cancelled" : ""));

        // 4. The effect of epsilon (averaged update, alpha as chosen, from zero).
        nn::BatchOptions study = bopt;
        study.normalize = true;
        study.lr = fixed_increment ? 1.0 : o.lr;
        const std::vector<double> eps_list = {0.001, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0};
        const std::vector<EpsRow> em = epsilon_study(main_case, study, eps_list);
        const std::vector<EpsRow> ei = epsilon_study(iris, study, eps_list);
        if (!o.quiet) {
            std::cout << "effect of epsilon (averaged update, theta0 = 0): epochs until |Delta| < epsilon, "
                         "accuracy then\n";
            std::cout << "  " << std::setw(9) << "epsilon" << std::setw(12) << "data epochs" << std::setw(10) << "acc"
                      << std::setw(12) << "iris epochs" << std::setw(10) << "acc" << "\n";
            for (std::size_t k = 0; k < eps_list.size(); ++k)
                std::cout << "  " << std::setw(9) << nn::fmt(eps_list[k], 3) << std::setw(12)
                          << epochs_cell(em[k].run.epochs, em[k].run.converged) << std::setw(10)
                          << nn::fmt(em[k].acc, 4) << std::setw(12)
                          << epochs_cell(ei[k].run.epochs, ei[k].run.converged) << std::setw(10)
                          << nn::fmt(ei[k].acc, 4) << "\n";
        }

        // 5. The effect of alpha: from zero it only rescales theta; from a wrong start it matters.
        auto wrong_start = [](const Result& r, arma::uword dim) {
            arma::vec t = -r.theta;
            if (arma::norm(t) == 0) t = -arma::vec(dim, arma::fill::ones);
            return arma::vec(t / arma::norm(t));  // unit length, pointing the wrong way
        };
        const std::vector<double> alphas = {0.001, 0.01, 0.1, 1.0, 10.0, 100.0};
        const std::vector<AlphaRow> am = alpha_study(main_case, study, wrong_start(rm, main_case.Xt.n_rows), alphas);
        const std::vector<AlphaRow> ai = alpha_study(iris, study, wrong_start(ri, iris.Xt.n_rows), alphas);
        if (!o.quiet) {
            std::cout << "effect of alpha (averaged update, epsilon = " << nn::fmt(epsilon)
                      << "): epochs to converge from theta0 = 0 and from theta0 = -theta*/|theta*| "
                         "(the batch answer, reversed)\n";
            std::cout << "  " << std::setw(9) << "alpha" << std::setw(14) << "data, 0" << std::setw(14)
                      << "data, wrong" << std::setw(14) << "iris, 0" << std::setw(14) << "iris, wrong" << "\n";
            for (std::size_t k = 0; k < alphas.size(); ++k)
                std::cout << "  " << std::setw(9) << nn::fmt(alphas[k], 3) << std::setw(14)
                          << epochs_cell(am[k].epochs_zero, am[k].conv_zero) << std::setw(14)
                          << epochs_cell(am[k].epochs_wrong, am[k].conv_wrong) << std::setw(14)
                          << epochs_cell(ai[k].epochs_zero, ai[k].conv_zero) << std::setw(14)
                          << epochs_cell(ai[k].epochs_wrong, ai[k].conv_wrong) << "\n";
            std::cout << "  ('>N': not converged within --epochs N)\n";
        }

        // 6. Plots.
        nn::plot::LineOptions lo;
        lo.title = "Batch perceptron: |Delta| per epoch (exact zeros, the last epoch, not drawn)";
        lo.xlabel = "epoch";
        lo.ylabel = "|Delta|_2";
        lo.logy = true;
        lo.logx = true;
        std::vector<nn::plot::Series> dn = {delta_series("data", rm.batch), delta_series("iris (slow case)", ri.batch)};
        dn[0].style = "linespoints";
        dn[1].style = "points";  // iris oscillates from one epoch to the next: a line would be a solid band
        const double last_x = static_cast<double>(std::max<std::size_t>(2, std::max(rm.batch.delta_norms.size(),
                                                                                     ri.batch.delta_norms.size())));
        for (double e : {0.03, 0.3})
            dn.push_back({"epsilon = " + nn::fmt(e), arma::vec{1.0, last_x}, arma::vec{e, e}, "lines"});
        nn::plot::lines(o.out, "ch02_delta_norm", dn, lo);

        lo = nn::plot::LineOptions();
        lo.title = "Mistakes per epoch: online (during the sweep) vs batch (of theta at the start)";
        lo.xlabel = "epoch";
        lo.ylabel = "mistakes";
        lo.logx = true;
        lo.ymin = 0;
        auto mistakes_series = [](const std::string& label, const std::vector<std::size_t>& m) {
            // Points, not lines: the iris counts jump every epoch and lines would fill a band.
            return nn::plot::Series{label, epochs_axis(m.size()), arma::conv_to<arma::vec>::from(m), "points"};
        };
        nn::plot::lines(o.out, "ch02_mistakes",
                        {mistakes_series("data, online", rm.online.mistakes_per_epoch),
                         mistakes_series("data, batch", rm.batch.mistakes_per_epoch),
                         mistakes_series("iris, online", ri.online.mistakes_per_epoch),
                         mistakes_series("iris, batch", ri.batch.mistakes_per_epoch)},
                        lo);

        // Where the epsilon = 0.03 run stops: a line that is nearly, but not quite, right.
        auto early_epoch = [&](const std::vector<EpsRow>& rows) {
            for (const EpsRow& r : rows)
                if (r.epsilon == 0.03) return r.run.epochs;
            return 0;
        };
        auto boundary_plot = [&](const Case& c, const std::vector<std::string>& names, const Result& r, int early,
                                 const std::string& name, const std::string& title,
                                 const std::vector<std::string>& class_names) {
            if (c.X.n_rows != 2) {
                prog.say("(" + c.name + " has " + std::to_string(c.X.n_rows) +
                         " features: no boundary plot, which needs 2)");
                return;
            }
            std::vector<nn::plot::BoundaryLine> ls;
            if (early >= 1 && early < r.batch.epochs)
                ls.push_back(line_of(r.batch.history[static_cast<std::size_t>(early) - 1],
                                     "batch, epoch " + std::to_string(early) + " (where epsilon = 0.03 stops)"));
            ls.push_back(line_of(r.theta, "batch, final (epoch " + std::to_string(r.batch.epochs) + ")"));
            // Say so when the two final lines coincide (one would hide the other).
            const arma::vec on = nn::theta_from_perceptron(r.unit);
            const double cos_sim = arma::dot(on, r.theta) / std::max(1e-300, arma::norm(on) * arma::norm(r.theta));
            ls.push_back(line_of(on, "online, final (epoch " + std::to_string(r.online.epochs) + ")" +
                                         (cos_sim > 0.9995 ? ": on top of the batch line" : "")));
            nn::plot::ScatterOptions so;
            so.title = title;
            so.class_names = class_names;
            if (names.size() == 2) {
                so.xlabel = names[0];
                so.ylabel = names[1];
            }
            nn::plot::scatter(o.out, name, c.X, arma::conv_to<arma::uvec>::from(c.y01), ls, so);
        };
        boundary_plot(main_case, data.feature_names, rm, early_epoch(em), "ch02_boundaries",
                      "Online and batch perceptron on the same data", {"y = -1", "y = +1"});
        boundary_plot(iris, {"sepal length (cm)", "sepal width (cm)"}, ri, early_epoch(ei), "ch02_iris_boundaries",
                      "Iris setosa vs versicolor: online and batch lines",
                      {"setosa (y = -1)", "versicolor (y = +1)"});

        lo = nn::plot::LineOptions();
        lo.title = "Effect of epsilon: training accuracy when |Delta| first drops below epsilon";
        lo.xlabel = "epsilon";
        lo.ylabel = "training accuracy";
        lo.logx = true;
        auto eps_series = [&](const std::string& label, const std::vector<EpsRow>& rows) {
            arma::vec acc(rows.size());
            for (std::size_t k = 0; k < rows.size(); ++k) acc(k) = rows[k].acc;
            return nn::plot::Series{label, arma::vec(eps_list), acc, "linespoints"};
        };
        nn::plot::lines(o.out, "ch02_epsilon", {eps_series("data", em), eps_series("iris (slow case)", ei)}, lo);
        lo.title = "Effect of epsilon: epochs until |Delta| first drops below epsilon";
        lo.ylabel = "epochs";
        lo.logy = true;
        auto eps_epochs = [&](const std::string& label, const std::vector<EpsRow>& rows) {
            arma::vec ep(rows.size());
            for (std::size_t k = 0; k < rows.size(); ++k) ep(k) = rows[k].run.epochs;
            return nn::plot::Series{label, arma::vec(eps_list), ep, "linespoints"};
        };
        nn::plot::lines(o.out, "ch02_epsilon_epochs", {eps_epochs("data", em), eps_epochs("iris (slow case)", ei)}, lo);

        lo = nn::plot::LineOptions();
        lo.title = "Effect of alpha: epochs to converge (runs that hit --epochs are drawn at the limit)";
        lo.xlabel = "alpha";
        lo.ylabel = "epochs";
        lo.logx = true;
        lo.logy = true;
        auto alpha_series = [&](const std::string& label, const std::vector<AlphaRow>& rows, bool zero) {
            arma::vec ep(rows.size());
            for (std::size_t k = 0; k < rows.size(); ++k) ep(k) = zero ? rows[k].epochs_zero : rows[k].epochs_wrong;
            return nn::plot::Series{label, arma::vec(alphas), ep, "linespoints"};
        };
        std::vector<nn::plot::Series> as = {
            alpha_series("data, theta0 = 0", am, true), alpha_series("data, theta0 wrong way", am, false),
            alpha_series("iris, theta0 = 0", ai, true), alpha_series("iris, theta0 wrong way", ai, false)};
        // Mark the runs that stopped at the epoch limit without converging.
        std::vector<double> lim_x, lim_y;
        for (const auto* rows : {&am, &ai})
            for (const AlphaRow& r : *rows) {
                if (!r.conv_zero) lim_x.push_back(r.alpha), lim_y.push_back(r.epochs_zero);
                if (!r.conv_wrong) lim_x.push_back(r.alpha), lim_y.push_back(r.epochs_wrong);
            }
        if (!lim_x.empty())
            as.push_back({"stopped at the epoch limit, not converged", arma::vec(lim_x), arma::vec(lim_y), "points"});
        nn::plot::lines(o.out, "ch02_alpha", as, lo);

        // 7. Metrics.
        nn::Json m;
        m.set("data", path).set("mode", fixed_increment ? "fixed_increment" : "averaged");
        m.set("lr", bopt.lr).set("epsilon", epsilon).set("max_epochs", o.epochs);
        m.set("converged", rm.batch.converged).set("epochs", rm.batch.epochs).set("delta_norm", rm.batch.delta_norm);
        m.set("accuracy", rm.batch_acc).set("seconds", rm.batch_seconds);
        m.set("theta", arma::conv_to<std::vector<double>>::from(rm.theta));
        m.set("online_converged", rm.online.converged).set("online_epochs", rm.online.epochs);
        m.set("online_mistakes", static_cast<unsigned long>(rm.online.mistakes)).set("online_accuracy", rm.online_acc);
        m.set("online_seconds", rm.online_seconds);
        nn::Json mi;
        mi.set("converged", ri.batch.converged).set("epochs", ri.batch.epochs).set("delta_norm", ri.batch.delta_norm);
        mi.set("accuracy", ri.batch_acc).set("seconds", ri.batch_seconds);
        mi.set("online_converged", ri.online.converged).set("online_epochs", ri.online.epochs);
        mi.set("online_accuracy", ri.online_acc);
        m.set("iris", mi);
        nn::Json mx;
        mx.set("stopped", rx.converged).set("epochs", rx.epochs).set("delta_norm", rx.delta_norm).set("accuracy", xacc);
        m.set("xor", mx);
        std::vector<nn::Json> erows, arows;
        for (std::size_t k = 0; k < eps_list.size(); ++k) {
            nn::Json j;
            j.set("epsilon", eps_list[k]).set("epochs", em[k].run.epochs).set("converged", em[k].run.converged);
            j.set("accuracy", em[k].acc).set("iris_epochs", ei[k].run.epochs).set("iris_accuracy", ei[k].acc);
            erows.push_back(j);
        }
        for (std::size_t k = 0; k < alphas.size(); ++k) {
            nn::Json j;
            j.set("alpha", alphas[k]).set("epochs_from_zero", am[k].epochs_zero).set("converged_from_zero", am[k].conv_zero);
            j.set("epochs_from_wrong", am[k].epochs_wrong).set("converged_from_wrong", am[k].conv_wrong);
            j.set("iris_epochs_from_zero", ai[k].epochs_zero).set("iris_epochs_from_wrong", ai[k].epochs_wrong);
            j.set("iris_converged_from_wrong", ai[k].conv_wrong);
            arows.push_back(j);
        }
        m.set("epsilon_study", erows).set("alpha_study", arows);
        prog.write_metrics(m);
        // The one line printed even with --quiet.
        std::cout << "ch02_batch_perceptron: batch " << (rm.batch.converged ? "converged" : "did NOT converge")
                  << " after " << rm.batch.epochs << " epochs (online: " << rm.online.epochs << "), final |Delta| "
                  << nn::fmt(rm.batch.delta_norm, 4) << "; plots in " << o.out << std::endl;
        return 0;
    });
}
