// Chapter 02 program — online against batch perceptron; the XOR trap; the effect of epsilon, alpha.
// Demonstrations: online_vs_batch, slow_case, xor_trap, epsilon_effect, alpha_effect, the plots.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "batch_perceptron.hpp"
#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/paths.hpp"
#include "nn/text.hpp"
#include "perceptron.hpp"
#include "program.hpp"  // the program's structs; figures and metrics: program_*.cpp

using namespace ch02;

namespace {

// The Case of features X (d x N) and labels 0/1 or -1/+1 read from `source`.
Case make_case(const std::string& name, const std::string& source, const arma::mat& X,
               const arma::rowvec& labels) {
    const arma::ivec y01 = nn::to_binary_labels(labels, source);
    return {name, source, X, y01, nn::augment_with_ones(X), nn::to_signed_labels(y01)};
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

std::string updates(std::size_t k) {
    return std::to_string(k) + (k == 1 ? " update" : " updates");
}

std::string theta_str(const arma::vec& t) {
    std::ostringstream os;
    os << "(";
    for (arma::uword i = 0; i < t.n_elem; ++i) os << (i ? ", " : "") << nn::fmt(t(i), 4);
    os << ")";
    return os.str();
}

Result compare(const Case& c, const nn::CommonOptions& o, const nn::BatchOptions& bopt,
               bool log_batch) {
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
                log.epoch(e, "mistakes " + std::to_string(step.mistakes_per_epoch.front()) +
                                 "  |Delta| " + nn::fmt(step.delta_norm, 4) + "  theta " +
                                 theta_str(r.theta));
        }
    }
    r.batch_seconds = t_batch.seconds();
    r.batch_acc = nn::signed_accuracy(r.theta, c.Xt, c.s);
    return r;
}

std::string run_summary(const char* who, bool converged, int epochs, double acc, int max_epochs) {
    std::ostringstream os;
    os << "  " << std::left << std::setw(8) << who
       << (converged ? "converged after " : "did NOT converge in ") << epochs << " epochs"
       << (converged ? "" : " (the limit, --epochs " + std::to_string(max_epochs) + ")")
       << ", accuracy " << nn::fmt(acc, 4);
    return os.str();
}

// Where a batch run from theta0 stops: epochs, whether |Delta| < epsilon, training accuracy.
Stop batch_from(const Case& c, const nn::BatchOptions& opt, arma::vec theta) {
    const nn::BatchRun r = nn::batch_perceptron_train(theta, c.Xt, c.s, opt);
    return {r.epochs, r.converged, nn::signed_accuracy(theta, c.Xt, c.s)};
}

// The epsilon study: same start (zero), same alpha, several tolerances.
std::vector<Stop> epsilon_study(const Case& c, nn::BatchOptions opt,
                                const std::vector<double>& eps) {
    std::vector<Stop> rows;
    for (double e : eps) {
        opt.epsilon = e;
        rows.push_back(batch_from(c, opt, arma::vec(c.Xt.n_rows, arma::fill::zeros)));
    }
    return rows;
}

// The alpha study: from theta0 = 0 (alpha only rescales theta) and from a unit theta0 that
// points the wrong way (then alpha decides how fast the start is forgotten).
std::vector<AlphaRow> alpha_study(const Case& c, nn::BatchOptions opt, const arma::vec& wrong_start,
                                  const std::vector<double>& alphas) {
    std::vector<AlphaRow> rows;
    for (double a : alphas) {
        opt.lr = a;
        rows.push_back({batch_from(c, opt, arma::vec(c.Xt.n_rows, arma::fill::zeros)),
                        batch_from(c, opt, wrong_start)});
    }
    return rows;
}

std::string epochs_cell(int epochs, bool converged) {
    return converged ? std::to_string(epochs) : ">" + std::to_string(epochs);
}

nn::BatchOptions batch_options(const Options& opt, const nn::CommonOptions& o) {
    nn::BatchOptions b;
    b.lr = opt.fixed_increment ? 1.0 : o.lr;
    b.normalize = !opt.fixed_increment;
    b.epsilon = opt.epsilon;
    b.max_epochs = o.epochs;
    return b;
}

