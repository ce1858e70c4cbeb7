// Chapter 06 — YOUR FILE: exercises 6.1–6.9 (contracts, shapes, formulas: gradient_checking.hpp).
// Check one exercise with  scripts/check.sh 6.N   (the whole chapter: scripts/check.sh 06).
#include "gradient_checking.hpp"

#include "nn/error.hpp"
#include "nn/rng.hpp"

namespace nn {

arma::mat numerical_gradient(const std::function<double()>& loss, arma::mat& param, double h) {
    // TODO (6.1): for each i: save θᵢ; L₊ = loss() at θᵢ + h, L₋ = loss() at θᵢ − h; restore θᵢ;
    // nᵢ = (L₊ − L₋) / 2h. Trap: restore the SAVED value, not (θᵢ − h) + h (rounding).
    throw NotImplemented(
        "numerical_gradient (chapters/06_gradient_checking/gradient_checking.cpp, "
        "exercise 6.1)");
}

arma::mat one_sided_gradient(const std::function<double()>& loss, arma::mat& param, double h) {
    // TODO (6.2): nᵢ = (L(θ + h eᵢ) − L(θ)) / h; L(θ) once, before the loop; restore every θᵢ.
    throw NotImplemented(
        "one_sided_gradient (chapters/06_gradient_checking/gradient_checking.cpp, "
        "exercise 6.2)");
}

arma::vec numerical_gradient_at(const std::function<double()>& loss, arma::mat& param,
                                const arma::uvec& coords, double h) {
    // TODO (6.3): the centred nᵢ of 6.1 at i = coords(k) only, into entry k of the result.
    // Trap: check every index against param.n_elem before perturbing anything.
    throw NotImplemented(
        "numerical_gradient_at "
        "(chapters/06_gradient_checking/gradient_checking.cpp, exercise 6.3)");
}

double relative_error(const arma::mat& a, const arma::mat& n, double floor) {
    // TODO (6.4): r = ‖a − n‖₂ / max(‖a‖₂ + ‖n‖₂, floor), Frobenius norms for matrices.
    // Trap: the floor goes into the max, never added to the denominator.
    throw NotImplemented(
        "relative_error (chapters/06_gradient_checking/gradient_checking.cpp, "
        "exercise 6.4)");
}

double max_relative_error(const arma::mat& a, const arma::mat& n, double floor,
                          arma::uword* worst) {
    // TODO (6.5): maxᵢ |aᵢ − nᵢ| / max(|aᵢ| + |nᵢ|, floor), and its index into *worst if not null.
    // Trap: a NaN must count as the worst (a comparison with NaN is always false).
    throw NotImplemented(
        "max_relative_error (chapters/06_gradient_checking/gradient_checking.cpp, "
        "exercise 6.5)");
}

Verdict verdict(double rel_error) {
    // TODO (6.6): r ≤ 1e-7 Good, ≤ 1e-4 Acceptable, ≤ 1e-2 Suspicious, else Wrong.
    // Trap: NaN is Wrong, and each boundary belongs to the better band.
    throw NotImplemented(
        "verdict (chapters/06_gradient_checking/gradient_checking.cpp, "
        "exercise 6.6)");
}

arma::uvec random_coordinates(arma::uword n_elem, arma::uword k) {
    // TODO (6.7): k distinct indices in 0..n_elem−1 drawn uniformly with nn::rng(), sorted;
    // all of them if k ≥ n_elem. Trap: distinct: drawing k times independently repeats indices.
    throw NotImplemented(
        "random_coordinates (chapters/06_gradient_checking/gradient_checking.cpp, "
        "exercise 6.7)");
}

arma::uword kink_crossings(const arma::mat& Z, double h, double kink) {
    // TODO (6.8): #{ i : |Zᵢ − kink| < h } (strictly less); reject h ≤ 0.
    throw NotImplemented(
        "kink_crossings (chapters/06_gradient_checking/gradient_checking.cpp, "
        "exercise 6.8)");
}

GradCheckResult check_gradient(const std::function<double()>& loss, arma::mat& param,
                               const arma::mat& analytic, double h, arma::uword max_coords,
                               double floor) {
    // TODO (6.9): coordinates (all, or random_coordinates); n = numerical_gradient_at; compare
    // with the same entries of `analytic` (6.4, 6.5); fill every field of the result.
    // Trap: both gradients ≈ 0 (norm < 1e-10) is Wrong with both_zero set: it proves nothing.
    throw NotImplemented(
        "check_gradient (chapters/06_gradient_checking/gradient_checking.cpp, "
        "exercise 6.9)");
}

}  // namespace nn
