/// \file data.hpp
/// \brief Loading data: labelled CSV files, IDX (MNIST format), Fashion-MNIST.
///
/// Samples are columns everywhere: X is d x N, labels a row of N values.
#pragma once
#include <armadillo>
#include <string>
#include <vector>

namespace nn {

/// \brief A labelled data set: features d x N, one label per column.
struct LabelledData {
    arma::mat X;     ///< d x N features, one sample per column
    arma::rowvec y;  ///< 1 x N labels (as read: 0/1, -1/+1, class index, ...)
    std::vector<std::string> feature_names;  ///< d names (CSV header), may be empty
    std::string label_name;                  ///< name of the label column, may be empty
};

/// \brief Read a CSV file: one header row, numeric features, the last column the label.
///
/// Blank lines and lines starting with '#' are skipped. Throws nn::DataError naming
/// the file, the line and the column for: a missing or unreadable file, an empty
/// file, a header only, a ragged row, a field that is not a number.
LabelledData load_csv(const std::string& path);

/// \brief The largest class label labels_to_indices() accepts (a sane range: no data set
/// of the book has more than ten classes).
inline constexpr double kMaxClassLabel = 1e6;

/// \brief Class labels 0..K-1 as indices; throws nn::DataError (naming `what`) if a label
/// is negative, not a whole number, larger than nn::kMaxClassLabel, or if the labels
/// claim more classes (largest label + 1) than there are samples.
arma::uvec labels_to_indices(const arma::rowvec& y, const std::string& what);

/// \brief Read an IDX3 image file (plain or .gz). Returns a (rows*cols) x N matrix of
/// pixels scaled to [0, 1], one image per column, pixels in row-major order.
/// Throws nn::DataError on a missing file, bad magic number, wrong sizes or truncation.
/// The header is not trusted: its claimed size is checked against the file before anything
/// is allocated (plain files), gzip data are read in bounded chunks, and running out of
/// memory is a DataError naming the file.
/// \param path      the file
/// \param max_items read at most this many images (0 = all)
/// \param rows, cols if not null, receive the image height and width
/// \param expect_rows, expect_cols if not 0, the image size the caller needs (28, 28 for
///        Fashion-MNIST); another size in the header is a DataError before any pixel is read
arma::mat load_idx_images(const std::string& path, arma::uword max_items = 0,
                          arma::uword* rows = nullptr, arma::uword* cols = nullptr,
                          arma::uword expect_rows = 0, arma::uword expect_cols = 0);

/// \brief Read an IDX1 label file (plain or .gz) into a vector of N labels.
arma::uvec load_idx_labels(const std::string& path, arma::uword max_items = 0);

/// \brief Fashion-MNIST, train and test.
struct FashionMnist {
    arma::mat train_X;   ///< 784 x 60000, pixels in [0,1]
    arma::uvec train_y;  ///< 60000 labels 0..9
    arma::mat test_X;    ///< 784 x 10000
    arma::uvec test_y;   ///< 10000 labels
};

/// \brief The ten class names of Fashion-MNIST, by label.
const std::vector<std::string>& fashion_mnist_classes();

/// \brief Where Fashion-MNIST is read from: `override_dir` if not empty, else the
/// environment variable NN_DATA_DIR, else /usr/share/datasets/fashion-mnist
/// (Debian's dataset-fashion-mnist).
std::string fashion_mnist_dir(const std::string& override_dir = "");

/// \brief True if the four Fashion-MNIST files (plain or .gz) are in `dir`.
bool fashion_mnist_available(const std::string& dir);

/// \brief Whether a program should read Fashion-MNIST from `dir` = fashion_mnist_dir(data):
/// yes if `data` (its --data flag) is set (a missing file is then an error of the loader) or
/// the files are in `dir`; otherwise it prints one note ("Fashion-MNIST not found in <dir>",
/// how to install it, then `fallback`, e.g. "using noisy 2-D XOR instead") and returns false.
bool use_fashion_mnist(const std::string& data, const std::string& dir,
                       const std::string& fallback);

/// \brief Label noise: replace the first round(fraction · n) of the n labels (0..K-1, K >= 2)
/// by another class drawn uniformly with nn::rng(); returns how many were replaced. The labels
/// should be in random order, so that the replaced ones are a random subset. Throws
/// std::invalid_argument for K < 2 or a fraction outside [0, 1].
arma::uword replace_labels(arma::uvec& labels, double fraction, arma::uword K);

/// \brief Load Fashion-MNIST from `dir` (see fashion_mnist_dir()).
/// Throws nn::DataError saying which file is missing and how to get it
/// (`apt-get install dataset-fashion-mnist`, `--data DIR` or NN_DATA_DIR).
/// \param dir the folder with the four files
/// \param max_train, max_test read at most this many (0 = all)
FashionMnist load_fashion_mnist(const std::string& dir, arma::uword max_train = 0,
                                arma::uword max_test = 0);

}  // namespace nn
