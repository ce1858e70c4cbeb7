// Chapter 06 exercises: fill in each function (see gradient_checking.hpp for the math and the
// contract), then run   scripts/check.sh 6.N (exercise 6.N; scripts/check.sh 06: the whole chapter)
//
// Legend: theta = the parameter (any shape, linear index i), L = loss(), h = step,
//         a = analytic gradient, n = numerical gradient, r = relative error.
#include "gradient_checking.hpp"

#include "nn/error.hpp"
#include "nn/rng.hpp"

namespace nn {

arma::mat numerical_gradient(const std::function<double()>& /*loss*/, arma::mat& /*param*/, double /*h*/) {
    // For each i: save theta_i; L+ at theta_i + h; L- at theta_i - h; restore; n_i = (L+ - L-)/2h.
    throw NotImplemented("numerical_gradient (chapters/06_gradient_checking/gradient_checking.cpp, exercise 6.1)");
}

arma::mat one_sided_gradient(const std::function<double()>& /*loss*/, arma::mat& /*param*/, double /*h*/) {
    throw NotImplemented("one_sided_gradient (chapters/06_gradient_checking/gradient_checking.cpp, exercise 6.2)");
}

arma::vec numerical_gradient_at(const std::function<double()>& /*loss*/, arma::mat& /*param*/,
                                const arma::uvec& /*coords*/, double /*h*/) {
    throw NotImplemented("numerical_gradient_at (chapters/06_gradient_checking/gradient_checking.cpp, exercise 6.3)");
}

double relative_error(const arma::mat& /*a*/, const arma::mat& /*n*/, double /*floor*/) {
    throw NotImplemented("relative_error (chapters/06_gradient_checking/gradient_checking.cpp, exercise 6.4)");
}

double max_relative_error(const arma::mat& /*a*/, const arma::mat& /*n*/, double /*floor*/,
                          arma::uword* /*worst*/) {
    throw NotImplemented("max_relative_error (chapters/06_gradient_checking/gradient_checking.cpp, exercise 6.5)");
}

Verdict verdict(double /*rel_error*/) {
    throw NotImplemented("verdict (chapters/06_gradient_checking/gradient_checking.cpp, exercise 6.6)");
}

arma::uvec random_coordinates(arma::uword /*n_elem*/, arma::uword /*k*/) {
    throw NotImplemented("random_coordinates (chapters/06_gradient_checking/gradient_checking.cpp, exercise 6.7)");
}

arma::uword kink_crossings(const arma::mat& /*Z*/, double /*h*/, double /*kink*/) {
    throw NotImplemented("kink_crossings (chapters/06_gradient_checking/gradient_checking.cpp, exercise 6.8)");
}

GradCheckResult check_gradient(const std::function<double()>& /*loss*/, arma::mat& /*param*/,
                               const arma::mat& /*analytic*/, double /*h*/, arma::uword /*max_coords*/,
                               double /*floor*/) {
    throw NotImplemented("check_gradient (chapters/06_gradient_checking/gradient_checking.cpp, exercise 6.9)");
}

}  // namespace nn
