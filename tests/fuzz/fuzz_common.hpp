// Shared by the libFuzzer harnesses of tests/fuzz/: each input is written to a temporary file
// (the loaders read files), the loader runs, and anything but a clean result or an
// nn::DataError is a finding. Allocations above -malloc_limit_mb (run_fuzz.sh: 256 MB) are
// findings too: a small file must never cost gigabytes.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace fuzz {

/// A per-process file in /dev/shm (or /tmp), rewritten for every input.
inline std::string write_input(const std::uint8_t* data, std::size_t size,
                               const char* suffix = "") {
    static const std::string base = [] {
        const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        return std::string(dir) + "/nn_fuzz_" + std::to_string(getpid());
    }();
    const std::string path = base + suffix;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path;
}

}  // namespace fuzz
