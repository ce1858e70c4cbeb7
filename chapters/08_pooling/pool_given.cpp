// Chapter 08 — given code (not an exercise): the output shape of a pooling layer, the
// constructors and summaries of the layers, make_pool2d, the names of the pooling kinds.
// Contracts: pool.hpp.
#include <memory>
#include <string>

#include "nn/error.hpp"
#include "pool.hpp"

namespace nn {

ImageShape pool_output_shape(const ImageShape& in, arma::uword k, arma::uword s,
                             const std::string& where) {
    require(in.channels > 0, where, "the input has 0 channels");
    const std::string window =
        std::to_string(k) + " x " + std::to_string(k) + " window with stride " + std::to_string(s);
    const std::string input = std::to_string(in.channels) + " x " + std::to_string(in.height) +
                              " x " + std::to_string(in.width) + " input";
    require(k > 0 && s > 0, where, "the window and the stride must be at least 1, got a " + window);
    require(k <= in.height && k <= in.width, where,
            "a " + window + " does not fit in a " + input +
                " (the output would be empty); use a smaller window or a larger input");
    // H' = floor((H - k)/s) + 1 and W' likewise; the channels are kept
    return ImageShape{in.channels, pool_output_size(in.height, k, s),
                      pool_output_size(in.width, k, s)};
}

Pool2d::Pool2d(PoolKind kind, const ImageShape& in, arma::uword window, arma::uword stride,
               const std::string& where)
    : kind_(kind),
      in_(in),
      out_(pool_output_shape(in, window, stride == 0 ? window : stride, where)),
      k_(window),
      s_(stride == 0 ? window : stride) {}

std::string Pool2d::summary() const {
    return std::string(kind_ == PoolKind::Max ? "max" : "avg") + "-pool " + std::to_string(k_) +
           "x" + std::to_string(k_) + " s" + std::to_string(s_) + ": " + in_.str() + " -> " +
           out_.str();
}

std::unique_ptr<Pool2d> make_pool2d(PoolKind kind, const ImageShape& in, arma::uword window,
                                    arma::uword stride) {
    if (kind == PoolKind::Max) return std::make_unique<MaxPool2d>(in, window, stride);
    return std::make_unique<AvgPool2d>(in, window, stride);
}

std::string pool_kind_name(PoolKind kind) {
    switch (kind) {
        case PoolKind::Max:
            return "max";
        case PoolKind::Average:
            return "average";
    }
    return "?";
}

GlobalPool2d::GlobalPool2d(PoolKind kind, arma::uword channels) : kind_(kind), C_(channels) {
    require(channels > 0, "GlobalPool2d", "the number of channels must be at least 1");
}

std::string GlobalPool2d::summary() const {
    return "global " + std::string(kind_ == PoolKind::Max ? "max" : "avg") + "-pool, " +
           std::to_string(C_) + " channels";
}

}  // namespace nn
