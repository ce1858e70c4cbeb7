/// \file cli.hpp
/// \brief The command line every chapter program shares, and its exit codes.
///
/// \code
/// int main(int argc, char** argv) {
///     nn::Program prog("ch01_perceptron", "The perceptron learns a line.");
///     prog.defaults.epochs = 20;  prog.defaults.lr = 1.0;   // before add_common()
///     prog.add_common();
///     int width = 3; prog.app.add_option("--width", width, "...");
///     return prog.run(argc, argv, [&](const nn::CommonOptions& o) { ...; return 0; });
/// }
/// \endcode
/// Exit codes: 0 success, 2 bad command line (message and usage), 1 runtime error
/// (one line: what, where, how to fix).
#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nn/metrics.hpp"

namespace nn {

/// \brief Values of the shared flags.
struct CommonOptions {
    std::uint64_t seed = 42;  ///< --seed
    int epochs = 10;          ///< --epochs
    double lr = 0.1;          ///< --lr
    std::string data;         ///< --data (file or directory; empty = the default)
    std::string out;          ///< --out (default `output/<program>`)
    std::string metrics;      ///< --metrics (empty = `<out>/metrics.json`)
    bool no_plots = false;    ///< --no-plots
    bool quiet = false;       ///< --quiet
};

/// \brief A chapter program: CLI11 app, shared flags, error handling.
class Program {
public:
    Program(std::string name, std::string description);
    CLI::App app;            ///< add chapter-specific flags here
    CommonOptions defaults;  ///< set before add_common() to change the defaults shown in --help
    CommonOptions opts;      ///< the parsed values

    /// \brief Register --seed --epochs --lr --data --out --metrics --no-plots --quiet.
    void add_common();
    /// \brief Parse, seed everything, create the output folder, run `body`, map errors
    /// to exit codes. Returns the exit code for main().
    int run(int argc, char** argv, const std::function<int(const CommonOptions&)>& body);
    /// \brief The program name (e.g. ch01_perceptron).
    const std::string& name() const { return name_; }
    /// \brief Write the metrics JSON to --metrics (or `<out>/metrics.json`) and say where.
    void write_metrics(const Json& metrics) const;
    /// \brief Print unless --quiet.
    void say(const std::string& line) const;

private:
    std::string name_;
};

/// \brief Per-epoch report: one line per epoch, a live bar on a terminal.
class EpochLogger {
public:
    /// \param total_epochs for the "epoch 3/10" counter, \param quiet print nothing
    EpochLogger(int total_epochs, bool quiet);
    /// \brief Progress within an epoch (done of total steps); draws a bar on a TTY only.
    void progress(std::size_t done, std::size_t total);
    /// \brief Print "epoch e/E  <fields>  <elapsed>s".
    void epoch(int e, const std::string& fields);
    /// \brief Seconds since construction.
    double elapsed() const { return timer_.seconds(); }

private:
    int total_;
    bool quiet_, tty_;
    Timer timer_;
    std::size_t last_drawn_ = static_cast<std::size_t>(-1);
};

/// \brief Parse "256,128" into widths; throws CLI::ValidationError on a bad list.
std::vector<arma::uword> parse_widths(const std::string& text, const std::string& flag);

/// \brief CLI11 validator: a finite number > 0, with a message that says so
/// (`->check(nn::positive_number())`).
CLI::Validator positive_number();
/// \brief CLI11 validator: a whole number >= 1.
CLI::Validator positive_integer();
/// \brief CLI11 validator: a finite number >= 0 (e.g. a tolerance that may be 0).
CLI::Validator non_negative_number();

/// \brief Parse a comma-separated list of numbers such as "0,0.2,0.5", the value of `flag`.
/// Each item must be a number (the whole item) for which `ok` is true; otherwise (also for an empty list
/// or a trailing comma) throws CLI::ValidationError "'<text>' is not a list of <what> (bad item
/// '<item>')", e.g. with what = "drop probabilities in [0, 1) such as 0,0.2,0.5".
std::vector<double> parse_numbers(const std::string& text, const std::string& flag,
                                  const std::string& what, const std::function<bool(double)>& ok);

/// \brief Format a number with `digits` significant digits.
std::string fmt(double value, int digits = 4);

}  // namespace nn
