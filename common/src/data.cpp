/// \file data.cpp
/// \brief CSV, IDX and Fashion-MNIST loaders (see nn/data.hpp).
///
/// Every failure is an nn::DataError that says which file, where in it, what is
/// wrong and how to fix it.
#include "nn/data.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "nn/error.hpp"
#include "nn/rng.hpp"

namespace nn {

namespace {

namespace fs = std::filesystem;

// ------------------------------------------------------------------ CSV helpers

std::string trim(const std::string& s) {
    const char* ws = " \t\r\n";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

std::vector<std::string> split_commas(const std::string& line) {
    std::vector<std::string> fields;
    std::string::size_type start = 0;
    while (true) {
        const auto comma = line.find(',', start);
        if (comma == std::string::npos) {
            fields.push_back(trim(line.substr(start)));
            break;
        }
        fields.push_back(trim(line.substr(start, comma - start)));
        start = comma + 1;
    }
    return fields;
}

/// "column 3 (petal_length)" — 1-based, with the header's name.
std::string column_str(std::size_t index0, const std::vector<std::string>& header) {
    std::ostringstream os;
    os << "column " << index0 + 1;
    if (index0 < header.size() && !header[index0].empty()) os << " (" << header[index0] << ")";
    return os.str();
}

/// Parse a whole field as a finite double; false if it is not one.
bool parse_double(const std::string& field, double& value) {
    if (field.empty()) return false;
    errno = 0;
    char* end = nullptr;
    value = std::strtod(field.c_str(), &end);
    if (end != field.c_str() + field.size()) return false;
    return std::isfinite(value);
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + v[i];
    return s;
}

// ------------------------------------------------------------------ IDX helpers

/// A gzFile that closes itself. gzopen() also reads plain (uncompressed) files.
class GzReader {
public:
    GzReader(const std::string& path, const std::string& what) : path_(path), what_(what) {
        std::error_code ec;
        if (!fs::exists(path, ec))
            throw DataError(what_ + ": file not found: " + path + " (check the path)");
        if (fs::is_directory(path, ec))
            throw DataError(what_ + ": " + path + " is a folder, not an IDX file");
        if (!fs::is_regular_file(path, ec))
            throw DataError(what_ + ": " + path +
                            " is not a regular file; pass the path of an IDX file");
        file_size_ = static_cast<std::uint64_t>(fs::file_size(path, ec));
        if (ec)
            throw DataError(what_ + ": cannot read the size of " + path + " (" + ec.message() +
                            ")");
        {
            std::ifstream probe(path, std::ios::binary);
            unsigned char m[2] = {0, 0};
            probe.read(reinterpret_cast<char*>(m), 2);
            gzip_ = probe.gcount() == 2 && m[0] == 0x1f && m[1] == 0x8b;
        }
        f_ = gzopen(path.c_str(), "rb");
        if (!f_)
            throw DataError(what_ + ": cannot open " + path +
                            " (is it readable? check its permissions)");
        gzbuffer(f_, 1u << 16);
    }
    ~GzReader() {
        if (f_) gzclose(f_);
    }
    GzReader(const GzReader&) = delete;
    GzReader& operator=(const GzReader&) = delete;

    /// Read up to `n` bytes; returns how many were read (fewer at the end of the file).
    std::size_t read(unsigned char* dst, std::size_t n) {
        std::size_t done = 0;
        while (done < n) {
            const std::size_t chunk = std::min<std::size_t>(n - done, 1u << 30);
            const int got = gzread(f_, dst + done, static_cast<unsigned>(chunk));
            if (got < 0) {
                int errnum = 0;
                const char* msg = gzerror(f_, &errnum);
                throw DataError(what_ + ": " + path_ + " is corrupt or unreadable (zlib: " +
                                (msg ? msg : "unknown error") +
                                "); re-download or reinstall the file");
            }
            if (got == 0) break;
            done += static_cast<std::size_t>(got);
        }
        consumed_ += done;
        return done;
    }

    /// Read `n` bytes in bounded chunks into a buffer that grows with what actually arrives,
    /// so a header that claims gigabytes costs nothing unless the file really holds them.
    /// For a plain file the claim is first checked against the bytes left in the file.
    /// Returns the bytes read (fewer than `n` if the file ends first).
    std::vector<unsigned char> read_bounded(std::uint64_t n) {
        std::vector<unsigned char> buf;
        if (!gzip_) {
            // plain file: at most what is left after the bytes consumed so far
            const std::uint64_t left = file_size_ > consumed_ ? file_size_ - consumed_ : 0;
            if (n > left) n = left;  // the caller sees a short read and reports "truncated"
            buf.resize(static_cast<std::size_t>(n));
            buf.resize(read(buf.data(), buf.size()));
            return buf;
        }
        constexpr std::size_t kChunk = std::size_t(1) << 20;
        while (buf.size() < n) {
            const std::size_t want =
                static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, n - buf.size()));
            const std::size_t old = buf.size();
            buf.resize(old + want);
            const std::size_t got = read(buf.data() + old, want);
            buf.resize(old + got);
            if (got < want) break;
        }
        return buf;
    }

