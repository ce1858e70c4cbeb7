// libFuzzer target: nn::load_csv and nn::labels_to_indices on arbitrary bytes.
#include "fuzz_common.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::write_input(data, size, ".csv");
    try {
        const nn::LabelledData d = nn::load_csv(path);
        if (d.X.n_cols != d.y.n_elem || d.X.n_rows + 1 != d.feature_names.size() + 1) std::abort();
        const arma::uvec idx = nn::labels_to_indices(d.y, path);
        for (arma::uword i = 0; i < idx.n_elem; ++i)
            if (static_cast<double>(idx(i)) != d.y(i) || idx(i) >= idx.n_elem) std::abort();
    } catch (const nn::DataError&) {}
    return 0;
}