// 1. Online against batch on the data of --data: one update per mistake, one per epoch.
Result online_vs_batch(const nn::Program& prog, const nn::CommonOptions& o,
                       const nn::BatchOptions& bopt, const Case& c, const std::string& mode) {
    prog.say(nn::str("data: ", c.source, " (", c.X.n_cols, " samples, ", c.X.n_rows, " features)"));
    prog.say(nn::str("batch perceptron, ", mode, ", epsilon = ", nn::fmt(bopt.epsilon),
                     ", at most ", o.epochs, " epochs:"));
    const Result r = compare(c, o, bopt, true);
    prog.say(run_summary("online", r.online.converged, r.online.epochs, r.online_acc, o.epochs) +
             "  (" + updates(r.online.mistakes) + ")");
    prog.say(nn::str(run_summary("batch", r.batch.converged, r.batch.epochs, r.batch_acc, o.epochs),
                     "  (", updates(static_cast<std::size_t>(r.batch.epochs)),
                     "), final |Delta| = ", nn::fmt(r.batch.delta_norm),
                     ", theta = ", theta_str(r.theta)));
    if (r.batch.converged && r.batch_acc < 1.0)
        prog.say(
            "  note: the stopping rule fired with points still wrong (|Delta| < epsilon is not "
            "'no mistake')");
    return r;
}

// 2. A slow case: iris setosa vs versicolor on the two sepal features.
Result slow_case(const nn::Program& prog, const nn::CommonOptions& o, const nn::BatchOptions& bopt,
                 const Case& iris) {
    prog.say(nn::str("slow case: ", iris.name, ", ", iris.X.n_cols, " samples:"));
    const Result r = compare(iris, o, bopt, false);
    prog.say(run_summary("online", r.online.converged, r.online.epochs, r.online_acc, o.epochs) +
             "  (" + updates(r.online.mistakes) + ")");
    prog.say(nn::str(run_summary("batch", r.batch.converged, r.batch.epochs, r.batch_acc, o.epochs),
                     ", final |Delta| = ", nn::fmt(r.batch.delta_norm), ", ",
                     nn::fmt(r.batch_seconds, 2), " s"));
    return r;
}

// 3. XOR: at theta = 0 the four y xt cancel, Delta = 0, and the rule stops at once.
nn::Json xor_trap(const nn::Program& prog, const nn::BatchOptions& bopt) {
    const nn::LabelledData xd = nn::load_csv(nn::dataset_file("xor.csv"));
    const Case xr = make_case("XOR", nn::dataset_file("xor.csv"), xd.X, xd.y);
    arma::vec txor(3, arma::fill::zeros);
    const nn::BatchRun rx = nn::batch_perceptron_train(txor, xr.Xt, xr.s, bopt);
    const double xacc = nn::signed_accuracy(txor, xr.Xt, xr.s);
    prog.say(nn::str("XOR: the rule ", rx.converged ? "stopped" : "did not stop", " after ",
                     rx.epochs, " epoch(s) with |Delta| = ", nn::fmt(rx.delta_norm),
                     ", theta = ", theta_str(txor), ", accuracy ", nn::fmt(xacc, 3),
                     rx.converged && xacc < 1
                         ? "  <- stopped, but nothing is learned: the mistakes cancelled"
                         : ""));
    nn::Json mx;
    mx.set("stopped", rx.converged)
        .set("epochs", rx.epochs)
        .set("delta_norm", rx.delta_norm)
        .set("accuracy", xacc);
    return mx;
}

// 4. The effect of epsilon (averaged update, alpha as chosen, from zero).
void epsilon_effect(const nn::CommonOptions& o, const nn::BatchOptions& study, const Case& data,
                    const Case& iris, Studies& st) {
    st.em = epsilon_study(data, study, kEpsilons);
    st.ei = epsilon_study(iris, study, kEpsilons);
    if (o.quiet) return;
    std::cout << "effect of epsilon (averaged update, theta0 = 0): epochs until |Delta| < "
                 "epsilon, accuracy then\n";
    std::printf("  %9s%12s%10s%12s%10s\n", "epsilon", "data epochs", "acc", "iris epochs", "acc");
    for (std::size_t k = 0; k < kEpsilons.size(); ++k)
        std::printf("  %9s%12s%10s%12s%10s\n", nn::fmt(kEpsilons[k], 3).c_str(),
                    epochs_cell(st.em[k].epochs, st.em[k].converged).c_str(),
                    nn::fmt(st.em[k].acc, 4).c_str(),
                    epochs_cell(st.ei[k].epochs, st.ei[k].converged).c_str(),
                    nn::fmt(st.ei[k].acc, 4).c_str());
}

// A unit theta0 pointing the wrong way: the batch answer, reversed.
arma::vec wrong_start(const Result& r, arma::uword dim) {
    arma::vec t = -r.theta;
    if (arma::norm(t) == 0) t = -arma::vec(dim, arma::fill::ones);
    return t / arma::norm(t);
}

