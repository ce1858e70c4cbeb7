// Chapter 01 program — a perceptron learns a line within Novikoff's bound; AND and OR, never XOR.
// Demonstrations: learn_line, novikoff_check, plot_line_history, logic_gates; run it with --help.
#include <cmath>
#include <iostream>
#include <sstream>

#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/paths.hpp"
#include "nn/plot.hpp"
#include "perceptron.hpp"

namespace {

double accuracy_of(const nn::Perceptron& p, const arma::mat& X, const arma::ivec& y) {
    std::size_t right = 0;
    for (arma::uword i = 0; i < X.n_cols; ++i) right += nn::perceptron_predict(p, X.col(i)) == y(i);
    return static_cast<double>(right) / static_cast<double>(X.n_cols);
}

arma::uvec as_classes(const arma::ivec& y) {
    return arma::conv_to<arma::uvec>::from(y);
}

nn::plot::BoundaryLine line_of(const nn::Perceptron& p, const std::string& label) {
    return {p.w(0), p.w(1), p.b, label};
}

// Train one logic gate from its truth table and plot where its line ends up.
nn::Json gate(const std::string& name, const nn::CommonOptions& o,
              std::vector<nn::plot::Series>& curves) {
    const nn::LabelledData d = nn::load_csv(nn::dataset_file(name + ".csv"));
    const arma::ivec y = nn::to_binary_labels(d.y, name + ".csv");
    nn::Perceptron p = nn::Perceptron::zeros(d.X.n_rows);
    const nn::PerceptronRun run = nn::perceptron_train(p, d.X, y, o.lr, o.epochs);
    const double acc = accuracy_of(p, d.X, y);
    std::string upper = name;
    for (char& c : upper) c = static_cast<char>(std::toupper(c));
    if (!o.quiet) {
        std::cout << "  " << upper << ": " << (run.converged ? "converged" : "did NOT converge")
                  << " after " << run.epochs << " epochs, " << run.mistakes
                  << " mistakes, accuracy " << nn::fmt(acc, 3)
                  << (run.converged ? "" : "  (no line separates these points)") << "\n";
    }
    nn::plot::ScatterOptions so;
    so.title = upper + ": perceptron after " + std::to_string(run.epochs) + " epochs" +
               (run.converged ? " (converged)\na point on the line has z = 0, so h = 1"
                              : " (still cycling)");
    so.class_names = {"y = 0", "y = 1"};
    if (!run.converged) {
        // Wide enough that every line of the cycle crosses the picture (XOR's reach x = -1, y = -1).
        so.xmin = so.ymin = -1.5;
        so.xmax = so.ymax = 2.0;
    }
    std::vector<nn::plot::BoundaryLine> lines{line_of(p, "after the last epoch")};
    if (!run.converged) {
        // Show the cycle: one more epoch, drawing the line after every update.
        lines.clear();
        for (arma::uword i = 0; i < d.X.n_cols; ++i) {
            if (nn::perceptron_update(p, d.X.col(i), static_cast<int>(y(i)), o.lr) &&
                arma::norm(p.w) > 0)
                lines.push_back(line_of(p, "after a mistake on sample " + std::to_string(i + 1)));
        }
    }
    nn::plot::scatter(o.out, "ch01_" + name, d.X, as_classes(y), lines, so);
    arma::vec e = nn::plot::epoch_axis(run.epochs);
    arma::vec m = arma::conv_to<arma::vec>::from(run.mistakes_per_epoch);
    curves.push_back({upper, e, m, "linespoints"});
    nn::Json j;
    j.set("converged", run.converged)
        .set("epochs", run.epochs)
        .set("mistakes", static_cast<unsigned long>(run.mistakes));
    j.set("accuracy", acc);
    return j;
}

// The perceptron at the end of the training, its record and its training accuracy.
struct LineRun {
    nn::Perceptron p;
    nn::PerceptronRun run;
    double accuracy = 0;
};

// 1. Train from zero weights, one epoch at a time so that we can report each epoch.
LineRun learn_line(const arma::mat& X, const arma::ivec& y, const nn::CommonOptions& o) {
    LineRun r{nn::Perceptron::zeros(X.n_rows), {}, 0};
    nn::EpochLogger log(o.epochs, o.quiet);
    for (int e = 1; e <= o.epochs && !r.run.converged; ++e) {
        const nn::PerceptronRun one = nn::perceptron_train(r.p, X, y, o.lr, 1);
        r.run.epochs = e;
        r.run.mistakes += one.mistakes;
        r.run.mistakes_per_epoch.push_back(one.mistakes);
        r.run.history.push_back(r.p);
        r.run.converged = one.converged;
        log.epoch(e, "mistakes " + std::to_string(one.mistakes) + "  accuracy " +
                         nn::fmt(accuracy_of(r.p, X, y), 3));
    }
    r.accuracy = accuracy_of(r.p, X, y);
    return r;
}

// 2. Novikoff: mistakes <= (R / gamma)^2 when the data is separable with margin gamma.
nn::NovikoffBound novikoff_check(const nn::Program& prog, const arma::mat& X, const arma::ivec& y,
                                 const LineRun& r, nn::Json& m) {
    nn::NovikoffBound nb;
    if (!r.run.converged) {
        prog.say("did NOT converge in " + std::to_string(r.run.epochs) +
                 " epochs: the data may not be linearly separable (or try more --epochs). "
                 "Novikoff's bound needs separable data, so none is given.");
        m.set("bound", NAN);
        return nb;
    }
    nb = nn::novikoff_bound(X, y, r.p);
    const bool within = static_cast<double>(r.run.mistakes) <= nb.bound;
    std::ostringstream os;
    os << "converged after " << r.run.epochs << " epochs with " << r.run.mistakes
       << " mistakes in all.\n"
       << "Novikoff: R = " << nn::fmt(nb.radius) << ", gamma = " << nn::fmt(nb.gamma)
       << ", bound (R/gamma)^2 = " << nn::fmt(nb.bound) << "  ->  " << r.run.mistakes
       << (within ? " <= " : " > ") << nn::fmt(nb.bound);
    prog.say(os.str());
    m.set("bound", nb.bound).set("radius", nb.radius).set("gamma", nb.gamma);
    m.set("within_bound", within);
    return nb;
}

// 3. The line as it moves: a few epochs of the history, the final line, the widest margin.
void plot_line_history(const nn::Program& prog, const nn::CommonOptions& o, const arma::mat& X,
                       const arma::ivec& y, const LineRun& r, const nn::NovikoffBound& nb) {
    if (X.n_rows != 2) {
        prog.say("(the data has " + std::to_string(X.n_rows) +
                 " features: no boundary plot, which needs 2)");
        return;
    }
    std::vector<nn::plot::BoundaryLine> lines;
    const std::size_t n = r.run.history.size();
    const std::size_t step = n <= 5 ? 1 : (n + 3) / 4;
    for (std::size_t k = 0; k + 1 < n; k += step) {
        const nn::Perceptron& h = r.run.history[k];
        // A line identical to the final one would hide under it.
        if (arma::approx_equal(h.w, r.p.w, "absdiff", 1e-12) && std::abs(h.b - r.p.b) < 1e-12)
            continue;
        lines.push_back(line_of(h, "after epoch " + std::to_string(k + 1)));
    }
    lines.push_back(line_of(r.p, "final (epoch " + std::to_string(n) + ")"));
    if (r.run.converged)
        lines.push_back({nb.w(0), nb.w(1), nb.b, "widest (augmented) margin found"});
    nn::plot::ScatterOptions so;
    so.title = "The perceptron's line, epoch by epoch";
    so.class_names = {"y = 0", "y = 1"};
    nn::plot::scatter(o.out, "ch01_boundary", X, as_classes(y), lines, so);
}

// 4. Logic gates: AND and OR are separable, XOR is not; then mistakes per epoch of all runs.
nn::Json logic_gates(const nn::Program& prog, const nn::CommonOptions& o, const LineRun& r) {
    std::vector<nn::plot::Series> curves;
    const arma::vec epochs = nn::plot::epoch_axis(r.run.epochs);
    curves.push_back({"data set", epochs, arma::conv_to<arma::vec>::from(r.run.mistakes_per_epoch),
                      "linespoints"});
    prog.say("logic gates (" + std::to_string(o.epochs) + " epochs at most):");
    nn::Json gates;
    for (const char* g : {"and", "or", "xor"}) gates.set(g, gate(g, o, curves));
    nn::plot::LineOptions lo{"Mistakes per epoch", "epoch", "mistakes"};
    lo.logx = true;
    nn::plot::lines(o.out, "ch01_mistakes", curves, lo);
    return gates;
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog(
        "ch01_perceptron",
        "Chapter 01: the perceptron learns a separating line, within Novikoff's (R/gamma)^2 "
        "mistakes; it learns AND and OR but never XOR.");
    prog.defaults.epochs = 100;
    prog.defaults.lr = 1.0;
    prog.add_common();
    prog.app.footer(
        "Data: a CSV file with a header row, numeric features and the label (0/1 or -1/+1) "
        "last.\nDefault: datasets/separable.csv. Plots and metrics go to --out.");
    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        const std::string path = o.data.empty() ? nn::dataset_file("separable.csv") : o.data;
        const nn::LabelledData data = nn::load_csv(path);
        const arma::ivec y = nn::to_binary_labels(data.y, path);
        const arma::mat& X = data.X;
        prog.say("data: " + path + " (" + std::to_string(X.n_cols) + " samples, " +
                 std::to_string(X.n_rows) + " features)");

        const LineRun r = learn_line(X, y, o);
        nn::Json m;
        m.set("data", path).set("converged", r.run.converged).set("epochs", r.run.epochs);
        m.set("mistakes", static_cast<unsigned long>(r.run.mistakes)).set("accuracy", r.accuracy);
        const nn::NovikoffBound nb = novikoff_check(prog, X, y, r, m);
        plot_line_history(prog, o, X, y, r, nb);
        m.set("gates", logic_gates(prog, o, r));

        prog.write_metrics(m);
        // The one line printed even with --quiet.
        std::cout << "ch01_perceptron: " << (r.run.converged ? "converged" : "did NOT converge")
                  << " after " << r.run.epochs << " epochs, " << r.run.mistakes << " mistakes"
                  << (r.run.converged ? " (Novikoff bound " + nn::fmt(nb.bound) + ")" : "")
                  << "; plots in " << o.out << std::endl;
        return 0;
    });
}
