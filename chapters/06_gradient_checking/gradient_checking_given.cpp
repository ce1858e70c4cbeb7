// Chapter 06 — given code (not an exercise): verdict_name().
// Contracts: gradient_checking.hpp.
#include "gradient_checking.hpp"

namespace nn {

std::string verdict_name(Verdict v) {
    switch (v) {
        case Verdict::Good:
            return "good";
        case Verdict::Acceptable:
            return "acceptable";
        case Verdict::Suspicious:
            return "suspicious";
        case Verdict::Wrong:
            return "WRONG";
    }
    return "WRONG";
}

}  // namespace nn
