#include "nn/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/error.hpp"
#include "nn/rng.hpp"

namespace nn::gradcheck {

bool Report::ok(double tol) const {
    if (checked == 0) return false;
    if (vacuous && !allow_zero) return false;
    return max_rel_error <= tol;
}

std::string Report::str() const {
    std::ostringstream os;
    os << std::setprecision(6);
    os << (name.empty() ? std::string("gradient") : name) << ": ";
    if (checked == 0) {
        os << "nothing was checked";
        return os.str();
    }
    os << "max relative error " << max_rel_error << " over " << checked << " coordinates";
    if (n_wrong > 0) os << " (" << n_wrong << " wrong)";
    os << "; worst at (row " << worst_row << ", col " << worst_col << ") of the " << n_rows << "x"
       << n_cols << " parameter: analytic " << std::setprecision(10) << analytic_at_worst
       << ", numeric " << numeric_at_worst;
    if (vacuous)
        os << (allow_zero ? " [both gradients zero, allowed]"
                          : " [VACUOUS: analytic and numeric gradients are both zero, so the "
                            "check proves nothing]");
    if (!hint.empty()) os << "\n  hint: " << hint;
    return os.str();
}

std::string hint_for_ratio(double c) {
    std::ostringstream os;
    os << std::setprecision(4);
    const auto near = [&](double v) {
        return std::abs(c - v) <= 0.02 * std::max(1.0, std::abs(v));
    };
    if (near(1.0)) return "";
    os << "analytic = " << c << " x numeric at every checked coordinate: ";
    if (near(0.0))
        os << "the analytic gradient is zero: is it computed and stored at all?";
    else if (near(-1.0))
        os << "a sign error (y - a instead of a - y, or += instead of -=?).";
    else if (near(2.0))
        os << "twice too large: a factor 2 too many, or a gradient added twice (+= into a gradient "
              "that was not reset, or two backward calls)?";
    else if (near(0.5))
        os << "half: a missing factor 2 (d/dx x^2 = 2x)?";
    else if (std::abs(c - std::round(c)) < 0.02 * c && c > 2.5)
        os << "N = " << std::round(c) << " times too large: a missing division by N (the number of "
           << "columns / batch size)?";
    else if (c > 0 && c < 0.4 && std::abs(1 / c - std::round(1 / c)) < 0.02 / c)
        os << "1/" << std::round(1 / c) << " of the right value: divided by N once too often?";
    else if (c < 0)
        os << "the wrong sign and scale: check the sign and the factors of the formula.";
    else
        os << "a wrong constant factor: compare the factors of your formula with the notes.";
    return os.str();
}

namespace {
double centred(const std::function<double()>& loss, arma::mat& param, arma::uword i, double h) {
    const double saved = param(i);
    try {
        param(i) = saved + h;
        const double plus = loss();
        param(i) = saved - h;
        const double minus = loss();
        param(i) = saved;
        return (plus - minus) / (2.0 * h);
    } catch (...) {
        param(i) = saved;  // leave the parameter as it was
        throw;
    }
}
}  // namespace

arma::mat numerical_gradient(const std::function<double()>& loss, arma::mat& param, double h) {
    arma::mat g(arma::size(param));
    for (arma::uword i = 0; i < param.n_elem; ++i) g(i) = centred(loss, param, i, h);
    return g;
}

Report check(const std::string& name, const std::function<double()>& loss, arma::mat& param,
             const arma::mat& analytic, const Options& opt) {
    require(analytic.n_rows == param.n_rows && analytic.n_cols == param.n_cols,
            "gradcheck::check(" + name + ")",
            "analytic gradient is " + shape_str(analytic.n_rows, analytic.n_cols) +
                " but the parameter is " + shape_str(param.n_rows, param.n_cols));
    require(opt.h > 0, "gradcheck::check(" + name + ")", "h must be positive");

    // Which coordinates: all, or a random subset for large parameters.
    std::vector<arma::uword> idx(param.n_elem);
    for (arma::uword i = 0; i < param.n_elem; ++i) idx[i] = i;
    if (opt.max_coords > 0 && opt.max_coords < param.n_elem) {
        std::shuffle(idx.begin(), idx.end(), nn::rng());
        idx.resize(opt.max_coords);
        std::sort(idx.begin(), idx.end());
    }

    Report r;
    r.name = name;
    r.allow_zero = opt.allow_zero;
    double diff2 = 0, a2 = 0, n2 = 0;
    r.max_rel_error = -1;
    std::vector<double> numeric;
    numeric.reserve(idx.size());
    for (arma::uword i : idx) {
        const double a = analytic(i);
        double n = 0;
        try {
            n = centred(loss, param, i, opt.h);
        } catch (const std::exception& e) {
            // Say where: a throw from inside the checker is otherwise reported at the wrong line.
            throw std::runtime_error("gradient check of " + name +
                                     ": the loss function threw at coordinate (row " +
                                     std::to_string(i % param.n_rows) + ", col " +
                                     std::to_string(i / param.n_rows) + "): " + e.what());
        }
        numeric.push_back(n);
        const double rel = std::abs(a - n) / std::max(std::abs(a) + std::abs(n), opt.floor);
        diff2 += (a - n) * (a - n);
        a2 += a * a;
        n2 += n * n;
        if (rel > r.max_rel_error || std::isnan(rel)) {
            r.max_rel_error = std::isnan(rel) ? INFINITY : rel;
            r.worst = i;
            r.analytic_at_worst = a;
            r.numeric_at_worst = n;
        }
        ++r.checked;
    }
    if (r.checked == 0) r.max_rel_error = 0;
    r.n_rows = param.n_rows;
    r.n_cols = param.n_cols;
    r.worst_row = param.n_rows ? r.worst % param.n_rows : 0;
    r.worst_col = param.n_rows ? r.worst / param.n_rows : 0;
    // What do the wrong numbers look like? A constant ratio names the usual bugs.
    {
        std::vector<double> ratios;
        double nmax = 0;
        for (std::size_t k = 0; k < idx.size(); ++k) nmax = std::max(nmax, std::abs(numeric[k]));
        for (std::size_t k = 0; k < idx.size(); ++k) {
            const double a = analytic(idx[k]), n = numeric[k];
            const double rel = std::abs(a - n) / std::max(std::abs(a) + std::abs(n), opt.floor);
            if (rel > 1e-5) ++r.n_wrong;
            if (std::abs(n) > 1e-6 * nmax && std::abs(n) > opt.zero_norm) ratios.push_back(a / n);
        }
        if (r.n_wrong > 0 && !ratios.empty()) {
            std::vector<double> sorted = ratios;
            std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
            const double c = sorted[sorted.size() / 2];
            bool constant = std::isfinite(c);
            for (double q : ratios)
                if (!(std::abs(q - c) <= 0.02 * std::max(1e-3, std::abs(c)))) constant = false;
            if (constant) r.hint = hint_for_ratio(c);
        }
        // Transposed: a square parameter checked in full whose analytic gradient is the
        // transpose of the numeric one.
        if (r.hint.empty() && r.n_wrong > 0 && param.n_rows == param.n_cols && param.n_rows > 1 &&
            idx.size() == param.n_elem) {
            arma::mat N(arma::size(param));
            for (std::size_t k = 0; k < idx.size(); ++k) N(idx[k]) = numeric[k];
            const double d = arma::norm(analytic - N.t(), "fro");
            if (d <= 1e-6 * std::max(arma::norm(N, "fro"), 1e-12))
                r.hint =
                    "the analytic gradient is the TRANSPOSE of the numeric one: a missing or extra .t()?";
        }
        if (r.hint.empty() && r.n_wrong > 0 && r.n_wrong < r.checked && param.n_elem > 1) {
            // Which rows/columns are wrong? A whole row or column points at one unit / one sample.
            std::ostringstream os;
            os << r.n_wrong << " of " << r.checked
               << " checked coordinates are wrong, the others right";
            r.hint = os.str();
        }
    }
    r.analytic_norm = std::sqrt(a2);
    r.numeric_norm = std::sqrt(n2);
    r.total_rel_error = std::sqrt(diff2) / std::max(r.analytic_norm + r.numeric_norm, opt.floor);
    r.vacuous = r.analytic_norm < opt.zero_norm && r.numeric_norm < opt.zero_norm;
    return r;
}

}  // namespace nn::gradcheck
