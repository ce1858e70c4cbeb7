#include "nn/paths.hpp"

#include <cstdlib>

#ifndef NN_DATASETS_DIR
#define NN_DATASETS_DIR "datasets"
#endif

namespace nn {

std::string dataset_file(const std::string& name) {
    const char* env = std::getenv("NN_DATASETS_DIR");
    const std::string dir = (env && *env) ? env : NN_DATASETS_DIR;
    return dir + "/" + name;
}

}  // namespace nn