    /// Bytes of the file itself (compressed size for a .gz).
    std::uint64_t file_size() const { return file_size_; }
    bool gzip() const { return gzip_; }

private:
    std::string path_, what_;
    gzFile f_ = nullptr;
    std::uint64_t file_size_ = 0, consumed_ = 0;
    bool gzip_ = false;
};

std::uint32_t big_endian_u32(const unsigned char* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
           std::uint32_t(p[3]);
}

std::string hex32(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08X", static_cast<unsigned>(v));
    return buf;
}

/// Read the header of an IDX file: magic and `ndims` sizes. Checks the magic.
std::vector<std::uint32_t> read_idx_header(GzReader& in, const std::string& path,
                                           const std::string& what, std::uint32_t expected_magic,
                                           const char* kind) {
    unsigned char head[4];
    if (in.read(head, 4) != 4)
        throw DataError(what + ": " + path +
                        " is too short to be an IDX file (fewer than 4 bytes)");
    const std::uint32_t magic = big_endian_u32(head);
    if (magic != expected_magic) {
        std::string hint;
        if (magic == 0x00000801u)
            hint = " (this looks like an IDX1 label file)";
        else if (magic == 0x00000803u)
            hint = " (this looks like an IDX3 image file)";
        else if (head[0] == 0x1f && head[1] == 0x8b)
            hint = " (a damaged gzip file?)";
        throw DataError(what + ": " + path + ": bad magic number " + hex32(magic) + ", expected " +
                        hex32(expected_magic) + " for an " + kind + hint + "; pass the right file");
    }
    const std::size_t ndims = head[3];
    std::vector<unsigned char> raw(4 * ndims);
    if (in.read(raw.data(), raw.size()) != raw.size())
        throw DataError(what + ": " + path + " is truncated inside its header (" +
                        std::to_string(ndims) + " sizes expected); re-download the file");
    std::vector<std::uint32_t> dims(ndims);
    for (std::size_t i = 0; i < ndims; ++i) dims[i] = big_endian_u32(raw.data() + 4 * i);
    return dims;
}

std::string find_idx(const std::string& dir, const std::string& base) {
    const fs::path p = fs::path(dir) / base;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p.string();
    const fs::path gz = fs::path(dir) / (base + ".gz");
    if (fs::is_regular_file(gz, ec)) return gz.string();
    return "";
}

const char* const kFashionFiles[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

}  // namespace

// ====================================================================== CSV

namespace {
LabelledData load_csv_impl(const std::string& path);
}  // namespace

LabelledData load_csv(const std::string& path) {
    try {
        return load_csv_impl(path);
    } catch (const std::bad_alloc&) {
        throw DataError("load_csv: " + path +
                        ": not enough memory to hold the file's values; is it really a "
                        "CSV table of numbers?");
    }
}

namespace {
LabelledData load_csv_impl(const std::string& path) {
    const std::string where = "load_csv: ";
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw DataError(where + "file not found: " + path +
                        " (check the path; relative paths are taken from the current folder " +
                        fs::current_path(ec).string() + ")");
    if (fs::is_directory(path, ec))
        throw DataError(where + path +
                        " is a folder, not a CSV file; pass the path of a .csv file");
    std::ifstream in(path);
    if (!in) throw DataError(where + "cannot read " + path + " (check its permissions)");

    LabelledData out;
    std::vector<std::string> header;
    std::size_t header_line = 0;
    std::vector<double> values;  // row-major, N x (d + 1)
    std::string line;
    std::size_t lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        const std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        if (header.empty()) {
            header = split_commas(t);
            header_line = lineno;
            if (header.size() < 2)
                throw DataError(
                    path + ":" + std::to_string(lineno) + ": the header '" + t +
                    "' has a single column; a CSV needs at least one feature and the label, "
                    "separated by commas (e.g. x1,x2,label)");
            continue;
        }
        const std::vector<std::string> fields = split_commas(t);
        if (fields.size() != header.size()) {
            std::ostringstream os;
            os << path << ":" << lineno << ": ";
            if (fields.size() < header.size())
                os << column_str(fields.size(), header) << " is missing: the row has "
                   << fields.size() << " fields but the header (line " << header_line << ") has "
                   << header.size();
            else
                os << column_str(header.size(), header) << " is one too many: the row has "
                   << fields.size() << " fields but the header (line " << header_line << ") has "
                   << header.size();
            os << " (" << join(header) << "); give every row one value per header column";
            throw DataError(os.str());
        }
        for (std::size_t c = 0; c < fields.size(); ++c) {
            double v = 0;
            if (!parse_double(fields[c], v)) {
                std::ostringstream os;
                os << path << ":" << lineno << ": " << column_str(c, header) << ": ";
                if (fields[c].empty())
                    os << "the field is empty";
                else
                    os << "'" << fields[c] << "' is not a number";
                os << "; every field after the header must be a finite number (e.g. 0.5, -1, 2e-3)";
                throw DataError(os.str());
            }
            values.push_back(v);
        }
    }
    if (in.bad()) throw DataError(where + "error while reading " + path);
    if (header.empty())
        throw DataError(path +
                        ": the file is empty (no header, no data); expected a header row such as "
                        "x1,x2,label followed by one row per sample");
    const std::size_t cols = header.size();
    const std::size_t n = values.size() / cols;
    if (n == 0)
        throw DataError(path + ":" + std::to_string(header_line) + ": only a header (" +
                        join(header) + "), no data rows; add one row per sample below the header");

