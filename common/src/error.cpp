#include "nn/error.hpp"

#include <cmath>
#include <sstream>

namespace nn {

std::string NotImplemented::not_implemented_message(const std::string& what_to_write) {
    std::string msg = "not implemented yet: " + what_to_write;
    // "exercise 3.6" in the text -> name the command that runs that exercise's tests.
    const auto at = what_to_write.rfind("exercise ");
    if (at != std::string::npos) {
        std::string number;
        for (std::size_t i = at + 9; i < what_to_write.size(); ++i) {
            const char c = what_to_write[i];
            if ((c >= '0' && c <= '9') || (c == '.' && !number.empty()))
                number += c;
            else
                break;
        }
        while (!number.empty() && number.back() == '.') number.pop_back();
        if (!number.empty()) msg += "; write it, then run: scripts/check.sh " + number;
    }
    return msg;
}

std::string shape_str(arma::uword rows, arma::uword cols) {
    std::ostringstream os;
    if (rows == any)
        os << "(any)";
    else
        os << rows;
    os << "x";
    if (cols == any)
        os << "(any)";
    else
        os << cols;
    return os.str();
}

void require_shape(const arma::mat& M, arma::uword rows, arma::uword cols, const std::string& where,
                   const std::string& name) {
    const bool rows_ok = rows == any || M.n_rows == rows;
    const bool cols_ok = cols == any || M.n_cols == cols;
    if (rows_ok && cols_ok) return;
    throw std::invalid_argument(where + ": " + name + " must be " + shape_str(rows, cols) +
                                ", got " + shape_str(M.n_rows, M.n_cols));
}

void require(bool ok, const std::string& where, const std::string& message) {
    if (!ok) throw std::invalid_argument(where + ": " + message);
}

void require_finite(double loss, const std::string& where, const std::string& hint) {
    if (std::isfinite(loss)) return;
    std::ostringstream os;
    os << "the loss became " << (std::isnan(loss) ? "NaN" : "infinite") << " at " << where
       << ": training diverged; " << hint;
    throw DivergenceError(os.str());
}

void require_not_diverged(double loss, double initial_loss, const std::string& where,
                          const std::string& hint) {
    require_finite(loss, where, hint);
    if (!(initial_loss > 0) || !(loss > kDivergenceFactor * initial_loss)) return;
    std::ostringstream os;
    os << "the loss became " << loss << " (more than " << kDivergenceFactor
       << " times its initial value " << initial_loss << ") at " << where << ": training diverged; "
       << hint;
    throw DivergenceError(os.str());
}

}  // namespace nn
