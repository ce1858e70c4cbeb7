/// \file synthetic.cpp
/// \brief Seeded 2-D toy data sets (see nn/synthetic.hpp).
///
/// All randomness comes from nn::rng() through the standard distributions, so
/// nn::seed_all(s) makes every generator repeat its output exactly.
#include "nn/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "nn/error.hpp"
#include "nn/rng.hpp"

namespace nn {

namespace {

constexpr double kPi = 3.14159265358979323846;

LabelledData make_empty(arma::uword n) {
    LabelledData d;
    d.X.set_size(2, n);
    d.y.set_size(n);
    d.feature_names = {"x1", "x2"};
    d.label_name = "label";
    return d;
}

double randn() {
    std::normal_distribution<double> g(0.0, 1.0);
    return g(rng());
}

}  // namespace

LabelledData make_spirals(arma::uword n_per_class, arma::uword num_classes, double noise) {
    require(n_per_class >= 2, "make_spirals", "n_per_class must be at least 2");
    require(num_classes >= 1, "make_spirals", "num_classes must be at least 1");
    require(noise >= 0, "make_spirals", "noise must be >= 0");
    LabelledData d = make_empty(n_per_class * num_classes);
    const double last = static_cast<double>(n_per_class - 1);
    for (arma::uword k = 0; k < num_classes; ++k) {
        for (arma::uword i = 0; i < n_per_class; ++i) {
            const double t = i / last;                                 // linspace(0, 1)
            const double r = t;                                        // radius grows outwards
            const double theta = 4.0 * k + 4.0 * t + noise * randn();  // arm k starts at angle 4k
            const arma::uword col = k * n_per_class + i;
            d.X(0, col) = r * std::sin(theta);
            d.X(1, col) = r * std::cos(theta);
            d.y(col) = static_cast<double>(k);
        }
    }
    return d;
}

LabelledData make_moons(arma::uword n, double noise) {
    require(n >= 2, "make_moons", "n must be at least 2");
    require(noise >= 0, "make_moons", "noise must be >= 0");
    LabelledData d = make_empty(n);
    const arma::uword n_outer = n / 2, n_inner = n - n_outer;
    for (arma::uword i = 0; i < n; ++i) {
        const bool outer = i < n_outer;
        const arma::uword m = outer ? n_outer : n_inner;
        const arma::uword j = outer ? i : i - n_outer;
        const double t = (m > 1) ? kPi * j / static_cast<double>(m - 1) : 0.0;
        double x = outer ? std::cos(t) : 1.0 - std::cos(t);
        double y = outer ? std::sin(t) : 0.5 - std::sin(t);
        x += noise * randn();
        y += noise * randn();
        d.X(0, i) = x;
        d.X(1, i) = y;
        d.y(i) = outer ? 0.0 : 1.0;
    }
    return d;
}

LabelledData make_separable(arma::uword n, double margin) {
    require(n >= 2, "make_separable", "n must be at least 2");
    require(margin >= 0, "make_separable", "margin must be >= 0");
    LabelledData d = make_empty(n);
    // Normal of the true separating line w.x + b = 0, w = (1, 1)/sqrt(2), b = 0.
    const double w1 = 1.0 / std::sqrt(2.0), w2 = w1;
    // Each class is a unit Gaussian blob whose centre lies (margin + 1.5) from the line.
    const double offset = margin + 1.5;
    for (arma::uword i = 0; i < n; ++i) {
        const double label = (i % 2 == 0) ? -1.0 : 1.0;  // alternate: balanced and mixed
        double x = 0, y = 0;
        do {  // redraw points on the wrong side or inside the margin
            x = label * offset * w1 + randn();
            y = label * offset * w2 + randn();
        } while (label * (w1 * x + w2 * y) < margin);
        d.X(0, i) = x;
        d.X(1, i) = y;
        d.y(i) = label;
    }
    return d;
}

LabelledData make_noisy_xor(arma::uword n, double noise, double flip) {
    require(n >= 4, "make_noisy_xor", "n must be at least 4");
    require(noise >= 0, "make_noisy_xor", "noise must be >= 0");
    require(flip >= 0 && flip <= 1, "make_noisy_xor", "flip must be in [0, 1]");
    LabelledData d = make_empty(n);
    const double corners[4][2] = {{-1, -1}, {1, 1}, {-1, 1}, {1, -1}};
    for (arma::uword i = 0; i < n; ++i) {
        const double* c = corners[i % 4];  // the four clusters in turn: balanced
        d.X(0, i) = c[0] + noise * randn();
        d.X(1, i) = c[1] + noise * randn();
        d.y(i) = (c[0] * c[1] < 0) ? 1.0 : 0.0;  // signs differ -> 1
    }
    // Flip exactly round(flip * n) labels, chosen at random.
    std::vector<arma::uword> idx(n);
    std::iota(idx.begin(), idx.end(), arma::uword(0));
    std::shuffle(idx.begin(), idx.end(), rng());
    const auto n_flip = static_cast<arma::uword>(std::llround(flip * static_cast<double>(n)));
    for (arma::uword k = 0; k < n_flip; ++k) d.y(idx[k]) = 1.0 - d.y(idx[k]);
    return d;
}

}  // namespace nn
