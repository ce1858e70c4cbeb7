// ch01_perceptron — the perceptron learns a line; Novikoff's bound; AND, OR and XOR.
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

arma::uvec as_classes(const arma::ivec& y) { return arma::conv_to<arma::uvec>::from(y); }

nn::plot::BoundaryLine line_of(const nn::Perceptron& p, const std::string& label) {
    return {p.w(0), p.w(1), p.b, label};
}

// Train one logic gate from its truth table and plot where its line ends up.
nn::Json gate(const std::string& name, const nn::CommonOptions& o, std::vector<nn::plot::Series>& curves) {
    const nn::LabelledData d = nn::load_csv(nn::dataset_file(name + ".csv"));
    const arma::ivec y = nn::to_binary_labels(d.y, name + ".csv");
    nn::Perceptron p = nn::Perceptron::zeros(d.X.n_rows);
    const nn::PerceptronRun run = nn::perceptron_train(p, d.X, y, o.lr, o.epochs);
    const double acc = accuracy_of(p, d.X, y);
    std::string upper = name;
    for (char& c : upper) c = static_cast<char>(std::toupper(c));
    if (!o.quiet) {
        std::cout << "  " << upper << ": " << (run.converged ? "converged" : "did NOT converge") << " after "
                  << run.epochs << " epochs, " << run.mistakes << " mistakes, accuracy " << nn::fmt(acc, 3)
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
            if (nn::perceptron_update(p, d.X.col(i), static_cast<int>(y(i)), o.lr) && arma::norm(p.w) > 0)
                lines.push_back(line_of(p, "after a mistake on sample " + std::to_string(i + 1)));
        }
    }
    nn::plot::scatter(o.out, "ch01_" + name, d.X, as_classes(y), lines, so);
    arma::vec e = arma::regspace(1, static_cast<double>(run.epochs));
    arma::vec m = arma::conv_to<arma::vec>::from(run.mistakes_per_epoch);
    curves.push_back({upper, e, m, "linespoints"});
    nn::Json j;
    j.set("converged", run.converged).set("epochs", run.epochs).set("mistakes", static_cast<unsigned long>(run.mistakes));
    j.set("accuracy", acc);
    return j;
}

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog("ch01_perceptron",
                     "Chapter 01: the perceptron learns a separating line, within Novikoff's (R/gamma)^2 "
                     "mistakes; it learns AND and OR but never XOR.");
    prog.defaults.epochs = 100;
    prog.defaults.lr = 1.0;
    prog.add_common();
    prog.app.footer("Data: a CSV file with a header row, numeric features and the label (0/1 or -1/+1) last.\n"
                    "Default: datasets/separable.csv. Plots and metrics go to --out.");
    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        const std::string path = o.data.empty() ? nn::dataset_file("separable.csv") : o.data;
        const nn::LabelledData data = nn::load_csv(path);
        const arma::ivec y = nn::to_binary_labels(data.y, path);
        const arma::mat& X = data.X;
        prog.say("data: " + path + " (" + std::to_string(X.n_cols) + " samples, " + std::to_string(X.n_rows) +
                 " features)");

        // 1. Train from zero weights, one epoch at a time so that we can report each epoch.
        nn::Perceptron p = nn::Perceptron::zeros(X.n_rows);
        nn::PerceptronRun run;
        nn::EpochLogger log(o.epochs, o.quiet);
        for (int e = 1; e <= o.epochs && !run.converged; ++e) {
            const nn::PerceptronRun one = nn::perceptron_train(p, X, y, o.lr, 1);
            run.epochs = e;
            run.mistakes += one.mistakes;
            run.mistakes_per_epoch.push_back(one.mistakes);
            run.history.push_back(p);
            run.converged = one.converged;
            log.epoch(e, "mistakes " + std::to_string(one.mistakes) + "  accuracy " + nn::fmt(accuracy_of(p, X, y), 3));
        }
        const double acc = accuracy_of(p, X, y);

        // 2. Novikoff: mistakes <= (R / gamma)^2 when the data is separable with margin gamma.
        nn::Json m;
        m.set("data", path).set("converged", run.converged).set("epochs", run.epochs);
        m.set("mistakes", static_cast<unsigned long>(run.mistakes)).set("accuracy", acc);
        nn::NovikoffBound nb;
        if (run.converged) {
            nb = nn::novikoff_bound(X, y, p);
            std::ostringstream os;
            os << "converged after " << run.epochs << " epochs with " << run.mistakes << " mistakes in all.\n"
               << "Novikoff: R = " << nn::fmt(nb.radius) << ", gamma = " << nn::fmt(nb.gamma)
               << ", bound (R/gamma)^2 = " << nn::fmt(nb.bound) << "  ->  " << run.mistakes
               << (static_cast<double>(run.mistakes) <= nb.bound ? " <= " : " > ") << nn::fmt(nb.bound);
            prog.say(os.str());
            m.set("bound", nb.bound).set("radius", nb.radius).set("gamma", nb.gamma);
            m.set("within_bound", static_cast<double>(run.mistakes) <= nb.bound);
        } else {
            prog.say("did NOT converge in " + std::to_string(run.epochs) +
                     " epochs: the data may not be linearly separable (or try more --epochs). "
                     "Novikoff's bound needs separable data, so none is given.");
            m.set("bound", NAN);
        }

        // 3. Plots: the line as it moves, mistakes per epoch.
        std::vector<nn::plot::Series> curves;
        arma::vec epochs = arma::regspace(1, static_cast<double>(run.epochs));
        curves.push_back({"data set", epochs, arma::conv_to<arma::vec>::from(run.mistakes_per_epoch), "linespoints"});
        if (X.n_rows == 2) {
            std::vector<nn::plot::BoundaryLine> lines;
            const std::size_t n = run.history.size();
            const std::size_t step = n <= 5 ? 1 : (n + 3) / 4;
            for (std::size_t k = 0; k + 1 < n; k += step) {
                const nn::Perceptron& h = run.history[k];
                // A line identical to the final one would hide under it.
                if (arma::approx_equal(h.w, p.w, "absdiff", 1e-12) && std::abs(h.b - p.b) < 1e-12) continue;
                lines.push_back(line_of(h, "after epoch " + std::to_string(k + 1)));
            }
            lines.push_back(line_of(p, "final (epoch " + std::to_string(n) + ")"));
            if (run.converged) lines.push_back({nb.w(0), nb.w(1), nb.b, "widest (augmented) margin found"});
            nn::plot::ScatterOptions so;
            so.title = "The perceptron's line, epoch by epoch";
            so.class_names = {"y = 0", "y = 1"};
            nn::plot::scatter(o.out, "ch01_boundary", X, as_classes(y), lines, so);
        } else {
            prog.say("(the data has " + std::to_string(X.n_rows) + " features: no boundary plot, which needs 2)");
        }

        // 4. Logic gates: AND and OR are separable, XOR is not.
        prog.say("logic gates (" + std::to_string(o.epochs) + " epochs at most):");
        nn::Json gates;
        for (const char* g : {"and", "or", "xor"}) gates.set(g, gate(g, o, curves));
        m.set("gates", gates);
        nn::plot::LineOptions lo;
        lo.title = "Mistakes per epoch";
        lo.xlabel = "epoch";
        lo.ylabel = "mistakes";
        lo.logx = true;
        nn::plot::lines(o.out, "ch01_mistakes", curves, lo);

        prog.write_metrics(m);
        // The one line printed even with --quiet.
        std::cout << "ch01_perceptron: " << (run.converged ? "converged" : "did NOT converge") << " after "
                  << run.epochs << " epochs, " << run.mistakes << " mistakes"
                  << (run.converged ? " (Novikoff bound " + nn::fmt(nb.bound) + ")" : "") << "; plots in " << o.out
                  << std::endl;
        return 0;
    });
}
