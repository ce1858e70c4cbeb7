/// \file paths.hpp
/// \brief Where the project's shipped data files are.
#pragma once
#include <string>

namespace nn {

/// \brief Path of a file in the project's datasets/ folder, e.g. dataset_file("iris.csv").
///
/// The folder is the environment variable NN_DATASETS_DIR if set, else the source
/// tree's datasets/ (compiled in), so programs find it from any working directory.
std::string dataset_file(const std::string& name);

}  // namespace nn
