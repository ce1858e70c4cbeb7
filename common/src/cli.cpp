#include "nn/cli.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "nn/error.hpp"
#include "nn/plot.hpp"
#include "nn/rng.hpp"

namespace nn {

Program::Program(std::string name, std::string description)
    : app(std::move(description), name), name_(std::move(name)) {
    app.set_help_flag("-h,--help", "Print this help and exit");
}

// "--lr: must be a positive number (got -1)" instead of CLI11's range message.
CLI::Validator positive_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0' || !(v > 0) || !std::isfinite(v))
                return "must be a positive number such as 0.1 (got '" + text + "')";
            return "";
        },
        "POSITIVE");
}
CLI::Validator positive_integer() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            char* end = nullptr;
            const long v = std::strtol(text.c_str(), &end, 10);
            if (end == text.c_str() || *end != '\0' || v < 1)
                return "must be a whole number of at least 1 (got '" + text + "')";
            return "";
        },
        "INT>=1");
}
CLI::Validator non_negative_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0' || !std::isfinite(v) || v < 0)
                return "must be a number >= 0 (e.g. 1e-6 or 0.03), got '" + text + "'";
            return "";
        },
        "NUMBER >= 0");
}

// --seed -1 would wrap around to 18446744073709551615 without a word: refuse a sign, a
// fraction or anything but decimal digits.
CLI::Validator seed_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const bool digits = !text.empty() && text.size() <= 19 &&
                                text.find_first_not_of("0123456789") == std::string::npos;
            if (!digits)
                return "must be a whole number from 0 to 9999999999999999999 (got '" + text + "')";
            return "";
        },
        "INT>=0");
}

void Program::add_common() {
    opts = defaults;
    app.add_option("--seed", opts.seed, "Random seed: the same seed gives the same numbers")
        ->check(seed_number())
        ->capture_default_str();
    app.add_option("--epochs", opts.epochs, "Passes over the training data")
        ->check(positive_integer())
        ->capture_default_str();
    app.add_option("--lr", opts.lr, "Learning rate (step size) alpha")
        ->check(positive_number())
        ->capture_default_str();
    app.add_option("--data", opts.data,
                   "Data file or directory overriding the default (see the chapter notes)");
    app.add_option("--out", opts.out,
                   "Folder for plots and metrics (default output/" + name_ + ")");
    app.add_option(
        "--metrics", opts.metrics,
        "Write the final metrics as a JSON object to this file (default <out>/metrics.json)");
    app.add_flag("--no-plots", opts.no_plots, "Do not write plots");
    app.add_flag("--quiet", opts.quiet, "Print only errors and the final summary");
}

void Program::say(const std::string& line) const {
    if (!opts.quiet) std::cout << line << std::endl;
}

void Program::write_metrics(const Json& metrics) const {
    const std::string path = opts.metrics.empty() ? opts.out + "/metrics.json" : opts.metrics;
    metrics.write(path);
    if (!opts.quiet) std::cout << "metrics: " << path << std::endl;
}

namespace {
int usage_error(const CLI::App& app, const std::string& program, const std::string& message) {
    std::cerr << program << ": error: " << message << "\n\n" << app.help() << std::flush;
    return 2;
}
}  // namespace

int Program::run(int argc, char** argv, const std::function<int(const CommonOptions&)>& body) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return usage_error(app, name_, e.what());
    }
    try {
        if (opts.out.empty()) opts.out = "output/" + name_;
        std::error_code ec;
        std::filesystem::create_directories(opts.out, ec);
        if (ec) {
            throw DataError("cannot create the output folder " + opts.out + " (" + ec.message() +
                            "); choose another with --out DIR");
        }
        seed_all(opts.seed);
        plot::set_enabled(!opts.no_plots);
        return body(opts);
    } catch (const CLI::ParseError& e) {
        return usage_error(app, name_, e.what());
    } catch (const NotImplemented& e) {
        std::cerr << name_ << ": error: " << e.what()
                  << ". Fill in the exercise, or build this chapter from the reference solution "
                     "(cmake -DNN_SOLUTION_CHAPTERS=...; see README.md)."
                  << std::endl;
        return 1;
    } catch (const std::exception& e) {
        std::cerr << name_ << ": error: " << e.what() << std::endl;
        return 1;
    }
}

EpochLogger::EpochLogger(int total_epochs, bool quiet)
    : total_(total_epochs), quiet_(quiet), tty_(::isatty(STDOUT_FILENO) != 0) {}

void EpochLogger::progress(std::size_t done, std::size_t total) {
    if (quiet_ || !tty_ || total == 0) return;
    const std::size_t width = 30;
    const std::size_t filled = done * width / total;
    if (filled == last_drawn_ && done != total) return;
    last_drawn_ = filled;
    std::string bar(filled, '#');
    bar += std::string(width - filled, '.');
    std::printf("\r  [%s] %3zu%%  %.1fs", bar.c_str(), done * 100 / total, timer_.seconds());
    std::fflush(stdout);
}

void EpochLogger::epoch(int e, const std::string& fields) {
    last_drawn_ = static_cast<std::size_t>(-1);
    if (quiet_) return;
    if (tty_) std::printf("\r\033[K");
    const int w = static_cast<int>(std::to_string(total_).size());
    std::printf("epoch %*d/%d  %s  %.2fs\n", w, e, total_, fields.c_str(), timer_.seconds());
    std::fflush(stdout);
}

std::vector<arma::uword> parse_widths(const std::string& text, const std::string& flag) {
    std::vector<arma::uword> widths;
    if (text.empty() || text == "none") return widths;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        std::size_t used = 0;
        long long v = 0;
        try {
            v = std::stoll(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (item.empty() || used != item.size() || v <= 0 || v > 100000) {
            throw CLI::ValidationError(
                flag, "'" + text +
                          "' is not a list of positive layer widths such as 256,128 (bad item '" +
                          item + "')");
        }
        widths.push_back(static_cast<arma::uword>(v));
    }
    if (!text.empty() && text.back() == ',')
        throw CLI::ValidationError(
            flag, "'" + text + "' ends with a comma; write widths such as 256,128");
    return widths;
}

std::vector<double> parse_numbers(const std::string& text, const std::string& flag,
                                  const std::string& what, const std::function<bool(double)>& ok) {
    std::vector<double> values;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        if (item.empty() || *end != '\0' || !std::isfinite(v) || !ok(v))
            throw CLI::ValidationError(
                flag, "'" + text + "' is not a list of " + what + " (bad item '" + item + "')");
        values.push_back(v);
    }
    if (values.empty() || text.back() == ',')
        throw CLI::ValidationError(flag, "'" + text + "' is not a list of " + what);
    return values;
}

std::string fmt(double value, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    return buf;
}

}  // namespace nn
