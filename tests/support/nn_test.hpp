/// \file nn_test.hpp
/// \brief What every chapter test includes: Catch2, matchers for doubles and matrices.
///
/// Points: every TEST_CASE carries a tag `[points=N]` (N >= 1); the grader
/// (scripts/grade.py) reads it. A test without the tag is worth 1 point.
#pragma once
#include <armadillo>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <stdexcept>
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

namespace nn::test {

/// \brief Scalar matcher: |a - e| <= abs_tol or |a - e| <= rel_tol * max(|a|, |e|)
/// (WithinRel || WithinAbs in one object; a NaN never matches).
class ScalarClose : public Catch::MatcherBase<double> {
public:
    ScalarClose(double expected, double rel_tol, double abs_tol) : expected_(expected), rel_(rel_tol), abs_(abs_tol) {}
    bool match(const double& a) const override {
        if (!std::isfinite(a)) return false;
        const double diff = std::abs(a - expected_);
        return diff <= abs_ || diff <= rel_ * std::max(std::abs(a), std::abs(expected_));
    }
    std::string describe() const override {
        std::ostringstream os;
        os.precision(17);
        os << "is within rel " << rel_ << " or abs " << abs_ << " of " << expected_;
        return os.str();
    }

private:
    double expected_, rel_, abs_;
};

/// \brief Close to `expected` within a relative or an absolute tolerance.
inline ScalarClose Close(double expected, double rel_tol = 1e-12, double abs_tol = 1e-12) {
    return ScalarClose(expected, rel_tol, abs_tol);
}

/// \brief Matrix matcher: same shape and every entry Close() to the expected one.
class MatClose : public Catch::MatcherBase<arma::mat> {
public:
    MatClose(arma::mat expected, double rel_tol, double abs_tol)
        : expected_(std::move(expected)), rel_(rel_tol), abs_(abs_tol) {}
    bool match(const arma::mat& actual) const override {
        if (actual.n_rows != expected_.n_rows || actual.n_cols != expected_.n_cols) return false;
        for (arma::uword i = 0; i < actual.n_elem; ++i) {
            const double a = actual(i), e = expected_(i);
            if (!std::isfinite(a)) return false;
            const double diff = std::abs(a - e);
            if (diff > abs_ && diff > rel_ * std::max(std::abs(a), std::abs(e))) return false;
        }
        return true;
    }
    std::string describe() const override {
        std::ostringstream os;
        os << "is within rel " << rel_ << " / abs " << abs_ << " of the " << expected_.n_rows << "x"
           << expected_.n_cols << " matrix\n" << expected_;
        return os.str();
    }

private:
    arma::mat expected_;
    double rel_, abs_;
};

/// \brief Entry-wise closeness of matrices (shape must match too).
inline MatClose EqualsMat(const arma::mat& expected, double rel_tol = 1e-12, double abs_tol = 1e-12) {
    return MatClose(expected, rel_tol, abs_tol);
}

/// \brief Read a golden fixture of tests/fixtures/ (made by tests/fixtures/make_fixtures.py with
/// PyTorch): blocks of `name rows cols` followed by the rows of the matrix.
inline std::map<std::string, arma::mat> read_fixture(const std::string& file) {
    const std::string path = std::string(NN_TEST_FIXTURES_DIR) + "/" + file;
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open fixture " + path +
                                 " (regenerate: /usr/bin/python3 tests/fixtures/make_fixtures.py)");
    std::map<std::string, arma::mat> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream head(line);
        std::string name;
        arma::uword rows = 0, cols = 0;
        head >> name >> rows >> cols;
        arma::mat M(rows, cols);
        for (arma::uword i = 0; i < rows; ++i)
            for (arma::uword j = 0; j < cols; ++j) in >> M(i, j);
        if (!in) throw std::runtime_error("fixture " + path + ": block " + name + " is truncated");
        out[name] = M;
        std::getline(in, line);  // rest of the last row
    }
    return out;
}

}  // namespace nn::test

namespace Catch {
template <>
struct StringMaker<arma::mat> {
    static std::string convert(const arma::mat& m) {
        std::ostringstream os;
        os << m.n_rows << "x" << m.n_cols << " matrix\n";
        if (m.n_elem <= 64) os << m; else os << "(large; first entries) " << m.head_cols(1).t();
        return os.str();
    }
};
}  // namespace Catch
