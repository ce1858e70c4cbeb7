/// \file gradient_checking.hpp
/// \brief Chapter 06 — checking a hand-written backward pass against finite differences.
/// Exercises 6.1–6.9 (your code: gradient_checking.cpp; given code: gradient_checking_given.cpp).
///
/// Legend (the notation of the notes, \ref ch06):
/// - θ — the parameter being checked, an arma::mat of any shape; θᵢ its i-th entry in
///   Armadillo's column-major (linear) order.
/// - L(θ) — a scalar loss, given as a `std::function<double()>` that reads the current
///   contents of θ.
/// - eᵢ — the i-th unit vector; h — the step of the difference.
/// - a — the analytic gradient (from backward), n — the numerical one; r — a relative error.
///
/// Every function here is an exercise except verdict_name(). The project's own checker,
/// nn::gradcheck::check (common/include/nn/gradcheck.hpp), is the finished version of what the
/// student builds in this chapter; every later chapter's tests use it.
#pragma once
#include <armadillo>
#include <functional>
#include <string>

namespace nn {

/// \brief Exercise 6.1: centred finite differences of `loss` with respect to every entry of
/// `param`.
///
///     nᵢ = (L(θ + h eᵢ) − L(θ − h eᵢ)) / 2h,   nᵢ − ∂L/∂θᵢ = (h²/6) L'''(ξ) = O(h²)
///
/// Each entry is perturbed in place, `loss()` is called twice, and the entry is put back to
/// its exact original value (save it; do not compute (θᵢ + h) − h).
/// \param loss  computes L from the current `param`
/// \param param the parameter, any shape; unchanged on return
/// \param h     step, > 0
/// \return a matrix of the shape of `param`
/// \throws std::invalid_argument if h ≤ 0 or `param` is empty
arma::mat numerical_gradient(const std::function<double()>& loss, arma::mat& param,
                             double h = 1e-5);

/// \brief Exercise 6.2: one-sided (forward) differences, for comparison:
/// nᵢ = (L(θ + h eᵢ) − L(θ)) / h, error (h/2) L''(ξ) = O(h).
/// \param loss, param, h as in numerical_gradient(); `param` is unchanged on return
/// \throws std::invalid_argument if h ≤ 0 or `param` is empty
arma::mat one_sided_gradient(const std::function<double()>& loss, arma::mat& param,
                             double h = 1e-5);

/// \brief Exercise 6.3: centred differences at a subset of coordinates only (large parameters).
///
/// \param loss   computes L from the current `param`
/// \param param  the parameter; unchanged on return
/// \param coords linear indices into `param` (each < param.n_elem)
/// \param h      step, > 0
/// \return a vector with one entry per index of `coords`: entry k is n_coords(k)
/// \throws std::invalid_argument if h ≤ 0 or an index is out of range
arma::vec numerical_gradient_at(const std::function<double()>& loss, arma::mat& param,
                                const arma::uvec& coords, double h = 1e-5);

/// \brief Exercise 6.4: relative error of two gradients, with a floor on the denominator:
///
///     r(a, n) = ‖a − n‖₂ / max(‖a‖₂ + ‖n‖₂, floor)
///
/// (Frobenius norms for matrices). It is 0 for equal gradients, 1 when one of them is zero
/// and the other is not, and at most 1 always; the floor keeps 0/0 from happening when both are
/// zero (then r = 0 — and a check that only ever sees zeros proves nothing).
/// \param a, n   same shape
/// \param floor  > 0
/// \throws std::invalid_argument on a shape mismatch or floor ≤ 0
double relative_error(const arma::mat& a, const arma::mat& n, double floor = 1e-12);

/// \brief Exercise 6.5: the worst coordinate's relative error:
/// maxᵢ |aᵢ − nᵢ| / max(|aᵢ| + |nᵢ|, floor).
/// \param a, n  the analytic and the numerical gradient, same shape
/// \param floor > 0, the smallest denominator
/// \param worst if not null, receives the linear index of the worst coordinate
/// \throws std::invalid_argument on a shape mismatch, empty input or floor ≤ 0
double max_relative_error(const arma::mat& a, const arma::mat& n, double floor = 1e-12,
                          arma::uword* worst = nullptr);

/// \brief The bands of a relative error.
enum class Verdict {
    Good,        ///< r ≤ 1e-7: the backward is right
    Acceptable,  ///< 1e-7 < r ≤ 1e-4: fine if the function has kinks (ReLU, |x|) near the point
    Suspicious,  ///< 1e-4 < r ≤ 1e-2: probably a bug; look closer
    Wrong        ///< r > 1e-2 (or NaN): the backward is wrong
};

/// \brief Exercise 6.6: the band of `rel_error`: Good up to 1e-7, Acceptable up to 1e-4,
/// Suspicious up to 1e-2, Wrong above (a NaN is Wrong). Each boundary belongs to the better band.
Verdict verdict(double rel_error);

/// \brief "good", "acceptable", "suspicious" or "WRONG" (capitals: a table must shout it).
std::string verdict_name(Verdict v);

/// \brief Exercise 6.7: `k` distinct coordinates of a parameter with `n_elem` entries, drawn
/// uniformly at random with nn::rng(), sorted ascending. If k ≥ n_elem, all of 0..n_elem−1.
/// \throws std::invalid_argument if n_elem == 0 or k == 0
arma::uvec random_coordinates(arma::uword n_elem, arma::uword k);

/// \brief Exercise 6.8: how many entries of a pre-activation Z lie within `h` of a kink at `kink`
/// (e.g. ReLU at 0): #{ i : |Zᵢ − kink| < h }. At those entries the centred
/// difference straddles the kink and disagrees with any one-sided derivative.
/// \throws std::invalid_argument if h ≤ 0
arma::uword kink_crossings(const arma::mat& Z, double h, double kink = 0.0);

/// \brief Outcome of the student's own gradient check.
struct GradCheckResult {
    double max_rel_error = 0;  ///< max_relative_error() over the checked coordinates
    double rel_error = 0;      ///< relative_error() of the checked coordinates as vectors
    arma::uword worst = 0;     ///< linear index (into the parameter) of the worst coordinate
    double analytic_at_worst = 0, numeric_at_worst = 0;  ///< both values there
    arma::uword checked = 0;                             ///< number of coordinates compared
    bool both_zero = false;            ///< both gradients (checked part) have norm < 1e-10
    Verdict verdict = Verdict::Wrong;  ///< verdict(max_rel_error), but Wrong when both_zero
};

/// \brief Exercise 6.9: the student's gradient check: compare `analytic` with
/// numerical_gradient_at() on all coordinates (max_coords == 0 or ≥ param.n_elem) or on
/// random_coordinates(n, max_coords).
///
/// A check where both gradients are (numerically) zero is reported as Wrong with
/// `both_zero` set: it would pass any backward that returns zeros.
/// \param loss       computes L from the current `param`
/// \param param      the parameter; unchanged on return
/// \param analytic   the gradient from backward, same shape as `param`
/// \param h          step of the centred differences
/// \param max_coords check this many random coordinates (0 = all)
/// \param floor      the denominator floor of the relative errors
/// \throws std::invalid_argument on a shape mismatch
GradCheckResult check_gradient(const std::function<double()>& loss, arma::mat& param,
                               const arma::mat& analytic, double h = 1e-5,
                               arma::uword max_coords = 0, double floor = 1e-12);

}  // namespace nn
