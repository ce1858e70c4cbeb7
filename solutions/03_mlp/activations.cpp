// Chapter 03 — reference solution of chapters/03_mlp/activations.cpp (exercises 3.1–3.2).
// Contracts, shapes and notation: chapters/03_mlp/activations.hpp.
#include "activations.hpp"

#include <algorithm>
#include <cmath>

namespace nn {

// ---------------------------------------------------------------- exercises

void activation_forward(Activation kind, double alpha, const arma::mat& Z, arma::mat& A) {
    A.set_size(Z.n_rows, Z.n_cols);  // reuses the memory when A already has this shape
    switch (kind) {
        case Activation::Identity:  // f(z) = z
            A = Z;
            break;
        case Activation::Step:  // f(z) = 1{z ≥ 0}
            A = Z;
            A.transform([](double z) { return z >= 0 ? 1.0 : 0.0; });
            break;
        case Activation::Sigmoid:  // f(z) = 1 / (1 + e⁻ᶻ), written so that exp never overflows
            A = Z;
            A.transform([](double z) {
                if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
                const double e = std::exp(z);  // z < 0: eᶻ / (1 + eᶻ)
                return e / (1.0 + e);
            });
            break;
        case Activation::Tanh:  // f(z) = tanh z
            A = arma::tanh(Z);
            break;
        case Activation::Arctan:  // f(z) = arctan z
            A = arma::atan(Z);
            break;
        case Activation::Softsign:  // f(z) = z / (1 + |z|)
            A = Z / (1.0 + arma::abs(Z));
            break;
        case Activation::ISRU:  // f(z) = z / √(1 + α z²)
            A = Z / arma::sqrt(1.0 + alpha * arma::square(Z));
            break;
        case Activation::ReLU:  // f(z) = max(0, z)
            A = arma::clamp(Z, 0.0, arma::datum::inf);
            break;
        case Activation::LeakyReLU:  // f(z) = z if z > 0, α z otherwise
            A = Z;
            A.transform([alpha](double z) { return z > 0 ? z : alpha * z; });
            break;
        case Activation::ELU:  // f(z) = z if z > 0, α (eᶻ − 1) otherwise
            A = Z;
            A.transform([alpha](double z) { return z > 0 ? z : alpha * std::expm1(z); });
            break;
        case Activation::Softplus:  // f(z) = log(1 + eᶻ) = max(z, 0) + log(1 + e^(−|z|))
            A = Z;
            A.transform(
                [](double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); });
            break;
    }
}

void activation_derivative(Activation kind, double alpha, const arma::mat& Z, arma::mat& D) {
    D.set_size(Z.n_rows, Z.n_cols);
    switch (kind) {
        case Activation::Identity:  // f'(z) = 1
            D.ones();
            break;
        case Activation::Step:  // f'(z) = 0 (undefined at 0: we take 0)
            D.zeros();
            break;
        case Activation::Sigmoid:  // f'(z) = σ(z) (1 − σ(z))
            activation_forward(Activation::Sigmoid, alpha, Z, D);
            D %= (1.0 - D);
            break;
        case Activation::Tanh:  // f'(z) = 1 − tanh² z
            D = 1.0 - arma::square(arma::tanh(Z));
            break;
        case Activation::Arctan:  // f'(z) = 1 / (1 + z²)
            D = 1.0 / (1.0 + arma::square(Z));
            break;
        case Activation::Softsign:  // f'(z) = 1 / (1 + |z|)²
            D = 1.0 / arma::square(1.0 + arma::abs(Z));
            break;
        case Activation::ISRU:  // f'(z) = (1 + α z²)^(−3/2)
            D = arma::pow(1.0 + alpha * arma::square(Z), -1.5);
            break;
        case Activation::ReLU:  // f'(z) = 1{z > 0}
            D = Z;
            D.transform([](double z) { return z > 0 ? 1.0 : 0.0; });
            break;
        case Activation::LeakyReLU:  // f'(z) = 1 if z > 0, α otherwise
            D = Z;
            D.transform([alpha](double z) { return z > 0 ? 1.0 : alpha; });
            break;
        case Activation::ELU:  // f'(z) = 1 if z > 0, α eᶻ otherwise
            D = Z;
            D.transform([alpha](double z) { return z > 0 ? 1.0 : alpha * std::exp(z); });
            break;
        case Activation::Softplus:  // f'(z) = σ(z)
            activation_forward(Activation::Sigmoid, alpha, Z, D);
            break;
    }
}

}  // namespace nn
