/// \file activations.hpp
/// \brief Chapter 03: activation functions and their derivatives, applied entry by entry.
///
/// Legend: Z is the pre-activation matrix of a layer (n x N, one sample per column),
/// A = f(Z) its activation (same shape), f'(Z) the derivative taken entry by entry.
/// Some activations have a parameter alpha (ISRU, leaky ReLU / PReLU, ELU); the others
/// ignore it.
#pragma once
#include <armadillo>
#include <string>
#include <vector>

namespace nn {

/// \brief The activation functions of chapter 03 (PReLU = LeakyReLU with a chosen alpha).
enum class Activation {
    Identity,   ///< \f$ f(z) = z \f$, \f$ f'(z) = 1 \f$
    Step,       ///< \f$ f(z) = 1\{z \ge 0\} \f$, \f$ f'(z) = 0 \f$ (undefined at 0; we return 0)
    Sigmoid,    ///< \f$ \sigma(z) = 1/(1+e^{-z}) \f$, \f$ \sigma' = \sigma(1-\sigma) \f$
    Tanh,       ///< \f$ \tanh z \f$, \f$ 1 - \tanh^2 z \f$
    Arctan,     ///< \f$ \arctan z \f$, \f$ 1/(1+z^2) \f$
    Softsign,   ///< \f$ z/(1+|z|) \f$, \f$ 1/(1+|z|)^2 \f$
    ISRU,       ///< \f$ z/\sqrt{1+\alpha z^2} \f$, \f$ (1+\alpha z^2)^{-3/2} \f$
    ReLU,       ///< \f$ \max(0,z) \f$, \f$ 1\{z>0\} \f$ (0 at z = 0)
    LeakyReLU,  ///< \f$ z \f$ if z > 0 else \f$ \alpha z \f$; derivative 1 or \f$ \alpha \f$ (alpha at 0)
    ELU,        ///< \f$ z \f$ if z > 0 else \f$ \alpha(e^z-1) \f$; derivative 1 or \f$ \alpha e^z \f$
    Softplus    ///< \f$ \log(1+e^z) \f$ (computed stably), derivative \f$ \sigma(z) \f$
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
/// (e.g. \f$ \sigma(z) = e^{z}/(1+e^{z}) \f$ for z < 0; softplus \f$ = \max(z,0) + \log(1+e^{-|z|}) \f$).
void activation_forward(Activation kind, double alpha, const arma::mat& Z, arma::mat& A);

/// \brief Exercise 3.2: D = f'(Z), entry by entry (same conventions at kinks as listed
/// in nn::Activation: ReLU'(0) = 0, LeakyReLU'(0) = alpha, Step' = 0).
///
/// \param kind  which f
/// \param alpha the parameter of ISRU, LeakyReLU, ELU (ignored by the others)
/// \param Z     pre-activations (n x N)
/// \param D     output, resized to the shape of Z
void activation_derivative(Activation kind, double alpha, const arma::mat& Z, arma::mat& D);

}  // namespace nn
