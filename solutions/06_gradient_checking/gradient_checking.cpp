// Chapter 06 — reference solution of chapters/06_gradient_checking/gradient_checking.cpp (6.1–6.9).
// Contracts, shapes and notation: chapters/06_gradient_checking/gradient_checking.hpp.
#include "gradient_checking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "nn/error.hpp"
#include "nn/rng.hpp"

namespace nn {

arma::mat numerical_gradient(const std::function<double()>& loss, arma::mat& param, double h) {
    require(h > 0, "numerical_gradient", "the step h must be > 0, got " + std::to_string(h));
    require(!param.is_empty(), "numerical_gradient", "the parameter is empty");
    arma::mat n(arma::size(param));
    for (arma::uword i = 0; i < param.n_elem; ++i) {
        const double saved = param(i);
        param(i) = saved + h;  // θ + h eᵢ
        const double plus = loss();
        param(i) = saved - h;  // θ − h eᵢ
        const double minus = loss();
        param(i) = saved;                   // restore exactly
        n(i) = (plus - minus) / (2.0 * h);  // nᵢ = (L₊ − L₋) / 2h
    }
    return n;
}

arma::mat one_sided_gradient(const std::function<double()>& loss, arma::mat& param, double h) {
    require(h > 0, "one_sided_gradient", "the step h must be > 0, got " + std::to_string(h));
    require(!param.is_empty(), "one_sided_gradient", "the parameter is empty");
    const double base = loss();  // L(θ), once
    arma::mat n(arma::size(param));
    for (arma::uword i = 0; i < param.n_elem; ++i) {
        const double saved = param(i);
        param(i) = saved + h;  // θ + h eᵢ
        const double plus = loss();
        param(i) = saved;
        n(i) = (plus - base) / h;  // nᵢ = (L₊ − L) / h
    }
    return n;
}

arma::vec numerical_gradient_at(const std::function<double()>& loss, arma::mat& param,
                                const arma::uvec& coords, double h) {
    require(h > 0, "numerical_gradient_at", "the step h must be > 0, got " + std::to_string(h));
    arma::vec n(coords.n_elem);
    for (arma::uword k = 0; k < coords.n_elem; ++k) {
        const arma::uword i = coords(k);
        require(i < param.n_elem, "numerical_gradient_at",
                "coordinate " + std::to_string(i) + " is out of range for a parameter of " +
                    std::to_string(param.n_elem) + " entries");
        const double saved = param(i);
        param(i) = saved + h;
        const double plus = loss();
        param(i) = saved - h;
        const double minus = loss();
        param(i) = saved;
        n(k) = (plus - minus) / (2.0 * h);
    }
    return n;
}

double relative_error(const arma::mat& a, const arma::mat& n, double floor) {
    require(a.n_rows == n.n_rows && a.n_cols == n.n_cols, "relative_error",
            "the gradients must have the same shape, got " + shape_str(a.n_rows, a.n_cols) +
                " and " + shape_str(n.n_rows, n.n_cols));
    require(floor > 0, "relative_error", "the floor must be > 0");
    // r = ‖a − n‖ / max(‖a‖ + ‖n‖, floor)
    const double num = arma::norm(arma::vectorise(a - n), 2);
    const double den =
        std::max(arma::norm(arma::vectorise(a), 2) + arma::norm(arma::vectorise(n), 2), floor);
    return num / den;
}

double max_relative_error(const arma::mat& a, const arma::mat& n, double floor,
                          arma::uword* worst) {
    require(a.n_rows == n.n_rows && a.n_cols == n.n_cols, "max_relative_error",
            "the gradients must have the same shape, got " + shape_str(a.n_rows, a.n_cols) +
                " and " + shape_str(n.n_rows, n.n_cols));
    require(!a.is_empty(), "max_relative_error", "the gradients are empty");
    require(floor > 0, "max_relative_error", "the floor must be > 0");
    double best = -1;
    arma::uword at = 0;
    for (arma::uword i = 0; i < a.n_elem; ++i) {
        // rᵢ = |aᵢ − nᵢ| / max(|aᵢ| + |nᵢ|, floor); a NaN counts as the worst possible
        double r = std::abs(a(i) - n(i)) / std::max(std::abs(a(i)) + std::abs(n(i)), floor);
        if (std::isnan(r)) r = std::numeric_limits<double>::infinity();
        if (r > best) {
            best = r;
            at = i;
        }
    }
    if (worst) *worst = at;
    return best;
}

Verdict verdict(double rel_error) {
    if (!(rel_error <= 1e-2)) return Verdict::Wrong;  // also catches NaN
    if (rel_error <= 1e-7) return Verdict::Good;
    if (rel_error <= 1e-4) return Verdict::Acceptable;
    return Verdict::Suspicious;
}

arma::uvec random_coordinates(arma::uword n_elem, arma::uword k) {
    require(n_elem > 0, "random_coordinates", "the parameter has no entries");
    require(k > 0, "random_coordinates", "ask for at least one coordinate");
    if (k >= n_elem) return arma::regspace<arma::uvec>(0, n_elem - 1);
    // A partial Fisher-Yates shuffle: the first k entries become a uniform sample without repeats.
    std::vector<arma::uword> idx(n_elem);
    std::iota(idx.begin(), idx.end(), arma::uword(0));
    for (arma::uword j = 0; j < k; ++j) {
        std::uniform_int_distribution<arma::uword> pick(j, n_elem - 1);
        std::swap(idx[j], idx[pick(rng())]);
    }
    arma::uvec out(k);
    for (arma::uword j = 0; j < k; ++j) out(j) = idx[j];
    return arma::sort(out);
}

arma::uword kink_crossings(const arma::mat& Z, double h, double kink) {
    require(h > 0, "kink_crossings", "the step h must be > 0");
    return static_cast<arma::uword>(arma::accu(arma::abs(Z - kink) < h));
}

GradCheckResult check_gradient(const std::function<double()>& loss, arma::mat& param,
                               const arma::mat& analytic, double h, arma::uword max_coords,
                               double floor) {
    require(analytic.n_rows == param.n_rows && analytic.n_cols == param.n_cols, "check_gradient",
            "the analytic gradient must have the shape of the parameter (" +
                shape_str(param.n_rows, param.n_cols) + "), got " +
                shape_str(analytic.n_rows, analytic.n_cols));
    // Which coordinates: all, or a random subset for a large parameter.
    const arma::uvec coords = (max_coords == 0 || max_coords >= param.n_elem)
                                  ? arma::uvec(arma::regspace<arma::uvec>(0, param.n_elem - 1))
                                  : random_coordinates(param.n_elem, max_coords);
    const arma::vec n = numerical_gradient_at(loss, param, coords, h);
    const arma::vec a = analytic.elem(coords);

    GradCheckResult r;
    arma::uword k = 0;
    r.max_rel_error = max_relative_error(a, n, floor, &k);
    r.rel_error = relative_error(a, n, floor);
    r.worst = coords(k);
    r.analytic_at_worst = a(k);
    r.numeric_at_worst = n(k);
    r.checked = coords.n_elem;
    // Two zero gradients agree perfectly and prove nothing.
    r.both_zero = arma::norm(a, 2) < 1e-10 && arma::norm(n, 2) < 1e-10;
    r.verdict = r.both_zero ? Verdict::Wrong : verdict(r.max_rel_error);
    return r;
}

}  // namespace nn