    const std::size_t d = cols - 1;
    out.X.set_size(d, n);
    out.y.set_size(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double* row = values.data() + i * cols;
        double* col = out.X.colptr(i);
        for (std::size_t j = 0; j < d; ++j) col[j] = row[j];
        out.y(i) = row[d];
    }
    out.feature_names.assign(header.begin(), header.end() - 1);
    out.label_name = header.back();
    return out;
}
}  // namespace

arma::uvec labels_to_indices(const arma::rowvec& y, const std::string& what) {
    arma::uvec idx(y.n_elem);
    arma::uword largest = 0, largest_at = 0;
    for (arma::uword i = 0; i < y.n_elem; ++i) {
        const double v = y(i);
        if (!std::isfinite(v) || v < 0 || v != std::floor(v)) {
            std::ostringstream os;
            os << what << ": label " << v << " of sample " << i
               << " (0-based) is not a class index; "
               << "class labels must be whole numbers 0, 1, ..., K-1"
               << (v == -1 ? " (for -1/+1 labels map -1 to 0 first)" : "");
            throw DataError(os.str());
        }
        // checked before the cast: a double beyond the integer range is undefined behaviour
        if (v > kMaxClassLabel) {
            std::ostringstream os;
            os << what << ": label " << v << " of sample " << i
               << " (0-based) is out of range; class labels "
               << "must be whole numbers 0, 1, ..., K-1 with K at most "
               << static_cast<unsigned long>(kMaxClassLabel) + 1
               << " (is the label the last column?)";
            throw DataError(os.str());
        }
        idx(i) = static_cast<arma::uword>(v);
        if (idx(i) > largest) largest = idx(i), largest_at = i;
    }
    if (y.n_elem > 0 && largest >= y.n_elem) {
        std::ostringstream os;
        os << what << ": label " << largest << " of sample " << largest_at
           << " (0-based) means at least " << largest + 1 << " classes, but there are only "
           << y.n_elem
           << " samples; class labels must be 0, 1, ..., K-1 (is the label the last column?)";
        throw DataError(os.str());
    }
    return idx;
}

