// Shared by the speed benchmarks of tests/bench (not a test): run the PyTorch twin, read its
// result, set OpenBLAS's thread count.
#pragma once
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace bench {

// Run a command, return its standard output ("" on failure).
inline std::string run(const std::string& cmd) {
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    if (!pipe) return out;
    char buf[512];
    while (fgets(buf, sizeof buf, pipe.get())) out += buf;
    return out;
}

// The number after the last "key " in a twin's output; false (and a message) if there is none.
inline bool torch_result(const std::string& out, const std::string& key, const char* dtype,
                         double& value) {
    const std::size_t pos = out.rfind(key + " ");
    if (pos == std::string::npos) {
        std::printf("PyTorch (%s): the script gave no result\n", dtype);
        return false;
    }
    value = std::atof(out.c_str() + pos + key.size() + 1);
    return true;
}

// OpenBLAS's thread count (found at run time: no link-time dependency on OpenBLAS).
inline void set_blas_threads(int n) {
    if (void* f = dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))
        reinterpret_cast<void (*)(int)>(f)(n);
}

}  // namespace bench
