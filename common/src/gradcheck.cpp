#include "nn/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

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
    os << " (worst: index " << worst << ", analytic " << std::setprecision(12) << analytic_at_worst
       << ", numeric " << numeric_at_worst << ")";
    if (vacuous) os << (allow_zero ? " [both gradients zero, allowed]"
                                   : " [VACUOUS: analytic and numeric gradients are both zero, so the "
                                     "check proves nothing]");
    return os.str();
}

namespace {
double centred(const std::function<double()>& loss, arma::mat& param, arma::uword i, double h) {
    const double saved = param(i);
    param(i) = saved + h;
    const double plus = loss();
    param(i) = saved - h;
    const double minus = loss();
    param(i) = saved;
    return (plus - minus) / (2.0 * h);
}
}  // namespace

arma::mat numerical_gradient(const std::function<double()>& loss, arma::mat& param, double h) {
    arma::mat g(arma::size(param));
    for (arma::uword i = 0; i < param.n_elem; ++i) g(i) = centred(loss, param, i, h);
    return g;
}

Report check(const std::string& name, const std::function<double()>& loss, arma::mat& param,
             const arma::mat& analytic, const Options& opt) {
    require(analytic.n_rows == param.n_rows && analytic.n_cols == param.n_cols, "gradcheck::check(" + name + ")",
            "analytic gradient is " + shape_str(analytic.n_rows, analytic.n_cols) + " but the parameter is " +
                shape_str(param.n_rows, param.n_cols));
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
    for (arma::uword i : idx) {
        const double a = analytic(i);
        const double n = centred(loss, param, i, opt.h);
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
    r.analytic_norm = std::sqrt(a2);
    r.numeric_norm = std::sqrt(n2);
    r.total_rel_error = std::sqrt(diff2) / std::max(r.analytic_norm + r.numeric_norm, opt.floor);
    r.vacuous = r.analytic_norm < opt.zero_norm && r.numeric_norm < opt.zero_norm;
    return r;
}

}  // namespace nn::gradcheck
