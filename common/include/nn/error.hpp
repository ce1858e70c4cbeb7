/// \file error.hpp
/// \brief Exceptions and shape checks shared by every chapter (docs/DESIGN.md rule 5).
#pragma once
#include <armadillo>
#include <stdexcept>
#include <string>

namespace nn {

/// \brief Thrown by every exercise stub until the student writes the body.
///
/// The message names the function, its file and exercise, and the command that runs that
/// exercise's tests, e.g.
/// `not implemented yet: perceptron_predict (chapters/01_perceptron/perceptron.cpp, exercise 1.1);
/// write it, then run: scripts/check.sh 1.1`.
class NotImplemented : public std::logic_error {
public:
    /// \param what_to_write function name, file and "exercise N.M", shown to the student
    ///        (the exercise number is found in it for the check command)
    explicit NotImplemented(const std::string& what_to_write)
        : std::logic_error(not_implemented_message(what_to_write)) {}
    /// \param exercise e.g. "3.6"; \param function e.g. "Dense::backward (chapters/03_mlp/mlp.cpp)"
    NotImplemented(const std::string& exercise, const std::string& function)
        : std::logic_error(not_implemented_message(function + ", exercise " + exercise)) {}

private:
    static std::string not_implemented_message(const std::string& what_to_write);
};

/// \brief Thrown when a data file is missing, unreadable or malformed.
/// The message says which file, where in it (line/column) and how to fix it.
class DataError : public std::runtime_error {
public:
    explicit DataError(const std::string& msg) : std::runtime_error(msg) {}
};

/// \brief Thrown when training diverges (a NaN or infinite loss, or one that grew beyond a bound).
class DivergenceError : public std::runtime_error {
public:
    explicit DivergenceError(const std::string& msg) : std::runtime_error(msg) {}
};

/// \brief "3x4": rows x cols of a matrix, for messages.
std::string shape_str(arma::uword rows, arma::uword cols);

/// \brief Check that `M` is `rows`x`cols`; throw std::invalid_argument otherwise.
///
/// The message names the function (`where`), the argument, the expected and the
/// actual shape: `Dense::forward: X must be 3x(any), got 4x10`.
/// Pass nn::any for a dimension that may have any size.
void require_shape(const arma::mat& M, arma::uword rows, arma::uword cols, const std::string& where,
                   const std::string& name = "argument");

/// \brief Marker for "any size" in require_shape.
inline constexpr arma::uword any = static_cast<arma::uword>(-1);

/// \brief Throw std::invalid_argument("where: message") unless `ok`.
void require(bool ok, const std::string& where, const std::string& message);

/// \brief Throw nn::DivergenceError if `loss` is NaN or infinite.
///
/// \param loss  the value to check
/// \param where e.g. "epoch 3"
/// \param hint  how to fix it, e.g. "lower --lr (now 10)"
void require_finite(double loss, const std::string& where, const std::string& hint);

/// \brief A loss this many times its initial value counts as diverged (require_not_diverged).
inline constexpr double kDivergenceFactor = 1e6;

/// \brief Throw nn::DivergenceError if `loss` is NaN or infinite, or has grown beyond
/// kDivergenceFactor (10^6) times `initial_loss`, the loss at the start of the training (of the
/// untrained network, or of the first epoch; ignored if not > 0). The message is the one of
/// require_finite, with the bound when that is what was crossed.
///
/// \param loss         the value to check (e.g. an epoch's mean loss)
/// \param initial_loss the loss at the start, of the same kind
/// \param where        e.g. "epoch 3"
/// \param hint         how to fix it, e.g. "lower --lr (now 10)"
void require_not_diverged(double loss, double initial_loss, const std::string& where,
                          const std::string& hint);

}  // namespace nn
