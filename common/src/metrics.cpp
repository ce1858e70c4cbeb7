#include "nn/metrics.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "nn/error.hpp"

namespace nn {

double accuracy(const arma::uvec& predicted, const arma::uvec& truth) {
    require(predicted.n_elem == truth.n_elem, "accuracy",
            "predicted has " + std::to_string(predicted.n_elem) + " labels but truth has " +
                std::to_string(truth.n_elem));
    require(truth.n_elem > 0, "accuracy", "no labels");
    return static_cast<double>(arma::accu(predicted == truth)) / static_cast<double>(truth.n_elem);
}

arma::uvec argmax_columns(const arma::mat& scores) {
    return arma::index_max(scores, 0).t();
}

arma::umat confusion_matrix(const arma::uvec& predicted, const arma::uvec& truth,
                            arma::uword num_classes) {
    require(predicted.n_elem == truth.n_elem, "confusion_matrix",
            "predicted and truth differ in length");
    arma::umat C(num_classes, num_classes, arma::fill::zeros);
    for (arma::uword i = 0; i < truth.n_elem; ++i) {
        require(truth(i) < num_classes && predicted(i) < num_classes, "confusion_matrix",
                "label " + std::to_string(std::max(truth(i), predicted(i))) +
                    " >= number of classes " + std::to_string(num_classes));
        ++C(truth(i), predicted(i));
    }
    return C;
}

namespace {
std::string quote(const std::string& s) {
    std::ostringstream os;
    os << '"';
    for (char c : s) {
        switch (c) {
            case '"':
                os << "\\\"";
                break;
            case '\\':
                os << "\\\\";
                break;
            case '\n':
                os << "\\n";
                break;
            case '\t':
                os << "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    os << "\\u" << std::hex << std::setw(4) << std::setfill('0') << int(c)
                       << std::dec;
                } else {
                    os << c;
                }
        }
    }
    os << '"';
    return os.str();
}

std::string number(double v) {
    if (!std::isfinite(v)) return "null";
    std::ostringstream os;
    os << std::setprecision(std::numeric_limits<double>::max_digits10 - 2) << v;
    return os.str();
}

std::string indent_lines(const std::string& text, int indent) {
    // Indent every line after the first by `indent` spaces (for nested objects).
    std::string out;
    for (char c : text) {
        out += c;
        if (c == '\n') out += std::string(static_cast<std::size_t>(indent), ' ');
    }
    return out;
}
}  // namespace

Json& Json::raw(const std::string& key, const std::string& json_text) {
    for (auto& kv : items_) {
        if (kv.first == key) {
            kv.second = json_text;
            return *this;
        }
    }
    items_.emplace_back(key, json_text);
    return *this;
}

Json& Json::set(const std::string& key, double value) {
    return raw(key, number(value));
}
Json& Json::set(const std::string& key, int value) {
    return raw(key, std::to_string(value));
}
Json& Json::set(const std::string& key, long value) {
    return raw(key, std::to_string(value));
}
Json& Json::set(const std::string& key, unsigned long value) {
    return raw(key, std::to_string(value));
}
Json& Json::set(const std::string& key, unsigned long long value) {
    return raw(key, std::to_string(value));
}
Json& Json::set(const std::string& key, long long value) {
    return raw(key, std::to_string(value));
}
Json& Json::set(const std::string& key, bool value) {
    return raw(key, value ? "true" : "false");
}
Json& Json::set(const std::string& key, const char* value) {
    return raw(key, quote(value));
}
Json& Json::set(const std::string& key, const std::string& value) {
    return raw(key, quote(value));
}
Json& Json::set(const std::string& key, const Json& object) {
    return raw(key, object.str(2));
}
Json& Json::set(const std::string& key, const std::vector<double>& values) {
    std::string s = "[";
    for (std::size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + number(values[i]);
    return raw(key, s + "]");
}
Json& Json::set(const std::string& key, const std::vector<Json>& objects) {
    std::string s = "[";
    for (std::size_t i = 0; i < objects.size(); ++i)
        s += (i ? ",\n  " : "\n  ") + indent_lines(objects[i].str(2), 2);
    return raw(key, s + (objects.empty() ? "]" : "\n]"));
}

std::string Json::str(int indent) const {
    if (items_.empty()) return "{}";
    const int step = indent > 0 ? indent : 2;
    std::string s = "{\n";
    for (std::size_t i = 0; i < items_.size(); ++i) {
        s += std::string(static_cast<std::size_t>(step), ' ') + quote(items_[i].first) + ": " +
             indent_lines(items_[i].second, step);
        s += (i + 1 < items_.size()) ? ",\n" : "\n";
    }
    return s + "}";
}

void Json::write(const std::string& path) const {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path p(path);
    if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
    std::ofstream out(path);
    if (!out)
        throw DataError("cannot write metrics file " + path +
                        ": check that the folder exists and is writable");
    out << str() << "\n";
    if (!out) throw DataError("writing metrics file " + path + " failed (disk full?)");
}

}  // namespace nn
