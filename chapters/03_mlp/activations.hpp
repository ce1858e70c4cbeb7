/// \file activations.hpp
/// \brief Chapter 03 — activation functions and their derivatives, applied entry by entry.
/// Exercises 3.1–3.2 (your code: activations.cpp; given code: activations_given.cpp).
///
/// Legend (the notation of the notes, \ref ch03; samples are columns):
/// - Z the pre-activation matrix of a layer, n × N (one sample per column).
/// - A = f(Z) its activation (same shape); D = f'(Z) the derivative, entry by entry.
/// - α (`alpha`) the parameter of ISRU, leaky ReLU / PReLU and ELU; the others ignore it.
/// - σ(z) = 1/(1 + e⁻ᶻ) the sigmoid.
#pragma once
#include <armadillo>
#include <string>
#include <vector>

namespace nn {

/// \brief The activation functions of chapter 03 (PReLU = LeakyReLU with a chosen alpha).
enum class Activation {
    Identity,   ///< f(z) = z, f'(z) = 1
    Step,       ///< f(z) = 1 if z ≥ 0 else 0, f'(z) = 0 (undefined at 0; we return 0)
    Sigmoid,    ///< σ(z) = 1/(1 + e⁻ᶻ), σ' = σ(1 − σ)
    Tanh,       ///< tanh z, 1 − tanh² z
    Arctan,     ///< arctan z, 1/(1 + z²)
    Softsign,   ///< z/(1 + |z|), 1/(1 + |z|)²
    ISRU,       ///< z/√(1 + αz²), (1 + αz²)^(−3/2)
    ReLU,       ///< max(0, z), 1 if z > 0 else 0 (0 at z = 0)
    LeakyReLU,  ///< z if z > 0 else αz; derivative 1 or α (α at 0)
    ELU,        ///< z if z > 0 else α(eᶻ − 1); derivative 1 or αeᶻ
    Softplus    ///< log(1 + eᶻ) (computed stably), derivative σ(z)
};

/// \brief The default parameter of an activation: 0.01 for LeakyReLU, 1 for ELU and ISRU,
/// 0 for the activations without a parameter.
double default_alpha(Activation kind);

/// \brief Lower-case name used on command lines: "identity", "step", "sigmoid", "tanh",
/// "arctan", "softsign", "isru", "relu", "leaky_relu", "elu", "softplus".
std::string activation_name(Activation kind);

/// \brief All names accepted by parse_activation() (for CLI::IsMember).
std::vector<std::string> activation_names();

/// \brief Parse a name (case-insensitive; also accepts "linear", "leakyrelu", "prelu",
/// "lrelu", "heaviside"). Throws std::invalid_argument listing the valid names.
Activation parse_activation(const std::string& name);

/// \brief Exercise 3.1: A = f(Z), entry by entry.
///
/// \param kind  which f
/// \param alpha the parameter of ISRU, LeakyReLU, ELU (ignored by the others)
/// \param Z     pre-activations, any shape (n x N)
/// \param A     output, resized to the shape of Z (memory reused when it already fits)
///
/// Sigmoid and softplus must be computed without overflow for |z| up to 1000
/// (e.g. σ(z) = eᶻ/(1 + eᶻ) for z < 0; softplus = max(z, 0) + log(1 + e^(−|z|))).
void activation_forward(Activation kind, double alpha, const arma::mat& Z, arma::mat& A);

/// \brief Exercise 3.2: D = f'(Z), entry by entry (same conventions at kinks as listed
/// in nn::Activation: ReLU'(0) = 0, LeakyReLU'(0) = α, Step' = 0).
///
/// \param kind  which f
/// \param alpha the parameter of ISRU, LeakyReLU, ELU (ignored by the others)
/// \param Z     pre-activations (n x N)
/// \param D     output, resized to the shape of Z
void activation_derivative(Activation kind, double alpha, const arma::mat& Z, arma::mat& D);

}  // namespace nn