// ====================================================================== IDX

arma::mat load_idx_images(const std::string& path, arma::uword max_items, arma::uword* rows,
                          arma::uword* cols, arma::uword expect_rows, arma::uword expect_cols) {
    const std::string what = "load_idx_images";
    try {
        GzReader in(path, what);
        const auto dims = read_idx_header(in, path, what, 0x00000803u, "IDX3 image file");
        if (dims.size() != 3)
            throw DataError(what + ": " + path + ": expected 3 sizes (count, rows, cols), got " +
                            std::to_string(dims.size()));
        const std::uint64_t count = dims[0], r = dims[1], c = dims[2];
        if (r == 0 || c == 0 || r > 65536 || c > 65536 || r * c > (1u << 24))
            throw DataError(what + ": " + path + ": implausible image size " + std::to_string(r) +
                            "x" + std::to_string(c) + "; the header is damaged");
        if ((expect_rows && r != expect_rows) || (expect_cols && c != expect_cols))
            throw DataError(what + ": " + path + ": the header says images of " +
                            std::to_string(r) + "x" + std::to_string(c) + ", expected " +
                            std::to_string(expect_rows) + "x" + std::to_string(expect_cols) +
                            "; the file is damaged or belongs to another data set");
        const std::uint64_t n =
            (max_items == 0) ? count : std::min<std::uint64_t>(count, max_items);
        const std::uint64_t pixels = r * c;
        const std::uint64_t need = pixels * n;  // < 2^24 * 2^32: no overflow

        // Pixels of one image are contiguous in the file (row-major), which is exactly one
        // column of the column-major matrix. The bytes are read in bounded chunks (a header is
        // not trusted with an allocation), then converted once.
        const std::vector<unsigned char> buf = in.read_bounded(need);
        if (buf.size() != need) {
            std::ostringstream os;
            os << what << ": " << path << " is truncated: the header announces " << count
               << " images of " << r << "x" << c << " but the file ends after "
               << buf.size() / pixels << " complete image(s) (" << buf.size() << " of " << need
               << " bytes needed";
            if (!in.gzip()) os << "; the file has " << in.file_size() << " bytes";
            os << "); re-download or reinstall the file";
            throw DataError(os.str());
        }
        arma::mat X(pixels, n, arma::fill::none);
        double* dst = X.memptr();
        double lut[256];
        for (int k = 0; k < 256; ++k) lut[k] = k / 255.0;
        for (std::size_t k = 0; k < buf.size(); ++k) dst[k] = lut[buf[k]];
        if (rows) *rows = r;
        if (cols) *cols = c;
        return X;
    } catch (const std::bad_alloc&) {
        throw DataError(what + ": " + path +
                        ": not enough memory to hold its images; read fewer of them "
                        "(e.g. a smaller --train-size) or free memory");
    }
}

arma::uvec load_idx_labels(const std::string& path, arma::uword max_items) {
    const std::string what = "load_idx_labels";
    try {
        GzReader in(path, what);
        const auto dims = read_idx_header(in, path, what, 0x00000801u, "IDX1 label file");
        if (dims.size() != 1)
            throw DataError(what + ": " + path + ": expected 1 size (count), got " +
                            std::to_string(dims.size()));
        const std::uint64_t count = dims[0];
        const std::uint64_t n =
            (max_items == 0) ? count : std::min<std::uint64_t>(count, max_items);
        const std::vector<unsigned char> buf = in.read_bounded(n);
        if (buf.size() != n) {
            std::ostringstream os;
            os << what << ": " << path << " is truncated: the header announces " << count
               << " labels but the file ends after " << buf.size()
               << "; re-download or reinstall the file";
            throw DataError(os.str());
        }
        arma::uvec y(n);
        for (std::size_t i = 0; i < n; ++i) y(i) = buf[i];
        return y;
    } catch (const std::bad_alloc&) {
        throw DataError(what + ": " + path +
                        ": not enough memory to hold its labels; read fewer of them "
                        "or free memory");
    }
}

