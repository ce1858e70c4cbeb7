// libFuzzer target: the input is the uncompressed content of an IDX file; the harness gzips
// it and loads the .gz, so the fuzzer explores headers and sizes behind the gzip layer.
#include <zlib.h>

#include <vector>

#include "fuzz_common.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    z_stream zs{};
    if (deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
    std::vector<unsigned char> out(deflateBound(&zs, size) + 64);
    zs.next_in = const_cast<Bytef*>(data);
    zs.avail_in = static_cast<uInt>(size);
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) std::abort();
    out.resize(zs.total_out);
    deflateEnd(&zs);
    const std::string path = fuzz::write_input(out.data(), out.size(), ".gz");
    try {
        arma::uword r = 0, c = 0;
        const arma::mat X = nn::load_idx_images(path, 0, &r, &c);
        if (X.n_rows != r * c) std::abort();
    } catch (const nn::DataError&) {}
    try {
        (void)nn::load_idx_images(path, 2000, nullptr, nullptr, 28, 28);
    } catch (const nn::DataError&) {}
    try {
        (void)nn::load_idx_labels(path, 3);
        (void)nn::load_idx_labels(path);
    } catch (const nn::DataError&) {}
    return 0;
}
