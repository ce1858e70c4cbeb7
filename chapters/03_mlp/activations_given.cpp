// Chapter 03 — given code (not an exercise): default alphas, names and parsing of the activations.
// Contracts: activations.hpp.
#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

#include "activations.hpp"

namespace nn {

double default_alpha(Activation kind) {
    switch (kind) {
        case Activation::LeakyReLU:
            return 0.01;
        case Activation::ELU:
            return 1.0;
        case Activation::ISRU:
            return 1.0;
        default:
            return 0.0;
    }
}

std::string activation_name(Activation kind) {
    switch (kind) {
        case Activation::Identity:
            return "identity";
        case Activation::Step:
            return "step";
        case Activation::Sigmoid:
            return "sigmoid";
        case Activation::Tanh:
            return "tanh";
        case Activation::Arctan:
            return "arctan";
        case Activation::Softsign:
            return "softsign";
        case Activation::ISRU:
            return "isru";
        case Activation::ReLU:
            return "relu";
        case Activation::LeakyReLU:
            return "leaky_relu";
        case Activation::ELU:
            return "elu";
        case Activation::Softplus:
            return "softplus";
    }
    return "unknown";
}

std::vector<std::string> activation_names() {
    return {"identity", "step", "sigmoid",    "tanh", "arctan",  "softsign",
            "isru",     "relu", "leaky_relu", "elu",  "softplus"};
}

Activation parse_activation(const std::string& name) {
    std::string s = name;
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const Activation all[] = {Activation::Identity, Activation::Step,    Activation::Sigmoid,
                              Activation::Tanh,     Activation::Arctan,  Activation::Softsign,
                              Activation::ISRU,     Activation::ReLU,    Activation::LeakyReLU,
                              Activation::ELU,      Activation::Softplus};
    for (Activation a : all)
        if (s == activation_name(a)) return a;
    if (s == "linear") return Activation::Identity;
    if (s == "heaviside") return Activation::Step;
    if (s == "leakyrelu" || s == "prelu" || s == "lrelu") return Activation::LeakyReLU;
    std::string valid;
    for (const auto& n : activation_names()) valid += (valid.empty() ? "" : ", ") + n;
    throw std::invalid_argument("parse_activation: unknown activation '" + name + "'; use one of " +
                                valid);
}

}  // namespace nn
