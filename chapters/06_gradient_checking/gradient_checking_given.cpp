// Given code of chapter 06 (not an exercise; compiled with the stubs and with the solutions).
#include "gradient_checking.hpp"

namespace nn {

std::string verdict_name(Verdict v) {
    switch (v) {
        case Verdict::Good: return "good";
        case Verdict::Acceptable: return "acceptable";
        case Verdict::Suspicious: return "suspicious";
        case Verdict::Wrong: return "WRONG";
    }
    return "WRONG";
}

}  // namespace nn
