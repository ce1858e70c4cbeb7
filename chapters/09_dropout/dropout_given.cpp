// Chapter 09 — given code (not an exercise): the check of p, the Dropout constructor and summary.
// Contracts: dropout.hpp.
#include <sstream>
#include <string>

#include "dropout.hpp"
#include "nn/error.hpp"

namespace nn {

void require_drop_probability(double p, const std::string& where) {
    if (p >= 0.0 && p < 1.0) return;  // false for NaN too
    std::ostringstream os;
    os << "the drop probability p must be in [0, 1) (0 keeps every unit; 1 would drop them all), got "
       << p;
    throw std::invalid_argument(where + ": " + os.str());
}

Dropout::Dropout(double p) : p_(p) {
    require_drop_probability(p, "Dropout");
}

std::string Dropout::summary() const {
    std::ostringstream os;
    os << "dropout p = " << p_;
    return os.str();
}

}  // namespace nn
