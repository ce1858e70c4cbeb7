// Chapter 07 — given code (not an exercise): shape helpers, algorithm names, the Conv2d
// constructors, init, parameters, summary. Contracts: conv.hpp.
#include <stdexcept>
#include <string>
#include <vector>

#include "conv.hpp"
#include "nn/error.hpp"

namespace nn {

std::string ImageShape::str() const {
    return std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width);
}

std::string ConvGeometry::str() const {
    return "k" + std::to_string(kernel) + " s" + std::to_string(stride) + " p" +
           std::to_string(padding) + " d" + std::to_string(dilation);
}

ImageShape conv_output_shape(const ImageShape& in, arma::uword out_channels,
                             const ConvGeometry& g) {
    require(in.channels > 0 && in.height > 0 && in.width > 0, "conv_output_shape",
            "the input shape " + in.str() + " has a zero size");
    require(out_channels > 0, "conv_output_shape", "out_channels must be at least 1");
    ImageShape out;
    out.channels = out_channels;
    out.height = conv_output_size(in.height, g.kernel, g.stride, g.padding, g.dilation);
    out.width = conv_output_size(in.width, g.kernel, g.stride, g.padding, g.dilation);
    return out;
}

std::string conv_algo_name(ConvAlgo algo) {
    switch (algo) {
        case ConvAlgo::Naive:
            return "naive";
        case ConvAlgo::Im2col:
            return "im2col";
    }
    return "?";
}

ConvAlgo parse_conv_algo(const std::string& name) {
    if (name == "naive") return ConvAlgo::Naive;
    if (name == "im2col") return ConvAlgo::Im2col;
    throw std::invalid_argument("parse_conv_algo: unknown algorithm '" + name +
                                "'; choose naive or im2col");
}

// ================================================================ Conv2d (constructors, init, parameters)

Conv2d::Conv2d(const ImageShape& in, arma::uword out_channels, const ConvGeometry& g, ConvAlgo algo)
    : in_(in), g_(g), algo_(algo) {
    require(in.channels > 0 && in.height > 0 && in.width > 0, "Conv2d",
            "the input shape " + in.str() + " has a zero size");
    require(out_channels > 0, "Conv2d", "out_channels must be at least 1");
    try {
        out_ = conv_output_shape(in, out_channels, g);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("Conv2d: input " + in.str() + " with " + g.str() + ": " +
                                    e.what());
    }
    const arma::uword taps = in.channels * g.kernel * g.kernel;
    W.zeros(out_channels, taps);
    b.zeros(out_channels, 1);
    dW.zeros(out_channels, taps);
    db.zeros(out_channels, 1);
}

Conv2d::Conv2d(const ImageShape& in, arma::uword out_channels, arma::uword kernel,
               arma::uword stride, arma::uword padding, arma::uword dilation, ConvAlgo algo)
    : Conv2d(in, out_channels, ConvGeometry{kernel, stride, padding, dilation}, algo) {}

void Conv2d::init(Init how) {
    const double k2 = static_cast<double>(g_.kernel * g_.kernel);
    // fan_in = C_in k² (the taps of one filter), fan_out = C_out k²
    init_weights(W, how, static_cast<double>(W.n_cols), static_cast<double>(W.n_rows) * k2);
    b.zeros();
    dW.zeros();
    db.zeros();
}

std::vector<ParamRef> Conv2d::parameters(const std::string& prefix) {
    return {{&W, &dW, false, prefix + ".W"}, {&b, &db, true, prefix + ".b"}};
}

void Conv2d::set_algo(ConvAlgo algo) {
    algo_ = algo;
    has_cache_ = false;
}

std::string Conv2d::summary() const {
    return "conv " + in_.str() + " -> " + out_.str() + " (" + g_.str() + ", " +
           conv_algo_name(algo_) + "), " + std::to_string(num_parameters()) + " parameters";
}

}  // namespace nn
