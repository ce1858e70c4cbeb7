/// \file plot.cpp
/// \brief Figures as data first: CSV + gnuplot script + PNG (see nn/plot.hpp).
///
/// Each figure writes <dir>/<name>.csv (the numbers, with a comment line saying what the
/// columns are) and <dir>/<name>.gp (a plain gnuplot script a student can edit and re-run
/// with `gnuplot <name>.gp` inside <dir>), then runs gnuplot to make <dir>/<name>.png.
/// All text given by the caller is printed literally (gnuplot's `noenhanced`), so names
/// such as "loss_train" keep their underscores; UTF-8 symbols (η, λ, ²) work as they are.
#include "nn/plot.hpp"

#include <unistd.h>

#include <sys/wait.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "nn/error.hpp"

namespace nn::plot {

namespace {

namespace fs = std::filesystem;

bool g_enabled = true;

// Saturated colours for curves and points (the "Tableau 10" palette), and point shapes:
// filled circle, square, triangle up, triangle down, diamond, pentagon (the open
// versions are shape - 1 and are drawn on top as outlines).
const char* const kColours[10] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                  "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
const int kShapes[6] = {7, 5, 9, 11, 13, 15};

const char* colour(std::size_t k) {
    return kColours[k % 10];
}
int shape(std::size_t k) {
    return kShapes[k % 6];
}

/// The colour `hex` mixed with white: (1 - t) * colour + t * white.
std::string pale(const std::string& hex, double t = 0.72) {
    const unsigned long v = std::strtoul(hex.c_str() + 1, nullptr, 16);
    const int rgb[3] = {int((v >> 16) & 255), int((v >> 8) & 255), int(v & 255)};
    char buf[8];
    int m[3];
    for (int i = 0; i < 3; ++i) m[i] = int(std::lround((1 - t) * rgb[i] + t * 255));
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", m[0], m[1], m[2]);
    return buf;
}

/// A gnuplot double-quoted string literal ("\n" in the text becomes a line break).
std::string q(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out + "\"";
}

/// A single-quoted shell word.
std::string shq(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// A number for a CSV file or a script.
std::string num(double v, int digits = 10) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

/// A text element printed literally.
std::string text_cmd(const std::string& what, const std::string& value) {
    if (value.empty()) return "";
    return "set " + what + " " + q(value) + (what == "title" ? " font \",13\"" : "") +
           " noenhanced\n";
}

/// One figure being written.
struct Figure {
    std::string dir, name;
    fs::path csv, gp, png;
    std::ofstream data;
    std::ostringstream script;
};

/// Start a figure: false (and nothing written) when plots are off or the folder cannot be made.
bool begin(Figure& f, const std::string& dir, const std::string& name, const std::string& function,
           const std::string& csv_columns) {
    if (!g_enabled) return false;
    require(!name.empty(), "nn::plot::" + function, "the figure name must not be empty");
    f.dir = dir.empty() ? "." : dir;
    f.name = name;
    std::error_code ec;
    fs::create_directories(f.dir, ec);
    if (ec) {
        std::cerr << "warning: cannot create the plot folder " << f.dir << " (" << ec.message()
                  << "); figure " << name << " skipped\n";
        return false;
    }
    f.csv = fs::path(f.dir) / (name + ".csv");
    f.gp = fs::path(f.dir) / (name + ".gp");
    f.png = fs::path(f.dir) / (name + ".png");
    f.data.open(f.csv);
    if (!f.data) {
        std::cerr << "warning: cannot write " << f.csv.string() << "; figure " << name
                  << " skipped\n";
        return false;
    }
    f.data << "# " << name << ".csv, written by nn::plot::" << function << "; " << csv_columns
           << "\n";
    return true;
}

/// The start of every script: how to re-run it, terminal, output, CSV separator.
void preamble(Figure& f, const std::string& function, int width = 900, int height = 600) {
    f.script << "# " << f.name << ".gp, written by nn::plot::" << function << ".\n"
             << "# The numbers are in " << f.name
             << ".csv. Edit this script and re-draw the figure with\n"
             << "#     gnuplot " << f.name << ".gp\n"
             << "# in this folder; it writes " << f.name << ".png.\n"
             << "set terminal pngcairo size " << width << "," << height
             << " enhanced font \",11\"\n"
             << "set output " << q(f.name + ".png") << "\n"
             << "set datafile separator comma\n";
}

/// Axis style of charts (lines, histograms): left and bottom axes only, light grid.
void chart_style(std::ostringstream& s) {
    s << "set border 3 linecolor rgb \"#444444\"\n"
      << "set tics nomirror\n"
      << "set grid linetype 1 linecolor rgb \"#e3e3e3\" linewidth 1\n";
}

bool g_noted = false;

std::string run_gnuplot(Figure& f) {
    f.data.close();
    {
        std::ofstream gp(f.gp);
        gp << f.script.str();
        if (!gp) {
            std::cerr << "warning: cannot write " << f.gp.string() << "; figure " << f.name
                      << " skipped\n";
            return "";
        }
    }
    if (f.data.fail()) {
        std::cerr << "warning: error while writing " << f.csv.string() << " (disk full?)\n";
        return "";
    }
    if (!gnuplot_available()) {
        if (!g_noted) {
            std::cerr << "note: gnuplot not found; wrote " << (fs::path(f.dir) / f.name).string()
                      << ".csv and .gp \xe2\x80\x94 install gnuplot-nox to get PNGs\n";
            g_noted = true;
        }
        return "";
    }
    static int counter = 0;
    const fs::path err = fs::temp_directory_path() / ("nn_plot_" + std::to_string(::getpid()) +
                                                      "_" + std::to_string(counter++) + ".err");
    std::error_code ec;
    fs::remove(f.png, ec);
    const std::string cmd = "cd " + shq(f.dir) + " && gnuplot " + shq(f.name + ".gp") +
                            " >/dev/null 2>" + shq(err.string());
    const int status = std::system(cmd.c_str());
    const bool ok = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
                    fs::exists(f.png, ec) && fs::file_size(f.png, ec) > 0;
    std::string first_error;
    {
        std::ifstream in(err);
        std::string line;
        while (std::getline(in, line))
            if (line.find_first_not_of(" \t^") != std::string::npos &&
                line.find("warning") == std::string::npos) {
                first_error = line;
                break;
            }
    }
    fs::remove(err, ec);
    if (!ok) {
        std::cerr << "warning: gnuplot could not draw " << f.png.string()
                  << (first_error.empty() ? "" : " (" + first_error + ")") << "; run `gnuplot "
                  << f.name << ".gp` in " << f.dir << " to see why\n";
        return "";
    }
    return f.png.string();
}

/// Least crowded corner of a chart for its legend. `pts` are (x, y) pairs already
/// normalised to [0, 1]; the legend is assumed to take a `w` x `h` corner box.
std::string key_corner(const std::vector<std::pair<double, double>>& pts, double w, double h) {
    const char* names[4] = {"top right", "bottom right", "top left", "bottom left"};
    std::size_t count[4] = {0, 0, 0, 0};
    for (const auto& [x, y] : pts) {
        if (!std::isfinite(x) || !std::isfinite(y)) continue;
        const bool right = x > 1 - w, left = x<w, top = y> 1 - h, bottom = y < h;
        if (right && top) ++count[0];
        if (right && bottom) ++count[1];
        if (left && top) ++count[2];
        if (left && bottom) ++count[3];
    }
    int best = 0;
    for (int k = 1; k < 4; ++k)
        if (count[k] < count[best]) best = k;
    return names[best];
}

/// Normalise values to [0, 1] over [lo, hi] (log scale if `log`).
double unit(double v, double lo, double hi, bool log) {
    if (log) {
        if (!(v > 0) || !(lo > 0)) return NAN;
        v = std::log(v), lo = std::log(lo), hi = std::log(hi);
    }
    return hi > lo ? (v - lo) / (hi - lo) : 0.5;
}

/// Bounding box of 2 x N points plus a 10% margin: xmin, xmax, ymin, ymax.
std::array<double, 4> padded_box(const arma::mat& X) {
    std::array<double, 4> b{-1, 1, -1, 1};
    if (X.n_cols == 0) return b;
    for (int r = 0; r < 2; ++r) {
        double lo = X.row(r).min(), hi = X.row(r).max();
        double m = 0.1 * (hi - lo);
        if (!(m > 0)) m = std::max(0.5, 0.1 * std::abs(lo));
        b[2 * r] = lo - m;
        b[2 * r + 1] = hi + m;
    }
    return b;
}

std::string class_name(const ScatterOptions& opt, std::size_t k) {
    if (k < opt.class_names.size()) return opt.class_names[k];
    return "class " + std::to_string(k);
}

/// Write points "x1,x2,label" and return the number of classes.
arma::uword write_points(std::ofstream& data, const arma::mat& X, const arma::uvec& labels) {
    for (arma::uword i = 0; i < X.n_cols; ++i)
        data << num(X(0, i)) << "," << num(X(1, i)) << "," << labels(i) << "\n";
    return labels.n_elem ? labels.max() + 1 : 0;
}

/// The plot clauses that draw the points of each class: filled shape + dark outline.
std::vector<std::string> point_clauses(const std::string& file, const std::string& index,
                                       arma::uword K, const arma::uvec& labels,
                                       const ScatterOptions& opt, double size) {
    std::vector<std::string> out;
    for (arma::uword k = 0; k < K; ++k) {
        if (!arma::any(labels == k)) continue;
        const std::string sel =
            file + index + " using 1:($3 == " + std::to_string(k) + " ? $2 : NaN)";
        std::ostringstream c;
        c << sel << " with points pt " << shape(k) << " ps " << size << " lc rgb " << q(colour(k))
          << " title " << q(class_name(opt, k)) << " noenhanced";
        out.push_back(c.str());
        std::ostringstream o;
        o << "\"\"" << index << " using 1:($3 == " << k << " ? $2 : NaN) with points pt "
          << shape(k) - 1 << " ps " << size << " lw 0.6 lc rgb \"#333333\" notitle";
        out.push_back(o.str());
    }
    return out;
}

void write_plot(std::ostringstream& s, const std::vector<std::string>& clauses) {
    s << "plot ";
    for (std::size_t i = 0; i < clauses.size(); ++i) s << (i ? ", \\\n     " : "") << clauses[i];
    s << "\n";
}

/// Equal units on both axes if the box is not too elongated (then lines keep their angles).
bool equal_aspect(const std::array<double, 4>& b) {
    const double rx = b[1] - b[0], ry = b[3] - b[2];
    return rx > 0 && ry > 0 && rx / ry < 2.5 && ry / rx < 2.5;
}

/// Canvas width of a 2-D scatter plot: the plot area (about 490 pixels high, as wide as
/// equal units need), the y tics and label on the left, the legend on the right.
int scatter_width(const std::array<double, 4>& b, const std::vector<std::string>& legend) {
    std::size_t longest = 0;
    for (const auto& l : legend) longest = std::max(longest, l.size());
    const double plot_w = equal_aspect(b) ? 490.0 * (b[1] - b[0]) / (b[3] - b[2]) : 620.0;
    // The key sits below the plot, in two columns: it costs height, not width.
    const double key_w = legend.empty() ? 0.0 : 2 * (7.0 * double(longest) + 70.0);
    return int(std::clamp(std::max(90.0 + plot_w, key_w + 40.0), 560.0, 1300.0));
}

int scatter_height(const std::vector<std::string>& legend) {
    return 560 + 22 * int((legend.size() + 1) / 2);
}

std::array<double, 4> scatter_box(const arma::mat& X, const ScatterOptions& opt) {
    auto b = padded_box(X);
    const double r[4] = {opt.xmin, opt.xmax, opt.ymin, opt.ymax};
    for (int i = 0; i < 4; ++i)
        if (!std::isnan(r[i])) b[i] = r[i];
    return b;
}

/// Title, labels, ranges and legend of scatter() and regions().
void scatter_frame(std::ostringstream& s, const ScatterOptions& opt,
                   const std::array<double, 4>& b) {
    s << text_cmd("title", opt.title) << text_cmd("xlabel", opt.xlabel)
      << text_cmd("ylabel", opt.ylabel) << "set xrange [" << num(b[0]) << ":" << num(b[1]) << "]\n"
      << "set yrange [" << num(b[2]) << ":" << num(b[3]) << "]\n"
      << "set clip two   # draw line segments whose ends both lie outside the ranges\n"
      << "set key outside center bottom horizontal maxcols 2 spacing 1.3 width 1\n"
      << "set tics out nomirror\n";
    if (equal_aspect(b)) s << "set size ratio -1   # equal units on both axes\n";
}

/// Legend entries of a scatter plot (classes present, then labelled lines).
std::vector<std::string> legend_entries(const arma::uvec& labels, arma::uword K,
                                        const ScatterOptions& opt,
                                        const std::vector<BoundaryLine>& lines_) {
    std::vector<std::string> out;
    for (arma::uword k = 0; k < K; ++k)
        if (arma::any(labels == k)) out.push_back(class_name(opt, k));
    for (const auto& L : lines_)
        if (!L.label.empty()) out.push_back(L.label);
    return out;
}

}  // namespace

// ====================================================================== switches

void set_enabled(bool enabled) {
    g_enabled = enabled;
}
bool enabled() {
    return g_enabled;
}

bool gnuplot_available() {
    static const bool found = [] {
        const char* path = std::getenv("PATH");
        if (!path) return false;
        std::stringstream ss(path);
        std::string d;
        while (std::getline(ss, d, ':')) {
            if (d.empty()) d = ".";
            const fs::path p = fs::path(d) / "gnuplot";
            if (::access(p.c_str(), X_OK) == 0) return true;
        }
        return false;
    }();
    return found;
}

// ====================================================================== lines

std::string lines(const std::string& dir, const std::string& name,
                  const std::vector<Series>& series, const LineOptions& opt) {
    for (std::size_t k = 0; k < series.size(); ++k)
        require(series[k].x.n_elem == series[k].y.n_elem, "nn::plot::lines",
                "series " + std::to_string(k) + " (" + series[k].label + ") has " +
                    std::to_string(series[k].x.n_elem) + " x values but " +
                    std::to_string(series[k].y.n_elem) + " y values");
    require(!series.empty(), "nn::plot::lines", "no series to draw");
    Figure f;
    if (!begin(f, dir, name, "lines",
               "columns x,y; one block per series, blocks separated by two blank lines"))
        return "";
    // Data: one block per series (gnuplot's `index k`).
    std::vector<std::pair<double, double>> all;
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    for (std::size_t k = 0; k < series.size(); ++k) {
        const Series& s = series[k];
        if (k) f.data << "\n\n";
        f.data << "# series " << k << ": " << s.label << "\n";
        for (arma::uword i = 0; i < s.x.n_elem; ++i) {
            f.data << num(s.x(i)) << "," << num(s.y(i)) << "\n";
            const double x = s.x(i), y = s.y(i);
            if (std::isfinite(x) && (!opt.logx || x > 0))
                xlo = std::min(xlo, x), xhi = std::max(xhi, x);
            if (std::isfinite(y) && (!opt.logy || y > 0))
                ylo = std::min(ylo, y), yhi = std::max(yhi, y);
        }
    }
    // Ranges a reader expects: an accuracy axis stops at 1, counts that reach 0 start at 0.
    double ymin = opt.ymin, ymax = opt.ymax;
    std::string ylabel_lc = opt.ylabel;
    for (char& c : ylabel_lc) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // (Only when the automatic range would pass 1: a curve that stays near 0.9 keeps its detail.)
    if (std::isnan(ymax) && !opt.logy && ylabel_lc.find("accuracy") != std::string::npos &&
        yhi <= 1 && yhi + 0.05 * (yhi - (std::isnan(ymin) ? ylo : ymin)) > 0.98)
        ymax = 1;
    if (std::isnan(ymin) && !opt.logy && ylo == 0) ymin = 0;
    if (!std::isnan(ymin)) ylo = ymin;
    if (!std::isnan(ymax)) yhi = ymax;
    for (const Series& s : series)
        for (arma::uword i = 0; i < s.x.n_elem; ++i) {
            all.emplace_back(unit(s.x(i), xlo, xhi, opt.logx), unit(s.y(i), ylo, yhi, opt.logy));
            if (i + 1 <
                s.x.n_elem)  // points along the segment too, so lines crossing a corner count
                for (double t : {0.25, 0.5, 0.75})
                    all.emplace_back(unit((1 - t) * s.x(i) + t * s.x(i + 1), xlo, xhi, opt.logx),
                                     unit((1 - t) * s.y(i) + t * s.y(i + 1), ylo, yhi, opt.logy));
        }

    auto& s = f.script;
    preamble(f, "lines");
    chart_style(s);
    s << text_cmd("title", opt.title) << text_cmd("xlabel", opt.xlabel)
      << text_cmd("ylabel", opt.ylabel);
    // Log axes over many decades read best as powers of ten; over a few, as plain numbers.
    auto log_format = [&s](const char* axis, double lo, double hi) {
        s << "set logscale " << axis << "\n";
        if (lo > 0 && hi > 0 && std::log10(hi / lo) > 3.5) {
            // powers of ten, and no minor tics: squeezed into few pixels they smear into the labels
            s << "set format " << axis << " \"10^{%L}\"\n";
            s << "set m" << axis << "tics 1\n";
        } else
            s << "set format " << axis << " \"%g\"\n";
    };
    if (opt.logx) log_format("x", xlo, xhi);
    if (opt.logy) log_format("y", ylo, yhi);
    if (!std::isnan(ymin) || !std::isnan(ymax))
        s << "set yrange [" << (std::isnan(ymin) ? "*" : num(ymin)) << ":"
          << (std::isnan(ymax) ? "*" : num(ymax)) << "]\n";
    s << "set offsets 0, 0, " << (std::isnan(ymax) ? "graph 0.05" : "0") << ", "
      << (std::isnan(ymin) ? "graph 0.05" : "0") << "\n";
    if (!std::isnan(opt.xtic)) s << "set xtics " << num(opt.xtic) << "\nset mxtics 1\n";
    const double key_h = std::min(0.9, 0.07 * series.size() + 0.06);
    s << "set key " << key_corner(all, 0.38, key_h)
      << " box linecolor rgb \"#bbbbbb\" opaque spacing 1.2 width 1\n";
    // Reference (guide) lines first, so that the data are drawn over them.
    std::vector<std::string> guides, clauses;
    std::size_t colour_k = 0;
    for (std::size_t k = 0; k < series.size(); ++k) {
        std::ostringstream c;
        c << q(name + ".csv") << " index " << k << " using 1:2 with ";
        const std::string& st = series[k].style;
        if (st == "reference") {
            c << "lines lw 1.3 dt " << (guides.size() % 2 ? 4 : 2) << " lc rgb \"#8a8a8a\" title "
              << q(series[k].label) << " noenhanced";
            guides.push_back(c.str());
            continue;
        }
        const std::size_t ck = colour_k++;
        if (st == "points")
            c << "points pt " << shape(ck) << " ps 0.8";
        else if (st == "linespoints")
            c << "linespoints lw 2 pt " << shape(ck) << " ps 0.8";
        else if (st == "steps")
            c << "fsteps lw 2";  // a value holds back to the previous x
        else
            c << "lines lw 2";
        c << " lc rgb " << q(colour(ck)) << " title " << q(series[k].label) << " noenhanced";
        clauses.push_back(c.str());
    }
    guides.insert(guides.end(), clauses.begin(), clauses.end());
    write_plot(s, guides);
    return run_gnuplot(f);
}

// ====================================================================== scatter

std::string scatter(const std::string& dir, const std::string& name, const arma::mat& X,
                    const arma::uvec& labels, const std::vector<BoundaryLine>& lines_,
                    const ScatterOptions& opt) {
    require_shape(X, 2, any, "nn::plot::scatter", "X");
    require(labels.n_elem == X.n_cols, "nn::plot::scatter",
            "labels must have one entry per column of X (" + std::to_string(X.n_cols) + "), got " +
                std::to_string(labels.n_elem));
    Figure f;
    if (!begin(f, dir, name, "scatter", "columns x1,x2,label")) return "";
    const arma::uword K = write_points(f.data, X, labels);
    const auto b = scatter_box(X, opt);

    auto& s = f.script;
    const auto legend = legend_entries(labels, K, opt, lines_);
    preamble(f, "scatter", scatter_width(b, legend), scatter_height(legend));
    scatter_frame(s, opt, b);
    std::vector<std::string> clauses = point_clauses(q(name + ".csv"), "", K, labels, opt, 1.2);
    // Boundary lines w1 x + w2 y + b = 0, as functions y(x) (or a vertical segment).
    const char* dashes[4] = {"1", "2", "4", "5"};
    for (std::size_t k = 0; k < lines_.size(); ++k) {
        const BoundaryLine& L = lines_[k];
        const std::string id = std::to_string(k + 1);
        const std::string style =
            " with lines lw 2.5 dt " + std::string(dashes[k % 4]) + " lc rgb " +
            q(k == 0 ? "#222222" : colour(k + 4)) +
            (L.label.empty() ? std::string(" notitle") : " title " + q(L.label) + " noenhanced");
        s << "# boundary line " << id << (L.label.empty() ? "" : " (" + L.label + ")")
          << ": w1*x + w2*y + b = 0\n"
          << "w1_" << id << " = " << num(L.w1, 12) << "; w2_" << id << " = " << num(L.w2, 12)
          << "; b_" << id << " = " << num(L.b, 12) << "\n";
        if (std::abs(L.w2) > 1e-12 * std::max(1.0, std::abs(L.w1))) {
            s << "line" << id << "(x) = -(w1_" << id << " * x + b_" << id << ") / w2_" << id
              << "\n";
            clauses.push_back("line" + id + "(x)" + style);
        } else if (std::abs(L.w1) > 0) {  // vertical line x = -b / w1
            s << "$line" << id << " << EOD\n"
              << num(-L.b / L.w1) << "," << num(b[2]) << "\n"
              << num(-L.b / L.w1) << "," << num(b[3]) << "\nEOD\n";
            clauses.push_back("$line" + id + " using 1:2" + style);
        }
    }
    s << "set samples 400\n";
    write_plot(s, clauses);
    return run_gnuplot(f);
}

// ====================================================================== regions

arma::vec epoch_axis(std::size_t n) {
    return n == 0 ? arma::vec() : arma::regspace<arma::vec>(1, static_cast<double>(n));
}

Grid grid(const arma::mat& X, arma::uword resolution) {
    require_shape(X, 2, any, "nn::plot::grid", "X");
    require(resolution >= 2, "nn::plot::grid", "resolution must be at least 2");
    const auto b = padded_box(X);
    Grid g;
    g.xs = arma::linspace<arma::vec>(b[0], b[1], resolution);
    g.ys = arma::linspace<arma::vec>(b[2], b[3], resolution);
    g.points.set_size(2, resolution * resolution);
    for (arma::uword i = 0; i < resolution; ++i)
        for (arma::uword j = 0; j < resolution; ++j) {
            g.points(0, i * resolution + j) = g.xs(j);
            g.points(1, i * resolution + j) = g.ys(i);
        }
    return g;
}

arma::umat grid_classes(const arma::uvec& predicted, arma::uword resolution) {
    require(predicted.n_elem == resolution * resolution, "nn::plot::grid_classes",
            "expected " + std::to_string(resolution * resolution) +
                " predictions (resolution^2), got " + std::to_string(predicted.n_elem));
    arma::umat G(resolution, resolution);
    for (arma::uword i = 0; i < resolution; ++i)
        for (arma::uword j = 0; j < resolution; ++j) G(i, j) = predicted(i * resolution + j);
    return G;
}

std::string regions(const std::string& dir, const std::string& name, const arma::mat& X,
                    const arma::uvec& labels, const arma::vec& xs, const arma::vec& ys,
                    const arma::umat& grid_class, const ScatterOptions& opt) {
    require_shape(X, 2, any, "nn::plot::regions", "X");
    require(labels.n_elem == X.n_cols, "nn::plot::regions",
            "labels must have one entry per column of X (" + std::to_string(X.n_cols) + "), got " +
                std::to_string(labels.n_elem));
    require(xs.n_elem >= 2 && ys.n_elem >= 2, "nn::plot::regions",
            "the grid needs at least 2 x 2 points");
    require(grid_class.n_rows == ys.n_elem && grid_class.n_cols == xs.n_elem, "nn::plot::regions",
            "grid_class must be " + shape_str(ys.n_elem, xs.n_elem) + " (ys x xs), got " +
                shape_str(grid_class.n_rows, grid_class.n_cols));
    Figure f;
    if (!begin(f, dir, name, "regions",
               "block 0 (gnuplot index 0): the grid, columns x,y,predicted class; "
               "block 1 (index 1): the points, columns x1,x2,label"))
        return "";
    for (arma::uword i = 0; i < ys.n_elem; ++i) {
        for (arma::uword j = 0; j < xs.n_elem; ++j)
            f.data << num(xs(j)) << "," << num(ys(i)) << "," << grid_class(i, j) << "\n";
        f.data << "\n";
    }
    f.data << "\n# points\n";
    arma::uword K = write_points(f.data, X, labels);
    K = std::max<arma::uword>({K, grid_class.max() + 1, opt.class_names.size(), 2});

    const double dx = (xs(xs.n_elem - 1) - xs(0)) / (xs.n_elem - 1),
                 dy = (ys(ys.n_elem - 1) - ys(0)) / (ys.n_elem - 1);
    const std::array<double, 4> b{xs(0) - dx / 2, xs(xs.n_elem - 1) + dx / 2, ys(0) - dy / 2,
                                  ys(ys.n_elem - 1) + dy / 2};
    auto& s = f.script;
    const auto legend = legend_entries(labels, K, opt, {});
    preamble(f, "regions", scatter_width(b, legend), scatter_height(legend));
    scatter_frame(s, opt, b);
    s << "# Region colours: pale versions of the point colours; class k is drawn with value k + 0.5.\n"
      << "set palette defined (";
    for (arma::uword k = 0; k < K; ++k)
        s << (k ? ", " : "") << k << " " << q(pale(colour(k))) << ", " << k + 1 << " "
          << q(pale(colour(k)));
    s << ")\nset cbrange [0:" << K << "]\nunset colorbox\n";
    std::vector<std::string> clauses;
    clauses.push_back(q(name + ".csv") + " index 0 using 1:2:($3 + 0.5) with image notitle");
    const auto pts = point_clauses("\"\"", " index 1", K, labels, opt, 1.1);
    clauses.insert(clauses.end(), pts.begin(), pts.end());
    write_plot(s, clauses);
    return run_gnuplot(f);
}

// ====================================================================== heatmap

std::string heatmap(const std::string& dir, const std::string& name, const arma::mat& M,
                    const HeatOptions& opt) {
    require(M.n_elem > 0, "nn::plot::heatmap", "the matrix is empty");
    require(opt.xtics.empty() || opt.xtics.size() == M.n_cols, "nn::plot::heatmap",
            "xtics must have one label per column (" + std::to_string(M.n_cols) + "), got " +
                std::to_string(opt.xtics.size()));
    require(opt.ytics.empty() || opt.ytics.size() == M.n_rows, "nn::plot::heatmap",
            "ytics must have one label per row (" + std::to_string(M.n_rows) + "), got " +
                std::to_string(opt.ytics.size()));
    Figure f;
    if (!begin(f, dir, name, "heatmap",
               "the " + shape_str(M.n_rows, M.n_cols) +
                   " matrix, one row per line (row 0 is drawn at the top)"))
        return "";
    bool integers = true;
    for (arma::uword i = 0; i < M.n_rows; ++i) {
        for (arma::uword j = 0; j < M.n_cols; ++j) {
            f.data << (j ? "," : "") << num(M(i, j));
            if (std::isfinite(M(i, j)) && M(i, j) != std::round(M(i, j))) integers = false;
        }
        f.data << "\n";
    }
    const arma::vec finite = M.elem(arma::find_finite(M));
    const double lo = finite.is_empty() ? 0 : finite.min(),
                 hi = finite.is_empty() ? 1 : finite.max();
    const bool diverging = lo < 0;
    double cmin = 0, cmax = 1;
    if (diverging) {
        cmax = std::max(std::abs(lo), std::abs(hi));
        cmin = -cmax;
    } else {
        cmin = 0;
        cmax = hi > 0 ? hi : 1;
    }

    // Size: square cells if the matrix is not too elongated; room for rotated tic labels.
    std::size_t longest_x = 0, longest_y = 0;
    for (const auto& t : opt.xtics) longest_x = std::max(longest_x, t.size());
    for (const auto& t : opt.ytics) longest_y = std::max(longest_y, t.size());
    auto& s = f.script;
    preamble(f, "heatmap", 900, 600 + (longest_x > 6 ? 40 : 0));
    s << text_cmd("title", opt.title) << text_cmd("xlabel", opt.xlabel)
      << text_cmd("ylabel", opt.ylabel);
    const double aspect = double(M.n_rows) / M.n_cols;
    if (aspect > 0.25 && aspect < 4) s << "set size ratio " << num(aspect, 6) << "\n";
    s << "set xrange [-0.5:" << M.n_cols - 0.5 << "]\n"
      << "set yrange [" << M.n_rows - 0.5 << ":-0.5]   # reversed: row 0 at the top\n"
      << "set tics scale 0\nunset key\n";
    if (!opt.xtics.empty()) {
        s << "set xtics (";
        for (std::size_t j = 0; j < opt.xtics.size(); ++j)
            s << (j ? ", " : "") << q(opt.xtics[j]) << " " << j;
        s << ")" << (longest_x > 2 ? " rotate by 40 right" : "") << " noenhanced\n";
    } else if (M.n_cols <= 30) {
        s << "set xtics 1\n";
    }
    if (!opt.ytics.empty()) {
        s << "set ytics (";
        for (std::size_t i = 0; i < opt.ytics.size(); ++i)
            s << (i ? ", " : "") << q(opt.ytics[i]) << " " << i;
        s << ") noenhanced\n";
    } else if (M.n_rows <= 30) {
        s << "set ytics 1\n";
    }
    if (diverging)
        s << "set palette defined (-1 \"#2166ac\", -0.5 \"#92c5de\", 0 \"#f7f7f7\", 0.5 \"#f4a582\", 1 \"#b2182b\")\n";
    else
        s << "set palette defined (0 \"#f7fbff\", 0.25 \"#c6dbef\", 0.5 \"#6baed6\", 0.75 \"#2171b5\", 1 \"#08306b\")\n";
    s << "set cbrange [" << num(cmin, 6) << ":" << num(cmax, 6) << "]\n"
      << "set colorbox user origin graph 1.03, graph 0 size character 1.5, graph 1\n"
      << "set rmargin 14   # room for the colour bar and its labels\n";
    const std::string cblabel = !opt.cblabel.empty() ? opt.cblabel : integers ? "count" : "value";
    s << "set cblabel " << q(cblabel) << " noenhanced offset 1,0\n";
    std::vector<std::string> clauses;
    clauses.push_back(q(name + ".csv") + " matrix using 1:2:3 with image");
    if (opt.show_values) {
        const double cells = double(std::max(M.n_rows, M.n_cols));
        const int font = int(std::clamp(110.0 / cells, 6.0, 11.0));
        const std::string fmt = integers ? "%.0f" : "%.2g";
        // Labels: white on dark cells, black on light ones.
        const std::string dark =
            diverging ? "abs($3) > " + num(0.6 * cmax, 6) : "$3 > " + num(0.55 * cmax, 6);
        clauses.push_back("\"\" matrix using 1:2:(sprintf(\"" + fmt + "\", $3)):(" + dark +
                          " ? 0xffffff : 0x222222) with labels font \"," + std::to_string(font) +
                          "\" textcolor rgb variable");
    }
    write_plot(s, clauses);
    return run_gnuplot(f);
}

// ====================================================================== image grid

std::string image_grid(const std::string& dir, const std::string& name, const arma::mat& images,
                       arma::uword h, arma::uword w, arma::uword columns,
                       const std::vector<std::string>& captions, const std::string& title,
                       bool symmetric, const std::string& cblabel) {
    require(h > 0 && w > 0, "nn::plot::image_grid", "image height and width must be positive");
    require_shape(images, h * w, any, "nn::plot::image_grid", "images (h*w x n)");
    require(images.n_cols > 0, "nn::plot::image_grid", "no images");
    require(captions.empty() || captions.size() == images.n_cols, "nn::plot::image_grid",
            "give one caption per image (" + std::to_string(images.n_cols) + ") or none, got " +
                std::to_string(captions.size()));
    const arma::uword n = images.n_cols;
    const arma::uword cols = std::max<arma::uword>(1, std::min(columns, n));
    const arma::uword rows = (n + cols - 1) / cols;

    // Captions: break "a / b" into two lines when it is too wide for a cell.
    const arma::uword gap = std::max<arma::uword>(2, w / 5);
    const double scale = std::clamp(860.0 / (cols * (w + gap)), 1.0, 16.0);
    const double cell_px = w * scale;
    std::vector<std::string> caps = captions;
    std::size_t caption_lines = 0;
    for (auto& c : caps) {
        if (c.size() * 6.2 > cell_px) {
            std::string::size_type p;
            while ((p = c.find(" / ")) != std::string::npos) c.replace(p, 3, "\n");
        }
        caption_lines =
            std::max<std::size_t>(caption_lines, 1 + std::count(c.begin(), c.end(), '\n'));
    }
    // Layout in image pixels: a gap between columns, a caption band above each row.
    const arma::uword cap = caption_lines
                                ? arma::uword(std::ceil((caption_lines * 16.0 + 8.0) / scale))
                                : std::max<arma::uword>(2, h / 8);
    const arma::uword H = rows * (h + cap) + gap, W = cols * (w + gap);

    // Canvas: the grid at `scale` screen pixels per image pixel, plus margins.
    const int top = title.empty() ? 8 : 40, bottom = 6, left = 10,
              right = 105;  // right: the colour bar
    const int plot_w = int(std::lround(W * scale)), plot_h = int(std::lround(H * scale));
    const int width = plot_w + left + right, height = plot_h + top + bottom;

    Figure f;
    if (!begin(f, dir, name, "image_grid",
               "the " + std::to_string(n) + " images (" + std::to_string(h) + "x" +
                   std::to_string(w) + ") laid out as one " + std::to_string(H) + "x" +
                   std::to_string(W) + " matrix (row 0 at the top; NaN = empty)"))
        return "";
    arma::mat big(H, W);
    big.fill(arma::datum::nan);
    for (arma::uword k = 0; k < n; ++k) {
        const arma::uword r = k / cols, c = k % cols;
        const arma::uword y0 = r * (h + cap) + cap, x0 = c * (w + gap) + gap / 2;
        for (arma::uword i = 0; i < h; ++i)
            for (arma::uword j = 0; j < w; ++j) big(y0 + i, x0 + j) = images(i * w + j, k);
    }
    for (arma::uword i = 0; i < H; ++i) {
        for (arma::uword j = 0; j < W; ++j) f.data << (j ? "," : "") << num(big(i, j), 5);
        f.data << "\n";
    }

    const arma::vec finite = images.elem(arma::find_finite(images));
    double lo = finite.is_empty() ? 0 : finite.min(), hi = finite.is_empty() ? 1 : finite.max();
    auto& s = f.script;
    preamble(f, "image_grid", width, height);
    s << "# Layout (in image pixels): " << rows << " rows x " << cols << " columns of " << h << "x"
      << w << " images,\n# a gap of " << gap << " between columns and a caption band of " << cap
      << " above each row.\n"
      << "n = " << n << "; rows = " << rows << "; cols = " << cols << "; h = " << h << "; w = " << w
      << "; gap = " << gap << "; cap = " << cap << "\n"
      << "set lmargin at screen " << num(double(left) / width, 6) << "\n"
      << "set rmargin at screen " << num(1.0 - double(right) / width, 6) << "\n"
      << "set tmargin at screen " << num(1.0 - double(top) / height, 6) << "\n"
      << "set bmargin at screen " << num(double(bottom) / height, 6) << "\n"
      << "unset border\nunset tics\nunset key\n"
      << "set xrange [-0.5:" << W - 0.5 << "]\n"
      << "set yrange [" << H - 0.5 << ":-0.5]   # reversed: row 0 at the top\n";
    if (!title.empty()) s << "set title " << q(title) << " noenhanced font \",13\" offset 0,-0.3\n";
    if (symmetric) {
        const double a = std::max({std::abs(lo), std::abs(hi), 1e-12});
        s << "# Symmetric colour scale: negative blue, zero white, positive red.\n"
          << "set palette defined (-1 \"#2166ac\", -0.5 \"#92c5de\", 0 \"#f7f7f7\", 0.5 \"#f4a582\", 1 \"#b2182b\")\n"
          << "set cbrange [" << num(-a, 6) << ":" << num(a, 6) << "]\n";
    } else {
        if (lo >= 0 && hi <= 1) lo = 0, hi = 1;
        if (!(hi > lo)) hi = lo + 1;
        s << "# Grey scale: " << num(lo, 4) << " black, " << num(hi, 4) << " white.\n"
          << "set palette gray\n"
          << "set cbrange [" << num(lo, 6) << ":" << num(hi, 6) << "]\n";
    }
    s << "set colorbox user origin screen " << num(1.0 - 85.0 / width, 6) << ", screen "
      << num(double(bottom + 10) / height, 6) << " size screen " << num(15.0 / width, 6)
      << ", screen " << num(std::min(0.8, double(plot_h - 20) / height), 6) << "\n"
      << "set cbtics font \",9\"\n"
      << "set cblabel " << q(cblabel.empty() ? std::string("value") : cblabel)
      << " noenhanced font \",9\" offset -0.5,0\n";
    s << "# A thin frame around every image.\n"
      << "do for [k = 0:n-1] {\n"
      << "    r = k / cols; c = k % cols\n"
      << "    x0 = c * (w + gap) + gap / 2; y0 = r * (h + cap) + cap\n"
      << "    set object (k + 1) rect from x0 - 0.5, y0 - 0.5 to x0 + w - 0.5, y0 + h - 0.5 front "
         "fillstyle empty border linecolor rgb \"#9a9a9a\" linewidth 0.8\n"
      << "}\n";
    if (!caps.empty()) {
        const int font = scale >= 3 ? 9 : 8;
        s << "# Captions, centred above each image.\n";
        for (arma::uword k = 0; k < n; ++k) {
            const arma::uword r = k / cols, c = k % cols;
            const double xc = c * (w + gap) + gap / 2 + (w - 1) / 2.0;
            const double yc = r * (h + cap) + cap / 2.0 - 0.5;
            s << "set label " << k + 1 << " " << q(caps[k]) << " at " << num(xc, 6) << ", "
              << num(yc, 6) << " center front font \"," << font << "\" noenhanced\n";
        }
    }
    s << "plot " << q(name + ".csv") << " matrix using 1:2:3 with image\n";
    return run_gnuplot(f);
}

// ====================================================================== histograms

std::string histograms(const std::string& dir, const std::string& name,
                       const std::vector<std::pair<std::string, arma::vec>>& samples,
                       arma::uword bins, const LineOptions& opt) {
    require(!samples.empty(), "nn::plot::histograms", "no samples to draw");
    require(bins >= 1, "nn::plot::histograms", "bins must be at least 1");
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& [label, v] : samples)
        for (double x : v)
            if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
    if (!std::isfinite(lo)) lo = 0, hi = 1;
    if (!(hi > lo)) lo -= 0.5, hi += 0.5;
    const double width = (hi - lo) / bins;