// 5. The effect of alpha: from zero it only rescales theta; from a wrong start it matters.
void alpha_effect(const nn::CommonOptions& o, const nn::BatchOptions& study, const Case& data,
                  const Case& iris, const Result& rm, const Result& ri, Studies& st) {
    st.am = alpha_study(data, study, wrong_start(rm, data.Xt.n_rows), kAlphas);
    st.ai = alpha_study(iris, study, wrong_start(ri, iris.Xt.n_rows), kAlphas);
    if (o.quiet) return;
    std::cout << "effect of alpha (averaged update, epsilon = " << nn::fmt(study.epsilon)
              << "): epochs to converge from theta0 = 0 and from theta0 = -theta*/|theta*| (the "
                 "batch answer, reversed)\n";
    std::printf("  %9s%14s%14s%14s%14s\n", "alpha", "data, 0", "data, wrong", "iris, 0",
                "iris, wrong");
    for (std::size_t k = 0; k < kAlphas.size(); ++k)
        std::printf("  %9s%14s%14s%14s%14s\n", nn::fmt(kAlphas[k], 3).c_str(),
                    epochs_cell(st.am[k].zero.epochs, st.am[k].zero.converged).c_str(),
                    epochs_cell(st.am[k].wrong.epochs, st.am[k].wrong.converged).c_str(),
                    epochs_cell(st.ai[k].zero.epochs, st.ai[k].zero.converged).c_str(),
                    epochs_cell(st.ai[k].wrong.epochs, st.ai[k].wrong.converged).c_str());
    std::cout << "  ('>N': not converged within --epochs N)\n";
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog(
        "ch02_batch_perceptron",
        "Chapter 02: the batch perceptron (one averaged update per epoch, gradient descent on "
        "the perceptron criterion) against the online perceptron of chapter 01; the effect of "
        "alpha and epsilon.");
    prog.defaults.epochs = 5000;
    prog.defaults.lr = 1.0;
    prog.add_common();
    Options opt;
    prog.app
        .add_option("--epsilon", opt.epsilon,
                    "stop when ||Delta||_2 < epsilon (default 1e-6: with the averaged update, in "
                    "practice 'until no mistake'; 0 never stops, the run goes to --epochs)")
        ->check(nn::non_negative_number());
    prog.app.add_flag(
        "--fixed-increment", opt.fixed_increment,
        "alpha = 1 and no division by n: the fixed-increment perceptron (--lr is ignored)");
    prog.app.footer(
        "Data: a CSV file with a header row, numeric features and the label (0/1 or -1/+1) "
        "last.\nDefault: datasets/separable.csv. Then always: iris setosa vs versicolor by "
        "sepal length and\nwidth (datasets/iris.csv), a separable but slow case, and the 4 "
        "points of XOR.\nPlots and metrics go to --out.");
    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        const nn::BatchOptions bopt = batch_options(opt, o);
        if (opt.fixed_increment && prog.app.count("--lr") > 0)
            prog.say("note: --fixed-increment uses alpha = 1; --lr " + nn::fmt(o.lr) +
                     " is ignored");
        const std::string mode = opt.fixed_increment
                                     ? "fixed increment (alpha = 1, Delta not divided by n)"
                                     : "averaged update, alpha = " + nn::fmt(bopt.lr);
        const std::string path = o.data.empty() ? nn::dataset_file("separable.csv") : o.data;
        const nn::LabelledData data = nn::load_csv(path);
        const Case main_case = make_case("data", path, data.X, data.y);
        const Result rm = online_vs_batch(prog, o, bopt, main_case, mode);
        const Case iris = iris_case();
        const Result ri = slow_case(prog, o, bopt, iris);
        const nn::Json xor_json = xor_trap(prog, bopt);

        nn::BatchOptions study = bopt;  // the studies use the averaged update
        study.normalize = true;
        Studies st;
        epsilon_effect(o, study, main_case, iris, st);
        alpha_effect(o, study, main_case, iris, rm, ri, st);

        plot_training(o, rm, ri);
        plot_boundaries(prog, o, main_case, data.feature_names, rm, early_epoch(st.em),
                        "ch02_boundaries", "Online and batch perceptron on the same data",
                        {"y = -1", "y = +1"});
        plot_boundaries(prog, o, iris, {"sepal length (cm)", "sepal width (cm)"}, ri,
                        early_epoch(st.ei), "ch02_iris_boundaries",
                        "Iris setosa vs versicolor: online and batch lines",
                        {"setosa (y = -1)", "versicolor (y = +1)"});
        plot_studies(o, st);

        prog.write_metrics(metrics_json(main_case, opt, bopt, rm, ri, xor_json, st));
        // The one line printed even with --quiet.
        std::cout << "ch02_batch_perceptron: batch "
                  << (rm.batch.converged ? "converged" : "did NOT converge") << " after "
                  << rm.batch.epochs << " epochs (online: " << rm.online.epochs
                  << "), final |Delta| " << nn::fmt(rm.batch.delta_norm, 4) << "; plots in "
                  << o.out << std::endl;
        return 0;
    });
}
