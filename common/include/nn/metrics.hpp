/// \file metrics.hpp
/// \brief Accuracy, confusion matrix, timing and the metrics JSON file.
#pragma once
#include <algorithm>
#include <armadillo>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace nn {

/// \brief Fraction of equal entries of `predicted` and `truth` (same length, > 0).
double accuracy(const arma::uvec& predicted, const arma::uvec& truth);

/// \brief Index of the largest entry of each column of a K x N matrix (N labels).
arma::uvec argmax_columns(const arma::mat& scores);

/// \brief K x K counts: row = true class, column = predicted class.
arma::umat confusion_matrix(const arma::uvec& predicted, const arma::uvec& truth,
                            arma::uword num_classes);

/// \brief Wall-clock stopwatch.
class Timer {
public:
    Timer() : start_(std::chrono::steady_clock::now()) {}
    void reset() { start_ = std::chrono::steady_clock::now(); }
    /// \brief Seconds since construction or the last reset().
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }

private:
    std::chrono::steady_clock::time_point start_;
};

/// \brief Median wall-clock seconds of `reps` calls of f() (reps >= 1): robust to the odd
/// slow run on a shared machine.
template <class F>
double median_seconds(int reps, F f) {
    std::vector<double> t;
    for (int r = 0; r < reps; ++r) {
        Timer timer;
        f();
        t.push_back(timer.seconds());
    }
    std::sort(t.begin(), t.end());
    return t.empty() ? 0.0 : t[t.size() / 2];
}

/// \brief A JSON object built key by key, in insertion order.
///
/// \code
/// Json m;
/// m.set("converged", true).set("epochs", 7).set("bound", 12.5);
/// m.set("per_lambda", Json::array({a, b}));
/// m.write("output/metrics.json");
/// \endcode
class Json {
public:
    Json& set(const std::string& key, double value);
    Json& set(const std::string& key, int value);
    Json& set(const std::string& key, long value);
    Json& set(const std::string& key, unsigned long value);
    Json& set(const std::string& key, unsigned long long value);
    Json& set(const std::string& key, long long value);
    Json& set(const std::string& key, bool value);
    Json& set(const std::string& key, const char* value);
    Json& set(const std::string& key, const std::string& value);
    Json& set(const std::string& key, const Json& object);
    Json& set(const std::string& key, const std::vector<double>& values);
    /// \brief Set `key` to an array of objects.
    Json& set(const std::string& key, const std::vector<Json>& objects);
    /// \brief The object as JSON text (NaN and infinities become null).
    std::string str(int indent = 0) const;
    /// \brief Write str() to `path` (parent folders created); throws nn::DataError on failure.
    void write(const std::string& path) const;

private:
    std::vector<std::pair<std::string, std::string>> items_;  // key, JSON text of the value
    Json& raw(const std::string& key, const std::string& json_text);
};

}  // namespace nn
