/// \file plot.hpp
/// \brief Plots as data first (docs/DESIGN.md rule 11): every figure is a CSV file with a
/// gnuplot script next to it, rendered to PNG when gnuplot is installed.
///
/// Each function writes `<dir>/<name>.csv` and `<dir>/<name>.gp`, then runs
/// `gnuplot <name>.gp` in `dir` to make `<dir>/<name>.png`. It returns the path of the
/// PNG, or an empty string when plots are off or gnuplot is missing (then it prints one
/// note, once, saying how to install it).
#pragma once
#include <armadillo>
#include <string>
#include <vector>

namespace nn::plot {

/// \brief Switch rendering off (the `--no-plots` flag): nothing is written at all.
void set_enabled(bool enabled);
/// \brief Whether plots are written.
bool enabled();
/// \brief True if a `gnuplot` executable is on the PATH.
bool gnuplot_available();

/// \brief One curve of a line plot.
struct Series {
    std::string label;  ///< legend entry
    arma::vec x;        ///< abscissae
    arma::vec y;        ///< ordinates (same length as x)
    /// gnuplot style: "lines", "linespoints", "points", "steps" (a step function: each
    /// value holds back to the previous x, so the jump sits where the value changes), or "reference" (a thin grey dashed guide line, drawn first)
    std::string style = "lines";
};

/// \brief Options of a line plot.
struct LineOptions {
    std::string title, xlabel, ylabel;
    bool logx = false, logy = false;
    double ymin = NAN, ymax = NAN;  ///< axis range; NaN = automatic (an "accuracy" axis
        ///< that would pass 1 stops there; counts reaching 0 start at 0)
    double xtic = NAN;  ///< spacing of the x tics (e.g. 1 for whole steps); NaN = automatic
};

/// \brief The abscissae 1, 2, ..., n of a per-epoch curve (empty for n = 0).
arma::vec epoch_axis(std::size_t n);

/// \brief Several curves in one figure.
std::string lines(const std::string& dir, const std::string& name,
                  const std::vector<Series>& series, const LineOptions& opt);

/// \brief A straight line w1 x + w2 y + b = 0, drawn over the scatter plot.
struct BoundaryLine {
    double w1, w2, b;
    std::string label;
};

/// \brief Options of a 2-D scatter plot.
struct ScatterOptions {
    std::string title, xlabel = "x1", ylabel = "x2";
    std::vector<std::string> class_names;  ///< legend entry per class (default "class k")
    double xmin = NAN, xmax = NAN, ymin = NAN, ymax = NAN;  ///< plot range; NaN = the points + 10%
};

/// \brief 2-D points coloured by class (labels 0..K-1), with optional boundary lines.
/// \param dir, name where: `<dir>/<name>.csv`, `.gp`, `.png`
/// \param X      2 x N points
/// \param labels N class indices
/// \param lines_ lines to draw over the points (may be empty)
/// \param opt    title, axis labels, class names
std::string scatter(const std::string& dir, const std::string& name, const arma::mat& X,
                    const arma::uvec& labels, const std::vector<BoundaryLine>& lines_,
                    const ScatterOptions& opt);

/// \brief Decision regions: `predict` classes on a grid over the bounding box of X
/// (plus 10% margin), drawn as coloured background, with the points on top.
/// \param dir, name   where: `<dir>/<name>.csv`, `.gp`, `.png`
/// \param X           2 x N points, \param labels their N class indices
/// \param xs, ys      the grid's abscissae and ordinates
/// \param grid_class  resolution x resolution class indices, grid_class(i, j) at
///        x = xs(j), y = ys(i); use nn::plot::grid() to get xs, ys and the grid points.
/// \param opt         title, axis labels, class names
std::string regions(const std::string& dir, const std::string& name, const arma::mat& X,
                    const arma::uvec& labels, const arma::vec& xs, const arma::vec& ys,
                    const arma::umat& grid_class, const ScatterOptions& opt);

/// \brief A grid over the bounding box of X (2 x N) with a 10% margin.
struct Grid {
    arma::vec xs, ys;  ///< resolution abscissae and ordinates
    arma::mat points;  ///< 2 x (resolution^2) points, column i*res + j is (xs(j), ys(i))
};
/// \brief Make a resolution x resolution grid over X.
Grid grid(const arma::mat& X, arma::uword resolution = 150);
/// \brief Reshape res^2 predicted classes (in Grid::points order) to the res x res matrix regions() takes.
arma::umat grid_classes(const arma::uvec& predicted, arma::uword resolution);

/// \brief Options of a heat map.
struct HeatOptions {
    std::string title, xlabel, ylabel;
    std::vector<std::string> xtics, ytics;  ///< tick labels per column / row (optional)
    bool show_values = false;               ///< print each cell's value
    std::string cblabel;  ///< label of the colour bar ("count" for integers by default)
};

/// \brief A matrix as a heat map: M(i, j) is drawn at row i (top to bottom), column j.
std::string heatmap(const std::string& dir, const std::string& name, const arma::mat& M,
                    const HeatOptions& opt);

/// \brief Images in a grid with optional captions.
///
/// \param dir, name where: `<dir>/<name>.csv`, `.gp`, `.png`
/// \param images  (h*w) x n, one image per column, pixels in row-major order
/// \param h, w    image height and width
/// \param columns images per row of the grid
/// \param captions one per image (optional)
/// \param title   the figure's title
/// \param symmetric colour scale centred at zero (for filters and signed maps); otherwise
///        a grey scale, black = lowest, white = highest
/// \param cblabel  label of the colour bar (what the values are)
std::string image_grid(const std::string& dir, const std::string& name, const arma::mat& images,
                       arma::uword h, arma::uword w, arma::uword columns,
                       const std::vector<std::string>& captions, const std::string& title,
                       bool symmetric = false, const std::string& cblabel = "");

/// \brief Histograms of several samples in one figure (bins shared), drawn as outlines
/// so that overlapping ones stay readable.
std::string histograms(const std::string& dir, const std::string& name,
                       const std::vector<std::pair<std::string, arma::vec>>& samples,
                       arma::uword bins, const LineOptions& opt);

}  // namespace nn::plot
