// libFuzzer target: nn::load_idx_images / nn::load_idx_labels on arbitrary bytes (a plain
// IDX file, or a .gz stream when the input starts with the gzip magic 1f 8b).
#include "fuzz_common.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::write_input(data, size);
    auto check_images = [&](arma::uword max_items, arma::uword er, arma::uword ec) {
        try {
            arma::uword r = 0, c = 0;
            const arma::mat X = nn::load_idx_images(path, max_items, &r, &c, er, ec);
            if (X.n_rows != r * c || (max_items && X.n_cols > max_items)) std::abort();
            if (X.n_elem && (X.min() < 0 || X.max() > 1)) std::abort();
        } catch (const nn::DataError&) {}
    };
    check_images(0, 0, 0);
    check_images(2, 0, 0);
    check_images(2000, 28, 28);
    try {
        const arma::uvec y = nn::load_idx_labels(path);
        if (y.n_elem && y.max() > 255) std::abort();
    } catch (const nn::DataError&) {}
    return 0;
}
