// Chapter 01 — given code (not an exercise): labels, radius, margin and Novikoff's bound.
// Contracts: perceptron.hpp.
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "nn/error.hpp"
#include "perceptron.hpp"

namespace nn {

arma::ivec to_binary_labels(const arma::rowvec& y, const std::string& source) {
    std::set<double> values(y.begin(), y.end());
    const bool zero_one =
        values.size() <= 2 && values.count(0.0) + values.count(1.0) == values.size();
    const bool plus_minus =
        values.size() <= 2 && values.count(-1.0) + values.count(1.0) == values.size();
    if (!zero_one && !plus_minus) {
        std::ostringstream os;
        os << source
           << ": the perceptron separates two classes, labelled 0/1 or -1/+1, but the labels are {";
        bool first = true;
        for (double v : values) {
            if (!first) os << ", ";
            os << v;
            first = false;
            if (os.tellp() > 200) {
                os << ", ...";
                break;
            }
        }
        os << "}; keep two classes and relabel them";
        throw DataError(os.str());
    }
    arma::ivec out(y.n_elem);
    for (arma::uword i = 0; i < y.n_elem; ++i) out(i) = y(i) > 0.5 ? 1 : 0;
    return out;
}

double augmented_radius(const arma::mat& X) {
    double r2 = 0;
    for (arma::uword i = 0; i < X.n_cols; ++i)
        r2 = std::max(r2, arma::dot(X.col(i), X.col(i)) + 1.0);
    return std::sqrt(r2);
}

double augmented_margin(const arma::mat& X, const arma::ivec& y, const arma::vec& w, double b) {
    const double norm = std::sqrt(arma::dot(w, w) + b * b);
    if (norm == 0 || X.n_cols == 0) return 0;
    double m = std::numeric_limits<double>::infinity();
    for (arma::uword i = 0; i < X.n_cols; ++i) {
        const double s = y(i) == 1 ? 1.0 : -1.0;
        m = std::min(m, s * (arma::dot(w, X.col(i)) + b) / norm);
    }
    return m;
}

NovikoffBound novikoff_bound(const arma::mat& X, const arma::ivec& y, const Perceptron& start) {
    // Work in the augmented space: θ = (w, b), x̃ = (x, 1), s = ±1.
    const arma::uword d = X.n_rows;
    arma::mat Xt = arma::join_cols(X, arma::rowvec(X.n_cols, arma::fill::ones));
    arma::rowvec s(y.n_elem);
    for (arma::uword i = 0; i < y.n_elem; ++i) s(i) = y(i) == 1 ? 1.0 : -1.0;

    arma::vec theta = arma::join_cols(start.w, arma::vec{start.b});
    if (arma::norm(theta) == 0) theta = arma::vec(d + 1, arma::fill::ones);
    theta /= arma::norm(theta);
    arma::vec best = theta;
    auto margin_of = [&](const arma::vec& t) { return arma::min(s % (t.t() * Xt)); };
    double best_m = margin_of(theta);
    // Projected subgradient ascent on minᵢ sᵢ θᵀx̃ᵢ over the unit sphere: the
    // subgradient is sₖ x̃ₖ of the worst sample k; step sizes shrink as 1/√t.
    for (int t = 1; t <= 4000; ++t) {
        const arma::rowvec m = s % (theta.t() * Xt);
        const arma::uword k = m.index_min();
        theta += (0.05 / std::sqrt(double(t))) * s(k) * Xt.col(k);
        theta /= arma::norm(theta);
        const double mt = margin_of(theta);
        if (mt > best_m) {
            best_m = mt;
            best = theta;
        }
    }
    NovikoffBound nb;
    nb.radius = augmented_radius(X);
    nb.gamma = best_m;
    nb.w = best.head(d);
    nb.b = best(d);
    nb.bound = best_m > 0 ? (nb.radius / best_m) * (nb.radius / best_m)
                          : std::numeric_limits<double>::infinity();
    return nb;
}

}  // namespace nn
