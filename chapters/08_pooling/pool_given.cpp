// Chapter 08 — given code (not an exercise): the output shape of a pooling layer, the
// constructors of the layers, the names of the pooling kinds.
#include <string>

#include "nn/error.hpp"
#include "pool.hpp"

namespace nn {

ImageShape pool_output_shape(const ImageShape& in, arma::uword k, arma::uword s, const std::string& where) {
    require(in.channels > 0, where, "the input has 0 channels");
    const std::string window = std::to_string(k) + " x " + std::to_string(k) + " window with stride " +
                               std::to_string(s);
    const std::string input = std::to_string(in.channels) + " x " + std::to_string(in.height) + " x " +
                              std::to_string(in.width) + " input";
    require(k > 0 && s > 0, where, "the window and the stride must be at least 1, got a " + window);
    require(k <= in.height && k <= in.width, where,
            "a " + window + " does not fit in a " + input +
                " (the output would be empty); use a smaller window or a larger input");
    // H' = floor((H - k)/s) + 1 and W' likewise; the channels are kept
    return ImageShape{in.channels, pool_output_size(in.height, k, s), pool_output_size(in.width, k, s)};
}

MaxPool2d::MaxPool2d(const ImageShape& in, arma::uword window, arma::uword stride)
    : in_(in), out_(pool_output_shape(in, window, stride == 0 ? window : stride, "MaxPool2d")),
      k_(window), s_(stride == 0 ? window : stride) {}

AvgPool2d::AvgPool2d(const ImageShape& in, arma::uword window, arma::uword stride)
    : in_(in), out_(pool_output_shape(in, window, stride == 0 ? window : stride, "AvgPool2d")),
      k_(window), s_(stride == 0 ? window : stride) {}

std::string pool_kind_name(PoolKind kind) {
    switch (kind) {
        case PoolKind::Max: return "max";
        case PoolKind::Average: return "average";
    }
    return "?";
}

GlobalPool2d::GlobalPool2d(PoolKind kind, arma::uword channels) : kind_(kind), C_(channels) {
    require(channels > 0, "GlobalPool2d", "the number of channels must be at least 1");
}

}  // namespace nn