// ====================================================================== Fashion-MNIST

const std::vector<std::string>& fashion_mnist_classes() {
    static const std::vector<std::string> names = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

std::string fashion_mnist_dir(const std::string& override_dir) {
    if (!override_dir.empty()) return override_dir;
    if (const char* env = std::getenv("NN_DATA_DIR"); env && *env) return env;
    return "/usr/share/datasets/fashion-mnist";
}

bool fashion_mnist_available(const std::string& dir) {
    for (const char* f : kFashionFiles)
        if (find_idx(dir, f).empty()) return false;
    return true;
}

bool use_fashion_mnist(const std::string& data, const std::string& dir,
                       const std::string& fallback) {
    if (!data.empty() || fashion_mnist_available(dir)) return true;
    std::cout << "note: Fashion-MNIST not found in " << dir
              << " (apt-get install dataset-fashion-mnist, or --data DIR); " << fallback
              << std::endl;
    return false;
}

arma::uword replace_labels(arma::uvec& labels, double fraction, arma::uword K) {
    require(K >= 2, "nn::replace_labels",
            "needs at least 2 classes (got K = " + std::to_string(K) + ")");
    require(fraction >= 0 && fraction <= 1, "nn::replace_labels",
            "the fraction of labels to replace must be in [0, 1] (got " + std::to_string(fraction) +
                ")");
    const auto n =
        static_cast<arma::uword>(std::llround(fraction * static_cast<double>(labels.n_elem)));
    std::uniform_int_distribution<arma::uword> other(1, K - 1);
    for (arma::uword i = 0; i < n; ++i) labels(i) = (labels(i) + other(rng())) % K;
    return n;
}

FashionMnist load_fashion_mnist(const std::string& dir, arma::uword max_train,
                                arma::uword max_test) {
    std::string paths[4];
    for (int i = 0; i < 4; ++i) {
        paths[i] = find_idx(dir, kFashionFiles[i]);
        if (paths[i].empty())
            throw DataError(
                std::string("Fashion-MNIST: missing ") +
                (fs::path(dir) / kFashionFiles[i]).string() +
                "(.gz); install Debian's dataset-fashion-mnist (apt-get install "
                "dataset-fashion-mnist), or pass --data DIR / set NN_DATA_DIR to a folder "
                "with the four *-ubyte(.gz) files");
    }
    FashionMnist d;
    arma::uword r = 0, c = 0;
    // labels first: a damaged label file is reported before the images take memory
    d.train_y = load_idx_labels(paths[1], max_train);
    d.test_y = load_idx_labels(paths[3], max_test);
    d.train_X = load_idx_images(paths[0], max_train, &r, &c, 28, 28);
    d.test_X = load_idx_images(paths[2], max_test, &r, &c, 28, 28);
    auto check = [](const arma::mat& X, const arma::uvec& y, const std::string& a,
                    const std::string& b) {
        if (X.n_cols != y.n_elem)
            throw DataError("Fashion-MNIST: " + a + " has " + std::to_string(X.n_cols) +
                            " images but " + b + " has " + std::to_string(y.n_elem) +
                            " labels; the files do not belong together");
        if (X.n_rows != 784)
            throw DataError("Fashion-MNIST: " + a + " holds images of " + std::to_string(X.n_rows) +
                            " pixels, expected 28x28 = 784");
        if (y.n_elem && y.max() > 9)
            throw DataError("Fashion-MNIST: " + b + " has a label " + std::to_string(y.max()) +
                            ", expected 0..9");
    };
    check(d.train_X, d.train_y, paths[0], paths[1]);
    check(d.test_X, d.test_y, paths[2], paths[3]);
    return d;
}

}  // namespace nn
