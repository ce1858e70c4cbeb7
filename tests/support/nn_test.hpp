/// \file nn_test.hpp
/// \brief What every chapter test includes: Catch2, matchers for doubles and matrices.
///
/// Points: every TEST_CASE carries a tag `[points=N]` (N >= 1); the grader
/// (scripts/grade.py) reads it. A test without the tag is worth 1 point.
#pragma once
#include <armadillo>
#include <catch2/catch.hpp>
#include <cstdio>
#include <functional>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include "nn/gradcheck.hpp"

namespace nn::test {

/// \brief Scalar matcher: |a - e| <= abs_tol or |a - e| <= rel_tol * max(|a|, |e|)
/// (WithinRel || WithinAbs in one object; a NaN never matches).
class ScalarClose : public Catch::MatcherBase<double> {
public:
    ScalarClose(double expected, double rel_tol, double abs_tol)
        : expected_(expected), rel_(rel_tol), abs_(abs_tol) {}
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

/// \brief "%.10g" of a double (enough digits to see a small error).
inline std::string num(double x) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

/// \brief At most `max_rows` x `max_cols` of `M`, one row per line, "%.10g".
inline std::string capped_view(const arma::mat& M, arma::uword max_rows = 6,
                               arma::uword max_cols = 8) {
    std::ostringstream os;
    const arma::uword r = std::min<arma::uword>(M.n_rows, max_rows),
                      c = std::min<arma::uword>(M.n_cols, max_cols);
    for (arma::uword i = 0; i < r; ++i) {
        os << "    ";
        for (arma::uword j = 0; j < c; ++j) os << (j ? "  " : "") << num(M(i, j));
        if (c < M.n_cols) os << "  ... (" << M.n_cols << " columns)";
        os << "\n";
    }
    if (r < M.n_rows) os << "    ... (" << M.n_rows << " rows)\n";
    return os.str();
}

/// \brief Matrix matcher: same shape and every entry Close() to the expected one.
/// On failure it says, in this order: the shapes ("expected 3x1, got 1x5") with a hint
/// when they suggest a missing transpose or a sum over the wrong axis; the worst entry
/// (row, col, got, expected, difference); what the numbers look like (a constant factor
/// such as x2, x-1, xN, or the transpose); then a capped view of the expected matrix.
class MatClose : public Catch::MatcherBase<arma::mat> {
public:
    MatClose(arma::mat expected, double rel_tol, double abs_tol)
        : expected_(std::move(expected)), rel_(rel_tol), abs_(abs_tol) {}
    bool match(const arma::mat& actual) const override {
        actual_ = actual;
        if (actual.n_rows != expected_.n_rows || actual.n_cols != expected_.n_cols) return false;
        for (arma::uword i = 0; i < actual.n_elem; ++i)
            if (!close(actual(i), expected_(i))) return false;
        return true;
    }
    std::string describe() const override {
        std::ostringstream os;
        const arma::mat& a = actual_;
        const arma::mat& e = expected_;
        os << "is within rel " << rel_ << " / abs " << abs_ << " of the expected matrix\n";
        os << "  shapes: expected " << e.n_rows << "x" << e.n_cols << ", got " << a.n_rows << "x"
           << a.n_cols;
        if (a.n_rows != e.n_rows || a.n_cols != e.n_cols) {
            os << "  <- WRONG SHAPE\n  hint: ";
            if (a.n_rows == e.n_cols && a.n_cols == e.n_rows)
                os << "the shape of the transpose: a missing or extra .t()?";
            else if ((e.n_cols == 1 && a.n_rows == 1) || (e.n_rows == 1 && a.n_cols == 1))
                os << "a sum/mean over the wrong axis? arma::sum(X, 1) sums along each row (a column "
                      "vector), arma::sum(X, 0) down each column (a row vector)";
            else
                os << "check the shapes of the formula (rows = units/features, columns = samples)";
            os << "\n  expected:\n" << capped_view(e);
            return os.str();
        }
        os << "\n";
        // The worst entry.
        arma::uword worst = 0, n_bad = 0;
        double worst_excess = -1;
        for (arma::uword i = 0; i < a.n_elem; ++i) {
            if (close(a(i), e(i))) continue;
            ++n_bad;
            const double diff = std::isfinite(a(i)) ? std::abs(a(i) - e(i)) : INFINITY;
            if (diff > worst_excess) worst_excess = diff, worst = i;
        }
        if (n_bad > 0) {
            const arma::uword r = worst % a.n_rows, c = worst / a.n_rows;
            os << "  worst entry (row " << r << ", col " << c << "): got " << num(a(worst))
               << ", expected " << num(e(worst)) << ", difference " << num(a(worst) - e(worst))
               << "  (" << n_bad << " of " << a.n_elem << " entries differ)\n";
            const std::string h = pattern(a, e);
            if (!h.empty()) os << "  hint: " << h << "\n";
        }
        os << "  expected:\n" << capped_view(e);
        return os.str();
    }

private:
    bool close(double a, double e) const {
        if (!std::isfinite(a)) return false;
        const double diff = std::abs(a - e);
        return diff <= abs_ || diff <= rel_ * std::max(std::abs(a), std::abs(e));
    }
    // What do the numbers look like? A constant ratio or the transpose names the bug.
    static std::string pattern(const arma::mat& a, const arma::mat& e) {
        if (!a.is_finite())
            return "got NaN or infinity: an overflow (exp of a large number?) or 0/0";
        const double ne = arma::norm(e, "fro");
        if (ne == 0) return "";
        if (arma::norm(a, "fro") == 0) return "got all zeros: is the result computed and stored?";
        if (a.n_rows == a.n_cols && a.n_rows > 1 && arma::norm(a - e.t(), "fro") <= 1e-9 * ne)
            return "got the TRANSPOSE of the expected matrix: a missing or extra .t()?";
        // got - expected the same column for every sample: a missing or wrong bias
        if (a.n_cols > 1) {
            const arma::mat d = a - e;
            const arma::mat d0 = arma::repmat(d.col(0), 1, d.n_cols);
            if (arma::norm(d - d0, "fro") <= 1e-9 * std::max(ne, 1.0) && arma::norm(d.col(0)) > 0)
                return "got - expected is the same column in every column (sample): a missing, doubled or wrong "
                       "bias, or an offset added per row? (got - expected, first column: " +
                       num(d(0, 0)) + (d.n_rows > 1 ? ", " + num(d(1, 0)) : std::string()) +
                       (d.n_rows > 2 ? ", ..." : "") + ")";
        }
        const double c = arma::dot(a, e) / (ne * ne);  // least-squares factor a = c e
        if (std::abs(c - 1) > 0.02 && arma::norm(a - c * e, "fro") <= 1e-6 * std::abs(c) * ne) {
            std::ostringstream os;
            os << "got " << num(c) << " x expected everywhere: ";
            if (std::abs(c + 1) < 0.02)
                os << "a sign error?";
            else if (std::abs(c - 2) < 0.02)
                os << "a factor 2 too many, or added twice (+= without a reset)?";
            else if (std::abs(c - 0.5) < 0.02)
                os << "a missing factor 2?";
            else if (c > 2.5 && std::abs(c - std::round(c)) < 0.02 * c)
                os << "a missing division by N = " << std::round(c) << "?";
            else if (c > 0 && c < 0.4 && std::abs(1 / c - std::round(1 / c)) < 0.02 / c)
                os << "divided by N = " << std::round(1 / c) << " once too often?";
            else
                os << "a wrong constant factor?";
            return os.str();
        }
        return "";
    }
    arma::mat expected_;
    mutable arma::mat actual_;
    double rel_, abs_;
};

/// \brief Entry-wise closeness of matrices (shape must match too).
inline MatClose EqualsMat(const arma::mat& expected, double rel_tol = 1e-12,
                          double abs_tol = 1e-12) {
    return MatClose(expected, rel_tol, abs_tol);
}

/// \brief Gradient check as a test assertion: CHECK (not REQUIRE), so every parameter gets its
/// verdict; on failure the report (worst (row, col), both values, the ratio hint) is shown.
/// A throw inside the loss (a NotImplemented, a shape error) is reported as such, with the name.
inline bool grad_ok(const std::string& name, const std::function<double()>& loss, arma::mat& param,
                    const arma::mat& analytic, double tol = 1e-7,
                    const nn::gradcheck::Options& opt = nn::gradcheck::Options()) {
    nn::gradcheck::Report r;
    try {
        r = nn::gradcheck::check(name, loss, param, analytic, opt);
    } catch (const std::exception& e) {
        FAIL_CHECK("the gradient check of " << name << " could not run; it threw: " << e.what());
        return false;
    }
    INFO("gradient check: " << r.str());
    CHECK(r.ok(tol));
    return r.ok(tol);
}

/// \brief The same for a report already computed (the caller computed it).
inline bool grad_ok(const nn::gradcheck::Report& r, double tol = 1e-7) {
    INFO("gradient check: " << r.str());
    CHECK(r.ok(tol));
    return r.ok(tol);
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
        os << m.n_rows << "x" << m.n_cols << " matrix\n" << nn::test::capped_view(m);
        return os.str();
    }
};
}  // namespace Catch
