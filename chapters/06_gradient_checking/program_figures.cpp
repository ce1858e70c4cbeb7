// Chapter 06 program — the figure of the error against h (declared in program.hpp; the kink
// figure stays in main.cpp with its demonstration).
#include "nn/plot.hpp"
#include "program.hpp"

namespace ch06 {

// The two error curves against h, with guides through the first point: slopes 2 (centred
// truncation) and 1 (one-sided).
void plot_sweep(const std::string& out, const arma::vec& hs, const arma::vec& centred,
                const arma::vec& one_sided) {
    const arma::vec slope2 = centred(0) * arma::square(hs / hs(0));
    const arma::vec slope1 = one_sided(0) * (hs / hs(0));
    nn::plot::LineOptions lo{"Relative error of finite differences against the step h",
                             "h",
                             "relative error",
                             true,
                             true,
                             1e-13,
                             1};
    std::vector<nn::plot::Series> series = {
        {"centred (L(t+h) - L(t-h)) / 2h", hs, centred, "linespoints"},
        {"one-sided (L(t+h) - L(t)) / h", hs, one_sided, "linespoints"},
        {"slope 2: C h^2", hs, arma::clamp(slope2, 1e-14, 10), "reference"},
        {"slope 1: C h", hs, arma::clamp(slope1, 1e-14, 10), "reference"}};
    nn::plot::lines(out, "ch06_error_vs_h", series, lo);
}

}  // namespace ch06
