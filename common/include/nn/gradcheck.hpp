/// \file gradcheck.hpp
/// \brief The gradient checker every test of the project uses (chapter 06 teaches it).
///
/// Compares an analytic gradient with centred finite differences
/// \f[ \frac{\partial L}{\partial \theta_i} \approx \frac{L(\theta + h e_i) - L(\theta - h e_i)}{2h} \f]
/// by the relative error \f$ \|a - n\| / \max(\|a\| + \|n\|, \text{floor}) \f$ taken
/// coordinate by coordinate; the report names the worst coordinate with both values.
#pragma once
#include <armadillo>
#include <functional>
#include <string>

namespace nn::gradcheck {

/// \brief Settings of one check.
struct Options {
    double h = 1e-5;  ///< step of the centred difference
    arma::uword max_coords =
        0;  ///< check at most this many coordinates, drawn at random with nn::rng() (0 = all)
    double floor = 1e-12;  ///< denominator floor of the relative error
    /// Below this, a gradient counts as zero. If BOTH the analytic and the numeric
    /// gradient are zero the check fails (it would prove nothing) unless allow_zero.
    double zero_norm = 1e-10;
    bool allow_zero = false;  ///< set when a zero gradient is the expected answer
};

/// \brief Outcome of a check.
struct Report {
    double max_rel_error = 0;    ///< worst coordinate's |a - n| / max(|a| + |n|, floor)
    double total_rel_error = 0;  ///< ||a - n|| / max(||a|| + ||n||, floor) over checked coordinates
    arma::uword worst = 0;       ///< linear index of the worst coordinate
    arma::uword worst_row = 0, worst_col = 0;  ///< (row, col) of the worst coordinate
    arma::uword n_rows = 0, n_cols = 0;        ///< shape of the parameter
    arma::uword n_wrong = 0;                   ///< coordinates whose relative error exceeds 1e-5
    /// What the numbers look like when they are wrong, e.g. "analytic = 2 x numeric at every
    /// checked coordinate: ...", or empty. See hint_for_ratio().
    std::string hint;
    double analytic_at_worst = 0, numeric_at_worst = 0;
    arma::uword checked = 0;                     ///< coordinates compared
    double analytic_norm = 0, numeric_norm = 0;  ///< norms over the checked coordinates
    bool vacuous = false;                        ///< both gradients zero (see Options::zero_norm)
    std::string name;                            ///< what was checked (for messages)

    /// \brief True if not vacuous (or allowed) and max_rel_error <= tol.
    bool ok(double tol) const;
    /// \brief Name, max relative error, worst coordinate (row, col) with both values, and the
    /// hint when the analytic gradient is a constant multiple (x2, x-1, xN...) or the transpose.
    std::string str() const;
    bool allow_zero = false;
};

/// \brief Check `analytic` (same shape as `param`) against centred differences of `loss`.
///
/// `loss()` must compute the loss from the current contents of `param`; the checker
/// perturbs `param` in place and restores every entry it touches. If `loss()` throws, the
/// entry is restored and a std::runtime_error names the check, the coordinate and the message.
Report check(const std::string& name, const std::function<double()>& loss, arma::mat& param,
             const arma::mat& analytic, const Options& opt = Options());

/// \brief What a constant ratio analytic/numeric = c suggests (empty when c is close to 1).
std::string hint_for_ratio(double c);

/// \brief The centred-difference gradient of `loss` with respect to every entry of `param`.
arma::mat numerical_gradient(const std::function<double()>& loss, arma::mat& param,
                             double h = 1e-5);

}  // namespace nn::gradcheck