    arma::mat counts(bins, samples.size(), arma::fill::zeros);
    for (std::size_t k = 0; k < samples.size(); ++k)
        for (double x : samples[k].second) {
            if (!std::isfinite(x)) continue;
            auto b = arma::uword(std::floor((x - lo) / width));
            counts(std::min(b, bins - 1), k) += 1;
        }
    std::string columns = "columns bin_centre";
    for (const auto& [label, v] : samples) columns += ",count(" + label + ")";
    Figure f;
    if (!begin(f, dir, name, "histograms", columns + "; bin width " + num(width, 6))) return "";
    for (arma::uword b = 0; b < bins; ++b) {
        f.data << num(lo + (b + 0.5) * width);
        for (std::size_t k = 0; k < samples.size(); ++k) f.data << "," << counts(b, k);
        f.data << "\n";
    }
    std::vector<std::pair<double, double>> pts;
    const double cmax = counts.max() > 0 ? counts.max() : 1;
    for (arma::uword b = 0; b < bins; ++b)
        for (std::size_t k = 0; k < samples.size(); ++k)
            for (double t = 0; t <= counts(b, k) / cmax; t += 0.05)
                pts.emplace_back((b + 0.5) / bins, t / 1.05);

    auto& s = f.script;
    preamble(f, "histograms");
    chart_style(s);
    s << text_cmd("title", opt.title) << text_cmd("xlabel", opt.xlabel)
      << text_cmd("ylabel", opt.ylabel.empty() ? std::string("count") : opt.ylabel);
    if (opt.logy)
        s << "set logscale y\nset yrange [0.8:*]\n";
    else
        s << "set yrange [0:*]\nset offsets 0, 0, graph 0.05, 0\n";
    if (!std::isnan(opt.ymin) || !std::isnan(opt.ymax))
        s << "set yrange [" << (std::isnan(opt.ymin) ? "*" : num(opt.ymin)) << ":"
          << (std::isnan(opt.ymax) ? "*" : num(opt.ymax)) << "]\n";
    s << "set xrange [" << num(lo - width, 8) << ":" << num(hi + width, 8) << "]\n"
      << "binwidth = " << num(width, 10) << "\n"
      << "# Outlines (no fill): overlapping histograms stay readable.\n";
    const double key_h = std::min(0.9, 0.07 * samples.size() + 0.06);
    s << "set key " << key_corner(pts, 0.38, key_h)
      << " box linecolor rgb \"#bbbbbb\" opaque spacing 1.2 width 1\n";
    std::vector<std::string> clauses;
    for (std::size_t k = 0; k < samples.size(); ++k)
        clauses.push_back((k ? std::string("\"\"") : q(name + ".csv")) +
                          " using 1:" + std::to_string(k + 2) + " with histeps lw 2.2 dt " +
                          std::to_string(k % 4 + 1) + " lc rgb " + q(colour(k)) + " title " +
                          q(samples[k].first) + " noenhanced");
    write_plot(s, clauses);
    return run_gnuplot(f);
}

}  // namespace nn::plot
