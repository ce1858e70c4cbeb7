// Chapter 04 — reference solution of chapters/04_softmax/softmax.cpp (exercises 4.1–4.4).
// Contracts, shapes and notation: chapters/04_softmax/softmax.hpp.
#include "softmax.hpp"

#include <cmath>
#include <string>

#include "nn/error.hpp"

namespace nn {

namespace {

// The checks shared by the losses that take labels.
void check_labels(const arma::mat& Z, const arma::uvec& labels, const char* where) {
    require(Z.n_cols > 0, where, "the batch is empty (0 columns)");
    require(labels.n_elem == Z.n_cols, where,
            "labels has " + std::to_string(labels.n_elem) + " entries but the logits have " +
                std::to_string(Z.n_cols) + " columns (one label per column)");
    const arma::uword K = Z.n_rows;
    for (arma::uword n = 0; n < labels.n_elem; ++n) {
        require(labels[n] < K, where,
                "label " + std::to_string(labels[n]) + " (column " + std::to_string(n) +
                    ") is not a class index 0.." + std::to_string(K - 1));
    }
}

}  // namespace

arma::mat softmax(const arma::mat& Z) {
    require(Z.n_rows > 0, "softmax", "Z has no rows (K must be at least 1)");
    arma::mat P(Z.n_rows, Z.n_cols);
    for (arma::uword n = 0; n < Z.n_cols; ++n) {
        const double* z = Z.colptr(n);
        double* p = P.colptr(n);
        // mₙ = maxⱼ Zⱼₙ: shift so that every exponent is ≤ 0
        double m = z[0];
        for (arma::uword k = 1; k < Z.n_rows; ++k) m = std::max(m, z[k]);
        // eₖ = e^(Zₖₙ − mₙ), s = Σₖ eₖ (s ≥ 1: the maximum contributes e⁰)
        double s = 0;
        for (arma::uword k = 0; k < Z.n_rows; ++k) s += (p[k] = std::exp(z[k] - m));
        // Pₖₙ = eₖ / s
        for (arma::uword k = 0; k < Z.n_rows; ++k) p[k] /= s;
    }
    return P;
}

arma::mat log_softmax(const arma::mat& Z) {
    require(Z.n_rows > 0, "log_softmax", "Z has no rows (K must be at least 1)");
    arma::mat logP(Z.n_rows, Z.n_cols);
    for (arma::uword n = 0; n < Z.n_cols; ++n) {
        const double* z = Z.colptr(n);
        double* out = logP.colptr(n);
        double m = z[0];
        for (arma::uword k = 1; k < Z.n_rows; ++k) m = std::max(m, z[k]);
        // log Σⱼ e^(Zⱼₙ) = mₙ + log Σⱼ e^(Zⱼₙ − mₙ)   (log-sum-exp)
        double s = 0;
        for (arma::uword k = 0; k < Z.n_rows; ++k) s += std::exp(z[k] - m);
        const double lse = m + std::log(s);
        // log Pₖₙ = Zₖₙ − lseₙ
        for (arma::uword k = 0; k < Z.n_rows; ++k) out[k] = z[k] - lse;
    }
    return logP;
}

double cross_entropy(const arma::mat& P, const arma::mat& Y) {
    require(P.n_cols > 0, "cross_entropy", "the batch is empty (0 columns)");
    require_shape(Y, P.n_rows, P.n_cols, "cross_entropy", "Y (the shape of P)");
    double sum = 0;
    for (arma::uword i = 0; i < P.n_elem; ++i) {
        // H = −Σₖ yₖ log pₖ; a term with yₖ = 0 contributes nothing
        if (Y[i] != 0) sum -= Y[i] * std::log(P[i]);
    }
    return sum / static_cast<double>(P.n_cols);  // mean over the N columns
}

double nll_loss(const arma::mat& logP, const arma::uvec& labels) {
    check_labels(logP, labels, "nll_loss");
    double sum = 0;
    // L = −(1/N) Σₙ log P_{yₙ n}
    for (arma::uword n = 0; n < labels.n_elem; ++n) sum -= logP(labels[n], n);
    return sum / static_cast<double>(labels.n_elem);
}

double softmax_cross_entropy(const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ) {
    check_labels(Z, labels, "softmax_cross_entropy");
    const arma::uword K = Z.n_rows, N = Z.n_cols;
    dZ.set_size(K, N);
    const double inv_n = 1.0 / static_cast<double>(N);
    double sum = 0;
    for (arma::uword n = 0; n < N; ++n) {
        const double* z = Z.colptr(n);
        double* d = dZ.colptr(n);
        double m = z[0];
        for (arma::uword k = 1; k < K; ++k) m = std::max(m, z[k]);
        double s = 0;
        for (arma::uword k = 0; k < K; ++k) s += (d[k] = std::exp(z[k] - m));
        // lossₙ = log Σⱼ e^(Zⱼₙ) − Z_{yₙ n} = m + log s − Z_{yₙ n}
        sum += m + std::log(s) - z[labels[n]];
        // column n of dZ = (column n of P − Y) / N
        const double scale = inv_n / s;
        for (arma::uword k = 0; k < K; ++k) d[k] *= scale;
        d[labels[n]] -= inv_n;
    }
    return sum * inv_n;
}

double one_vs_rest_loss(const arma::mat& Z, const arma::uvec& labels, arma::mat& dZ) {
    check_labels(Z, labels, "one_vs_rest_loss");
    const arma::uword K = Z.n_rows, N = Z.n_cols;
    dZ.set_size(K, N);
    const double inv_n = 1.0 / static_cast<double>(N);
    double sum = 0;
    for (arma::uword n = 0; n < N; ++n) {
        for (arma::uword k = 0; k < K; ++k) {
            const double z = Z(k, n);
            const double y = (labels[n] == k) ? 1.0 : 0.0;  // Y = one_hot(labels)
            // binary cross-entropy of unit k from its logit, without log(0):
            // max(z, 0) − z y + log(1 + e^(−|z|))
            sum += std::max(z, 0.0) - z * y + std::log1p(std::exp(-std::abs(z)));
            // σ(z), computed without overflow for either sign of z
            const double sig =
                z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
            // dZ = (σ(Z) − Y) / N
            dZ(k, n) = (sig - y) * inv_n;
        }
    }
    return sum * inv_n;
}

}  // namespace nn
