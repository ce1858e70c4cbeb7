// Chapter 09 — given code (not an exercise): the check of p, the constructors, modes and detach.
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "dropout.hpp"
#include "nn/error.hpp"

namespace nn {

void require_drop_probability(double p, const std::string& where) {
    if (p >= 0.0 && p < 1.0) return;  // false for NaN too
    std::ostringstream os;
    os << "the drop probability p must be in [0, 1) (0 keeps every unit; 1 would drop them all), got " << p;
    throw std::invalid_argument(where + ": " + os.str());
}

Dropout::Dropout(double p) : p_(p) { require_drop_probability(p, "Dropout"); }

MlpDropout::MlpDropout(const Mlp& net, double p)
    : MlpDropout(net, std::vector<double>(net.num_layers() - 1, p)) {
    require_drop_probability(p, "MlpDropout");
}

MlpDropout::MlpDropout(const Mlp& net, const std::vector<double>& p) {
    require(p.size() + 1 == net.num_layers(), "MlpDropout",
            "one drop probability per hidden layer: the network has " + std::to_string(net.num_layers() - 1) +
                " hidden layers, got " + std::to_string(p.size()) + " probabilities");
    layers_.reserve(p.size());
    for (double pl : p) {
        require_drop_probability(pl, "MlpDropout");
        layers_.emplace_back(pl);
    }
}

void MlpDropout::detach(Mlp& net) const { net.set_hidden_hook(Mlp::HiddenHook{}); }

void MlpDropout::train(bool on) {
    for (Dropout& d : layers_) d.train(on);
}

}  // namespace nn
