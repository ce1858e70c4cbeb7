// Tests of the shared library nn_common: loaders, preprocessing, synthetic data, plots.
// Not graded; run with  ctest --test-dir build -L common
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/gradcheck.hpp"
#include "nn/metrics.hpp"
#include "nn/plot.hpp"
#include "nn/preprocess.hpp"
#include "nn/rng.hpp"
#include "nn/synthetic.hpp"
#include "nn_test.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using nn::test::Close;
using nn::test::EqualsMat;

namespace {

/// A fresh temporary folder per test, removed at the end.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& tag) {
        path = fs::temp_directory_path() /
               ("nn_common_test_" + std::to_string(::getpid()) + "_" + tag);
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name, const std::string& content) const {
        const fs::path p = path / name;
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }
};

/// The message of the nn::DataError thrown by f (fails the test if none is thrown).
template <class F>
std::string data_error_of(F&& f) {
    try {
        f();
    } catch (const nn::DataError& e) {
        return e.what();
    }
    FAIL("no nn::DataError was thrown");
    return "";
}

std::string source_path(const std::string& rel) {
    return std::string(NN_SOURCE_DIR) + "/" + rel;
}

// ---- IDX writing helpers
void put_u32(std::string& s, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        s.push_back(static_cast<char>((v >> shift) & 0xff));
}
std::string idx_images(std::uint32_t n, std::uint32_t r, std::uint32_t c,
                       std::uint32_t magic = 0x00000803u) {
    std::string s;
    put_u32(s, magic);
    put_u32(s, n);
    put_u32(s, r);
    put_u32(s, c);
    for (std::uint32_t k = 0; k < n * r * c; ++k) s.push_back(static_cast<char>((k * 7) % 256));
    return s;
}
std::string idx_labels(std::uint32_t n) {
    std::string s;
    put_u32(s, 0x00000801u);
    put_u32(s, n);
    for (std::uint32_t k = 0; k < n; ++k) s.push_back(static_cast<char>(k % 10));
    return s;
}
void write_gz(const std::string& path, const std::string& content) {
    gzFile g = gzopen(path.c_str(), "wb");
    REQUIRE(g != nullptr);
    REQUIRE(gzwrite(g, content.data(), static_cast<unsigned>(content.size())) ==
            static_cast<int>(content.size()));
    gzclose(g);
}

}  // namespace

// ====================================================================== CSV

TEST_CASE("load_csv reads features and labels with comments and blank lines", "[common]") {
    TempDir t("csv_good");
    const std::string p = t.file("good.csv",
                                 "# a comment before the header\n"
                                 "x1, x2 ,label\r\n"
                                 "\n"
                                 "1.5,-2,0\r\n"
                                 "# a comment between rows\n"
                                 "  3e-1 , 4 , 1\n"
                                 "5,6,-1");
    const nn::LabelledData d = nn::load_csv(p);
    CHECK_THAT(d.X, EqualsMat(arma::mat{{1.5, 0.3, 5}, {-2, 4, 6}}));
    REQUIRE(d.y.n_elem == 3);
    CHECK(d.y(0) == 0);
    CHECK(d.y(1) == 1);
    CHECK(d.y(2) == -1);
    CHECK(d.feature_names == std::vector<std::string>{"x1", "x2"});
    CHECK(d.label_name == "label");
}

TEST_CASE("load_csv reports a ragged row with file line and column", "[common]") {
    TempDir t("csv_ragged");
    const std::string p = t.file("ragged.csv", "x1,x2,label\n1,2,0\n\n3,4\n");
    const std::string msg = data_error_of([&] { nn::load_csv(p); });
    CHECK_THAT(msg, Contains("ragged.csv"));
    CHECK_THAT(msg, Contains(":4:"));
    CHECK_THAT(msg, Contains("column 3 (label)"));
    const std::string p2 = t.file("long.csv", "x1,x2,label\n1,2,0,9\n");
    const std::string msg2 = data_error_of([&] { nn::load_csv(p2); });
    CHECK_THAT(msg2, Contains("long.csv:2:"));
    CHECK_THAT(msg2, Contains("column 4"));
}

TEST_CASE("load_csv reports a field that is not a number", "[common]") {
    TempDir t("csv_nan");
    const std::string p = t.file("bad.csv", "x1,x2,label\n1,2,0\n1,abc,1\n");
    const std::string msg = data_error_of([&] { nn::load_csv(p); });
    CHECK_THAT(msg, Contains("bad.csv:3:"));
    CHECK_THAT(msg, Contains("column 2 (x2)"));
    CHECK_THAT(msg, Contains("'abc'"));
    const std::string p2 = t.file("empty_field.csv", "x1,x2,label\n1,,0\n");
    CHECK_THAT(data_error_of([&] { nn::load_csv(p2); }), Contains("empty_field.csv:2:"));
}

TEST_CASE("load_csv rejects empty files header only files and missing files", "[common]") {
    TempDir t("csv_empty");
    const std::string empty = t.file("empty.csv", "");
    CHECK_THAT(data_error_of([&] { nn::load_csv(empty); }),
               Contains("empty.csv") && Contains("empty"));
    const std::string comments = t.file("only_comments.csv", "# nothing\n\n");
    CHECK_THAT(data_error_of([&] { nn::load_csv(comments); }), Contains("only_comments.csv"));
    const std::string header = t.file("header.csv", "# comment\nx1,x2,label\n");
    const std::string msg = data_error_of([&] { nn::load_csv(header); });
    CHECK_THAT(msg, Contains("header.csv:2:"));
    CHECK_THAT(msg, Contains("no data rows"));
    const std::string missing = (t.path / "no_such_file.csv").string();
    CHECK_THAT(data_error_of([&] { nn::load_csv(missing); }),
               Contains("no_such_file.csv") && Contains("not found"));
    CHECK_THAT(data_error_of([&] { nn::load_csv(t.path.string()); }), Contains("folder"));
}

TEST_CASE("labels_to_indices accepts class indices only", "[common]") {
    const arma::uvec idx = nn::labels_to_indices(arma::rowvec{0, 2, 1, 2}, "test labels");
    CHECK(arma::all(idx == arma::uvec{0, 2, 1, 2}));
    CHECK_THAT(data_error_of([] {
                   nn::labels_to_indices(arma::rowvec{0, -1}, "my labels");
               }),
               Contains("my labels") && Contains("-1"));
    CHECK_THAT(data_error_of([] { nn::labels_to_indices(arma::rowvec{0.5}, "my labels"); }),
               Contains("0.5"));
}

TEST_CASE("labels_to_indices refuses labels out of range and more classes than samples",
          "[common]") {
    // 1e20 does not fit an integer: refused before the cast (it was undefined behaviour)
    CHECK_THAT(data_error_of([] {
                   nn::labels_to_indices(arma::rowvec{0, 1e20}, "big.csv");
               }),
               Contains("big.csv") && Contains("1e+20") && Contains("out of range"));
    CHECK_THAT(data_error_of([] {
                   nn::labels_to_indices(arma::rowvec{0, 1e9, 1}, "iris.csv");
               }),
               Contains("1e+09") && Contains("out of range"));
    // a label of 7 among 3 samples: at least 8 classes for 3 samples
    CHECK_THAT(data_error_of([] {
                   nn::labels_to_indices(arma::rowvec{0, 7, 1}, "few.csv");
               }),
               Contains("few.csv") && Contains("label 7 of sample 1") && Contains("8 classes") &&
                   Contains("only 3 samples"));
    CHECK(arma::all(nn::labels_to_indices(arma::rowvec{2, 0, 1}, "ok") == arma::uvec{2, 0, 1}));
    CHECK(nn::labels_to_indices(arma::rowvec(), "empty").n_elem == 0);
}

TEST_CASE("The shipped data sets load with the expected shapes", "[common]") {
    const auto iris = nn::load_csv(source_path("datasets/iris.csv"));
    CHECK(iris.X.n_rows == 4);
    CHECK(iris.X.n_cols == 150);
    const arma::uvec cls = nn::labels_to_indices(iris.y, "iris");
    for (arma::uword k = 0; k < 3; ++k) CHECK(arma::accu(cls == k) == 50);
    CHECK_THAT(iris.X(0, 0), Close(5.1));  // the first flower of Fisher's table
    CHECK_THAT(arma::accu(iris.X), Close(2078.7, 1e-9));

    const std::pair<const char*, arma::rowvec> tables[] = {{"datasets/and.csv", {0, 0, 0, 1}},
                                                           {"datasets/or.csv", {0, 1, 1, 1}},
                                                           {"datasets/xor.csv", {0, 1, 1, 0}}};
    for (const auto& [file, y] : tables) {
        const auto d = nn::load_csv(source_path(file));
        CHECK_THAT(d.X, EqualsMat(arma::mat{{0, 0, 1, 1}, {0, 1, 0, 1}}));
        CHECK(arma::all(d.y == y));
    }

    const auto sep = nn::load_csv(source_path("datasets/separable.csv"));
    CHECK(sep.X.n_rows == 2);
    CHECK(sep.X.n_cols == 100);
    CHECK(sep.feature_names == std::vector<std::string>{"x1", "x2"});
    // Labels -1/+1, separated by x1 + x2 = 3 with a margin of at least 0.3 (datasets/README.md;
    // 0.29 leaves room for the rounding to 4 decimals).
    const arma::rowvec m = sep.y % (sep.X.row(0) + sep.X.row(1) - 3.0) / std::sqrt(2.0);
    CHECK(arma::all(arma::abs(sep.y) == 1));
    CHECK(m.min() >= 0.29);
}

// ====================================================================== IDX

TEST_CASE("IDX images and labels are read from plain and gzip files", "[common]") {
    TempDir t("idx_good");
    const std::string img = idx_images(5, 3, 2), lab = idx_labels(5);
    const std::string plain = t.file("images-idx3-ubyte", img);
    const std::string gz = (t.path / "images-idx3-ubyte.gz").string();
    write_gz(gz, img);
    for (const std::string& path : {plain, gz}) {
        arma::uword r = 0, c = 0;
        const arma::mat X = nn::load_idx_images(path, 0, &r, &c);
        CHECK(r == 3);
        CHECK(c == 2);
        REQUIRE(X.n_rows == 6);
        REQUIRE(X.n_cols == 5);
        // Byte k of the pixel data is (7k mod 256); image j holds bytes 6j .. 6j+5 in row-major order.
        CHECK_THAT(X(4, 2), Close(((6 * 2 + 4) * 7 % 256) / 255.0));
        CHECK(X.min() >= 0.0);
        CHECK(X.max() <= 1.0);
        const arma::mat first2 = nn::load_idx_images(path, 2);
        CHECK_THAT(first2, EqualsMat(X.cols(0, 1)));
    }
    const std::string labels_gz = (t.path / "labels-idx1-ubyte.gz").string();
    write_gz(labels_gz, lab);
    CHECK(arma::all(nn::load_idx_labels(labels_gz) == arma::uvec{0, 1, 2, 3, 4}));
    CHECK(
        arma::all(nn::load_idx_labels(t.file("labels-idx1-ubyte", lab), 3) == arma::uvec{0, 1, 2}));
}

TEST_CASE("IDX errors name the file and the problem", "[common]") {
    TempDir t("idx_bad");
    const std::string lab = t.file("labels-idx1-ubyte", idx_labels(4));
    const std::string img = t.file("images-idx3-ubyte", idx_images(2, 2, 2));
    // Wrong kind of file: the magic numbers differ.
    CHECK_THAT(data_error_of([&] { nn::load_idx_images(lab); }),
               Contains("labels-idx1-ubyte") && Contains("magic") && Contains("0x00000801"));
    CHECK_THAT(data_error_of([&] { nn::load_idx_labels(img); }),
               Contains("images-idx3-ubyte") && Contains("magic"));
    // Truncated pixel data (plain and gzip).
    std::string cut = idx_images(4, 3, 3);
    cut.resize(cut.size() - 5);
    const std::string trunc = t.file("trunc-idx3-ubyte", cut);
    CHECK_THAT(data_error_of([&] { nn::load_idx_images(trunc); }),
               Contains("trunc-idx3-ubyte") && Contains("truncated"));
    const std::string trunc_gz = (t.path / "trunc-idx3-ubyte.gz").string();
    write_gz(trunc_gz, cut);
    CHECK_THAT(data_error_of([&] { nn::load_idx_images(trunc_gz); }), Contains("truncated"));
    // Reading only what exists is fine.
    CHECK(nn::load_idx_images(trunc, 3).n_cols == 3);
    // Truncated header, missing file.
    const std::string tiny = t.file("tiny", std::string("\x00\x00", 2));
    CHECK_THAT(data_error_of([&] { nn::load_idx_images(tiny); }), Contains("tiny"));
    CHECK_THAT(data_error_of([&] { nn::load_idx_labels((t.path / "absent").string()); }),
               Contains("absent") && Contains("not found"));
}

TEST_CASE("IDX headers are not trusted: claimed sizes are checked before anything is allocated",
          "[common]") {
    TempDir t("idx_hostile");
    auto header = [](std::uint32_t magic, std::vector<std::uint32_t> dims) {
        std::string s;
        put_u32(s, magic);
        for (std::uint32_t d : dims) put_u32(s, d);
        return s;
    };
    // (issue 12, case 1) 16 bytes claiming 2^22 images of 28x28, 8 bytes claiming 2^32-1
    // labels, 20 bytes claiming 2^31 images: each a "truncated" message naming the file, at
    // once (before: gigabytes zero-filled, or a bare std::bad_alloc)
    const std::string img22 = header(0x803u, {1u << 22, 28, 28});
    const std::string img31 = header(0x803u, {1u << 31, 28, 28}) + std::string(4, '\0');
    const std::string lab32 = header(0x801u, {0xFFFFFFFFu});
    for (const bool gz : {false, true}) {
        auto file = [&](const std::string& name, const std::string& content) {
            if (!gz) return t.file(name, content);
            const std::string p = (t.path / (name + ".gz")).string();
            write_gz(p, content);
            return p;
        };
        const std::string a = file("claim22-idx3-ubyte", img22),
                          b = file("claim31-idx3-ubyte", img31),
                          c = file("claim32-idx1-ubyte", lab32);
        CHECK_THAT(data_error_of([&] { nn::load_idx_images(a); }),
                   Contains(a) && Contains("truncated") && Contains("4194304 images"));
        CHECK_THAT(data_error_of([&] { nn::load_idx_images(b); }),
                   Contains(b) && Contains("truncated") && Contains("2147483648 images"));
        CHECK_THAT(data_error_of([&] { nn::load_idx_labels(c); }),
                   Contains(c) && Contains("truncated") && Contains("4294967295 labels"));
        // asking for fewer items than claimed: still only what the file holds
        CHECK_THAT(data_error_of([&] { nn::load_idx_images(b, 2000); }), Contains("truncated"));
    }
    // the plain file's size is in the message
    CHECK_THAT(data_error_of([&] { nn::load_idx_images(t.file("c22", img22)); }),
               Contains("the file has 16 bytes"));
    // a 4096x4096 header where 28x28 is needed: refused before any pixel is read
    const std::string big =
        t.file("big-idx3-ubyte", header(0x803u, {60000, 4096, 4096}) + std::string(64, '\0'));
    CHECK_THAT(data_error_of([&] { nn::load_idx_images(big, 2000, nullptr, nullptr, 28, 28); }),
               Contains(big) && Contains("4096x4096") && Contains("expected 28x28"));
    // a folder is not a file
    CHECK_THAT(data_error_of([&] { nn::load_idx_images(t.path.string()); }), Contains("folder"));
    // and a damaged gzip stream is a message too
    const std::string good = idx_images(3, 4, 4);
    const std::string gzp = (t.path / "cut-idx3-ubyte.gz").string();
    write_gz(gzp, good);
    std::string bytes;
    {
        std::ifstream in(gzp, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::string cut = t.file("cut2-idx3-ubyte.gz", bytes.substr(0, bytes.size() / 2));
    CHECK_THAT(data_error_of([&] { nn::load_idx_images(cut); }), Contains(cut));
}

TEST_CASE("A Fashion-MNIST folder with images of the wrong size is refused", "[common]") {
    TempDir t("fashion_size");
    t.file("train-images-idx3-ubyte", idx_images(2, 4, 4));
    t.file("train-labels-idx1-ubyte", idx_labels(2));
    t.file("t10k-images-idx3-ubyte", idx_images(1, 28, 28));
    t.file("t10k-labels-idx1-ubyte", idx_labels(1));
    CHECK_THAT(
        data_error_of([&] { nn::load_fashion_mnist(t.path.string()); }),
        Contains("train-images-idx3-ubyte") && Contains("4x4") && Contains("expected 28x28"));
}

TEST_CASE("Fashion-MNIST location and missing files", "[common]") {
    CHECK(nn::fashion_mnist_classes().size() == 10);
    CHECK(nn::fashion_mnist_classes()[0] == "T-shirt/top");
    CHECK(nn::fashion_mnist_classes()[9] == "Ankle boot");
    CHECK(nn::fashion_mnist_dir("/some/dir") == "/some/dir");
    const char* old = std::getenv("NN_DATA_DIR");
    const std::string saved = old ? old : "";
    ::setenv("NN_DATA_DIR", "/from/env", 1);
    CHECK(nn::fashion_mnist_dir() == "/from/env");
    CHECK(nn::fashion_mnist_dir("/flag") == "/flag");
    ::unsetenv("NN_DATA_DIR");
    CHECK(nn::fashion_mnist_dir() == "/usr/share/datasets/fashion-mnist");
    if (old) ::setenv("NN_DATA_DIR", saved.c_str(), 1);

    TempDir t("fashion_missing");
    CHECK_FALSE(nn::fashion_mnist_available(t.path.string()));
    const std::string msg = data_error_of([&] { nn::load_fashion_mnist(t.path.string()); });
    CHECK_THAT(msg, Contains("train-images-idx3-ubyte"));
    CHECK_THAT(msg, Contains("apt-get install dataset-fashion-mnist"));
    CHECK_THAT(msg, Contains("NN_DATA_DIR"));
}

TEST_CASE("A fake Fashion-MNIST folder of gzip files loads", "[common]") {
    TempDir t("fashion_fake");
    write_gz((t.path / "train-images-idx3-ubyte.gz").string(), idx_images(6, 28, 28));
    write_gz((t.path / "train-labels-idx1-ubyte.gz").string(), idx_labels(6));
    t.file("t10k-images-idx3-ubyte", idx_images(3, 28, 28));  // plain files work too
    t.file("t10k-labels-idx1-ubyte", idx_labels(3));
    REQUIRE(nn::fashion_mnist_available(t.path.string()));
    const nn::FashionMnist d = nn::load_fashion_mnist(t.path.string(), 4);
    CHECK(d.train_X.n_rows == 784);
    CHECK(d.train_X.n_cols == 4);
    CHECK(d.train_y.n_elem == 4);
    CHECK(d.test_X.n_cols == 3);
    CHECK(d.test_y(2) == 2);
}

TEST_CASE("The real Fashion-MNIST first 100 images", "[common]") {
    const std::string dir = nn::fashion_mnist_dir();
    if (!nn::fashion_mnist_available(dir)) {
        WARN("Fashion-MNIST not found in "
             << dir << "; test skipped (apt-get install dataset-fashion-mnist)");
        return;
    }
    const nn::FashionMnist d = nn::load_fashion_mnist(dir, 100, 100);
    REQUIRE(d.train_X.n_rows == 784);
    REQUIRE(d.train_X.n_cols == 100);
    REQUIRE(d.test_X.n_cols == 100);
    CHECK(d.train_X.min() >= 0.0);
    CHECK(d.train_X.max() <= 1.0);
    CHECK(d.train_X.max() > 0.9);  // pixels really scaled from 0..255
    CHECK(d.train_y.max() <= 9);
    // The first training image of Fashion-MNIST is an ankle boot, the first test image too.
    CHECK(d.train_y(0) == 9);
    CHECK(d.test_y(0) == 9);
    // Several classes occur among the first 100.
    CHECK(arma::unique(d.train_y).eval().n_elem == 10);
}

// ====================================================================== preprocessing

TEST_CASE("one_hot encodes labels and rejects labels out of range", "[common]") {
    const arma::mat Y = nn::one_hot(arma::uvec{2, 0, 1, 2}, 3);
    CHECK_THAT(Y, EqualsMat(arma::mat{{0, 1, 0, 0}, {0, 0, 1, 0}, {1, 0, 0, 1}}));
    CHECK_THROWS_AS(nn::one_hot(arma::uvec{0, 3}, 3), std::invalid_argument);
}

TEST_CASE("MiniBatcher covers every index exactly once per epoch", "[common]") {
    nn::seed_all(5);
    const arma::uword n = 103, bs = 10;
    nn::MiniBatcher mb(n, bs);
    REQUIRE(mb.num_batches() == 11);
    arma::mat X(3, n);
    for (arma::uword j = 0; j < n; ++j) X.col(j).fill(static_cast<double>(j));
    const arma::uvec y = arma::regspace<arma::uvec>(0, n - 1);
    arma::uvec previous;
    for (int epoch = 0; epoch < 3; ++epoch) {
        mb.shuffle();
        std::vector<int> seen(n, 0);
        arma::uvec order;
        arma::mat Xb;
        arma::uvec yb;
        for (arma::uword b = 0; b < mb.num_batches(); ++b) {
            const arma::uvec idx = mb.indices(b);
            CHECK(idx.n_elem == (b + 1 < mb.num_batches() ? bs : n % bs));
            mb.fill(b, X, Xb);
            mb.fill(b, y, yb);
            REQUIRE(Xb.n_cols == idx.n_elem);
            CHECK(arma::all(yb == idx));
            for (arma::uword k = 0; k < idx.n_elem; ++k) {
                ++seen[idx(k)];
                CHECK(Xb(2, k) == static_cast<double>(idx(k)));
            }
            order = arma::join_cols(order, idx);
        }
        for (arma::uword j = 0; j < n; ++j) CHECK(seen[j] == 1);
        if (epoch > 0) CHECK_FALSE(arma::all(order == previous));  // a new order each epoch
        previous = order;
    }
    CHECK_THROWS_AS(mb.indices(11), std::invalid_argument);
}

TEST_CASE("MiniBatcher fill reuses the destination memory", "[common]") {
    nn::MiniBatcher mb(40, 8);
    mb.shuffle();
    const arma::mat X = arma::randu(5, 40);
    arma::mat Xb(5, 8);
    const double* before = Xb.memptr();
    for (arma::uword b = 0; b < mb.num_batches(); ++b) {
        mb.fill(b, X, Xb);
        CHECK(Xb.memptr() == before);
        CHECK_THAT(Xb, EqualsMat(arma::mat(X.cols(mb.indices(b)))));
    }
    CHECK_THROWS_AS(mb.fill(0, arma::mat(5, 39), Xb), std::invalid_argument);
}

TEST_CASE("Standardizer gives zero mean and unit deviation", "[common]") {
    const arma::mat X = {{1, 2, 3, 4}, {10, 10, 10, 10}, {-2, 0, 2, 4}};
    nn::Standardizer s;
    s.fit(X);
    CHECK_THAT(s.mean(0), Close(2.5));
    CHECK_THAT(s.stddev(0), Close(std::sqrt(1.25)));
    CHECK_THAT(s.stddev(1), Close(1.0));  // a constant feature is left unscaled
    const arma::mat Z = s.transform(X);
    for (arma::uword i = 0; i < 3; ++i) CHECK_THAT(arma::mean(Z.row(i)), Close(0.0, 1e-12, 1e-12));
    CHECK_THAT(arma::stddev(Z.row(0), 1), Close(1.0));
    CHECK_THAT(arma::stddev(Z.row(2), 1), Close(1.0));
    CHECK_THAT(Z(1, 0), Close(0.0));
    CHECK_THROWS_AS(s.transform(arma::mat(2, 4)), std::invalid_argument);
}

TEST_CASE("train_valid_split is a seeded partition", "[common]") {
    nn::seed_all(3);
    const nn::Split a = nn::train_valid_split(50, 0.2);
    CHECK(a.train.n_elem == 40);
    CHECK(a.valid.n_elem == 10);
    const arma::uvec all = arma::sort(arma::join_cols(a.train, a.valid));
    CHECK(arma::all(all == arma::regspace<arma::uvec>(0, 49)));
    nn::seed_all(3);
    const nn::Split b = nn::train_valid_split(50, 0.2);
    CHECK(arma::all(a.valid == b.valid));
}

// ====================================================================== synthetic

TEST_CASE("Synthetic generators are deterministic under seed_all", "[common]") {
    auto same = [](const nn::LabelledData& a, const nn::LabelledData& b) {
        return arma::approx_equal(a.X, b.X, "absdiff", 0.0) && arma::all(a.y == b.y);
    };
    nn::seed_all(11);
    const auto s1 = nn::make_spirals(50, 3, 0.2);
    const auto m1 = nn::make_moons(80, 0.1);
    const auto p1 = nn::make_separable(60, 0.5);
    const auto x1 = nn::make_noisy_xor(80, 0.3, 0.1);
    nn::seed_all(11);
    CHECK(same(s1, nn::make_spirals(50, 3, 0.2)));
    CHECK(same(m1, nn::make_moons(80, 0.1)));
    CHECK(same(p1, nn::make_separable(60, 0.5)));
    CHECK(same(x1, nn::make_noisy_xor(80, 0.3, 0.1)));
    nn::seed_all(12);
    CHECK_FALSE(same(s1, nn::make_spirals(50, 3, 0.2)));
}

TEST_CASE("Synthetic generators have the documented shapes and labels", "[common]") {
    nn::seed_all(1);
    const auto s = nn::make_spirals(40, 3, 0.0);
    CHECK(s.X.n_rows == 2);
    CHECK(s.X.n_cols == 120);
    for (arma::uword k = 0; k < 3; ++k) CHECK(arma::accu(s.y == static_cast<double>(k)) == 40);
    // Without noise the radius grows linearly from 0 to 1 along each arm.
    CHECK_THAT(arma::norm(s.X.col(39)), Close(1.0));
    CHECK_THAT(arma::norm(s.X.col(40)), Close(0.0, 1e-12, 1e-12));

    const auto m = nn::make_moons(101, 0.0);
    CHECK(m.X.n_cols == 101);
    CHECK(arma::accu(m.y == 1.0) == 51);

    const auto p = nn::make_separable(200, 0.7);
    CHECK(arma::accu(p.y == 1.0) == 100);
    CHECK(arma::accu(p.y == -1.0) == 100);
    const arma::rowvec margins = p.y % (p.X.row(0) + p.X.row(1)) / std::sqrt(2.0);
    CHECK(margins.min() >= 0.7);

    const auto x = nn::make_noisy_xor(100, 0.0, 0.0);
    for (arma::uword i = 0; i < 100; ++i) CHECK(x.y(i) == (x.X(0, i) * x.X(1, i) < 0 ? 1.0 : 0.0));
    const auto xf = nn::make_noisy_xor(100, 0.0, 0.2);
    CHECK(arma::accu(xf.y != x.y) == 20);
}

// ====================================================================== plots

TEST_CASE("Every plot writes its csv and gp files and a png with gnuplot", "[common]") {
    TempDir t("plots");
    const std::string dir = (t.path / "figures").string();  // created by the plot functions
    nn::seed_all(2);
    nn::plot::set_enabled(true);
    const bool gp = nn::plot::gnuplot_available();
    if (!gp)
        WARN(
            "gnuplot not found: only the csv and gp files are checked (apt-get install gnuplot-nox)");

    const auto d = nn::make_spirals(30, 3, 0.1);
    const arma::uvec labels = nn::labels_to_indices(d.y, "spirals");
    nn::plot::ScatterOptions so;
    so.title = "spirals_test";
    const arma::vec e = arma::regspace(1, 10);
    const auto g = nn::plot::grid(d.X, 40);
    arma::uvec pred(g.points.n_cols);
    for (arma::uword i = 0; i < pred.n_elem; ++i) pred(i) = g.points(0, i) > 0 ? 1 : 0;
    nn::plot::HeatOptions ho;
    ho.show_values = true;
    ho.xtics = {"a", "b"};

    const std::vector<std::pair<std::string, std::string>> made = {
        {"lines", nn::plot::lines(dir, "lines", {{"loss", e, arma::exp(-e)}}, {})},
        {"scatter",
         nn::plot::scatter(dir, "scatter", d.X, labels, {{1, 2, 0, "w"}, {1, 0, 0.1, ""}}, so)},
        {"regions", nn::plot::regions(dir, "regions", d.X, labels, g.xs, g.ys,
                                      nn::plot::grid_classes(pred, 40), so)},
        {"heatmap", nn::plot::heatmap(dir, "heatmap", arma::mat{{1, 2}, {3, 4}}, ho)},
        {"images",
         nn::plot::image_grid(dir, "images", arma::randu(12, 5), 3, 4, 3,
                              {"a", "b", "true: Shirt / pred: T-shirt", "d", "e"}, "Images")},
        {"filters", nn::plot::image_grid(dir, "filters", arma::randn(9, 4), 3, 3, 2, {}, "", true)},
        {"hist", nn::plot::histograms(dir, "hist",
                                      {{"a", arma::randn(100)}, {"b", arma::randn(50)}}, 10, {})},
    };
    for (const auto& [name, png] : made) {
        INFO("figure " << name);
        CHECK(fs::file_size(fs::path(dir) / (name + ".csv")) > 0);
        CHECK(fs::file_size(fs::path(dir) / (name + ".gp")) > 0);
        std::ifstream script(fs::path(dir) / (name + ".gp"));
        const std::string text((std::istreambuf_iterator<char>(script)),
                               std::istreambuf_iterator<char>());
        CHECK_THAT(text, Contains("set output \"" + name + ".png\""));
        if (gp) {
            CHECK(png == (fs::path(dir) / (name + ".png")).string());
            CHECK(fs::file_size(fs::path(dir) / (name + ".png")) > 1000);
        } else {
            CHECK(png.empty());
        }
    }
}

TEST_CASE("Plots write nothing when disabled", "[common]") {
    TempDir t("plots_off");
    const std::string dir = (t.path / "figures").string();
    nn::plot::set_enabled(false);
    CHECK_FALSE(nn::plot::enabled());
    const arma::vec e = arma::regspace(1, 5);
    CHECK(nn::plot::lines(dir, "off", {{"loss", e, e}}, {}).empty());
    CHECK(nn::plot::heatmap(dir, "off2", arma::mat(2, 2, arma::fill::ones), {}).empty());
    nn::plot::set_enabled(true);
    CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("Plot grid points and grid_classes agree on the layout", "[common]") {
    const arma::mat X = {{0, 10}, {0, 20}};
    const auto g = nn::plot::grid(X, 5);
    CHECK_THAT(g.xs(0), Close(-1.0));
    CHECK_THAT(g.xs(4), Close(11.0));
    CHECK_THAT(g.ys(4), Close(22.0));
    // Column i*res + j of points is (xs(j), ys(i)); grid_classes puts it at (i, j).
    arma::uvec pred(25);
    for (arma::uword c = 0; c < 25; ++c) pred(c) = c;
    const arma::umat G = nn::plot::grid_classes(pred, 5);
    CHECK(G(1, 3) == 8);
    CHECK_THAT(g.points(0, 8), Close(g.xs(3)));
    CHECK_THAT(g.points(1, 8), Close(g.ys(1)));
    CHECK_THROWS_AS(nn::plot::lines("/tmp", "bad", {{"x", arma::vec(3), arma::vec(2)}}, {}),
                    std::invalid_argument);
}

// ====================================================================== gradient checker

namespace {
// L(W) = sum of sin(W) .* C, whose gradient is cos(W) .* C.
struct SinLoss {
    arma::mat W, C;
    double operator()() const { return arma::accu(arma::sin(W) % C); }
    arma::mat grad() const { return arma::cos(W) % C; }
};
}  // namespace

TEST_CASE("The gradient checker passes a correct gradient", "[common]") {
    nn::seed_all(1);
    SinLoss f{arma::randn(4, 3), arma::randn(4, 3)};
    const nn::gradcheck::Report r = nn::gradcheck::check(
        "sin", [&] { return f(); }, f.W, f.grad());
    INFO(r.str());
    CHECK(r.ok(1e-7));
    CHECK(r.checked == 12);
    CHECK_FALSE(r.vacuous);
    CHECK(r.max_rel_error < 1e-8);
    // The parameter is restored exactly after the check.
    const arma::mat before = f.W;
    nn::gradcheck::check(
        "sin", [&] { return f(); }, f.W, f.grad());
    CHECK(arma::approx_equal(f.W, before, "absdiff", 0.0));
}

TEST_CASE("The gradient checker catches a wrong gradient and names the worst coordinate",
          "[common]") {
    nn::seed_all(2);
    SinLoss f{arma::randn(4, 3), arma::randn(4, 3)};
    arma::mat wrong = f.grad();
    wrong(2, 1) *= 2;  // planted bug in one coordinate: linear index 1*4 + 2 = 6
    const nn::gradcheck::Report r = nn::gradcheck::check(
        "sin", [&] { return f(); }, f.W, wrong);
    CHECK_FALSE(r.ok(1e-4));
    CHECK(r.worst == 6);
    CHECK_THAT(r.analytic_at_worst, Close(wrong(2, 1), 1e-12));
    CHECK_THAT(r.numeric_at_worst, Close(f.grad()(2, 1), 1e-6));
    CHECK_THAT(r.max_rel_error, Close(1.0 / 3.0, 1e-6));  // |2g - g| / (|2g| + |g|)
    CHECK_THAT(r.str(), Contains("(row 2, col 1)"));
}

TEST_CASE("The gradient checker names a constant ratio and a transposed gradient", "[common]") {
    nn::seed_all(2);
    SinLoss f{arma::randn(3, 3), arma::randn(3, 3)};
    const std::pair<double, const char*> cases[] = {
        {2.0, "twice"}, {-1.0, "sign"}, {0.5, "factor 2"}, {5.0, "N = 5"}};
    for (const auto& [c, words] : cases) {
        const nn::gradcheck::Report r = nn::gradcheck::check(
            "sin", [&] { return f(); }, f.W, arma::mat(c * f.grad()));
        CHECK_FALSE(r.ok(1e-4));
        CHECK_THAT(r.hint, Contains(words));
    }
    const nn::gradcheck::Report t = nn::gradcheck::check(
        "sin", [&] { return f(); }, f.W, arma::mat(f.grad().t()));
    CHECK_THAT(t.str(), Contains("TRANSPOSE"));
    CHECK(nn::gradcheck::check(
              "sin", [&] { return f(); }, f.W, f.grad())
              .hint.empty());
}

TEST_CASE(
    "The gradient checker reports a throwing loss with its coordinate and restores the parameter",
    "[common]") {
    arma::mat W = {{1.0, 2.0}, {3.0, 4.0}};
    const arma::mat before = W;
    const auto loss = [&]() -> double {
        if (W(1, 0) != 3.0) throw std::logic_error("not implemented yet: something");
        return arma::accu(W);
    };
    CHECK_THROWS_WITH(nn::gradcheck::check("W", loss, W, arma::ones(2, 2)),
                      Contains("gradient check of W") && Contains("(row 1, col 0)") &&
                          Contains("not implemented yet"));
    CHECK(arma::approx_equal(W, before, "absdiff", 0.0));
}

TEST_CASE("The gradient checker refuses to pass when both gradients are zero", "[common]") {
    arma::mat W(3, 3, arma::fill::randn);
    const auto constant = [] { return 5.0; };  // a loss that ignores W: every gradient is 0
    const nn::gradcheck::Report r =
        nn::gradcheck::check("constant", constant, W, arma::zeros(3, 3));
    CHECK(r.vacuous);
    CHECK_FALSE(r.ok(1e-7));
    CHECK_THAT(r.str(), Contains("VACUOUS"));
    nn::gradcheck::Options allow;
    allow.allow_zero = true;
    CHECK(nn::gradcheck::check("constant", constant, W, arma::zeros(3, 3), allow).ok(1e-7));
}

TEST_CASE("The gradient checker samples coordinates of a large parameter", "[common]") {
    nn::seed_all(3);
    SinLoss f{arma::randn(50, 40), arma::randn(50, 40)};
    nn::gradcheck::Options opt;
    opt.max_coords = 30;
    const nn::gradcheck::Report r = nn::gradcheck::check(
        "sin", [&] { return f(); }, f.W, f.grad(), opt);
    CHECK(r.checked == 30);
    CHECK(r.ok(1e-7));
    CHECK_THROWS_AS(nn::gradcheck::check(
                        "sin", [&] { return f(); }, f.W, arma::zeros(2, 2)),
                    std::invalid_argument);
}

TEST_CASE("Metrics JSON keeps key order and writes NaN as null", "[common]") {
    nn::Json inner;
    inner.set("converged", true).set("epochs", 7);
    nn::Json m;
    m.set("name", std::string("a \"quoted\" name")).set("bound", NAN).set("gates", inner);
    m.set("curve", std::vector<double>{1.5, 2.0});
    m.set("epochs", 8);  // setting a key again replaces its value in place
    const std::string s = m.str();
    CHECK_THAT(s, Contains("\"name\": \"a \\\"quoted\\\" name\""));
    CHECK_THAT(s, Contains("\"bound\": null"));
    CHECK_THAT(s, Contains("\"converged\": true"));
    CHECK_THAT(s, Contains("\"curve\": [1.5, 2]"));
    CHECK(s.find("\"name\"") < s.find("\"bound\""));
    CHECK(s.find("\"gates\"") < s.find("\"epochs\": 8"));
    CHECK_THROWS_AS(m.write("/etc/hostname/under-a-file/metrics.json"), nn::DataError);
}

TEST_CASE("Accuracy and the confusion matrix", "[common]") {
    const arma::uvec truth = {0, 1, 2, 2, 1};
    const arma::uvec pred = {0, 2, 2, 2, 1};
    CHECK_THAT(nn::accuracy(pred, truth), Close(0.8));
    const arma::umat C = nn::confusion_matrix(pred, truth, 3);
    CHECK(C(1, 2) == 1);
    CHECK(C(2, 2) == 2);
    CHECK(arma::accu(C) == 5);
    CHECK(arma::all(nn::argmax_columns(arma::mat{{1, 5}, {3, 2}}) == arma::uvec{1, 0}));
    CHECK_THROWS_AS(nn::accuracy(pred, arma::uvec{0, 1}), std::invalid_argument);
    CHECK_THROWS_AS(nn::confusion_matrix(pred, truth, 2), std::invalid_argument);
}

TEST_CASE("Epoch axes, number lists and label noise shared by the programs", "[common]") {
    CHECK(arma::approx_equal(nn::plot::epoch_axis(3), arma::vec{1, 2, 3}, "absdiff", 0));
    CHECK(nn::plot::epoch_axis(0).is_empty());

    const auto probability = [](double p) { return p >= 0 && p < 1; };
    CHECK(nn::parse_numbers("0,0.2,0.5", "--p", "p", probability) ==
          std::vector<double>{0, 0.2, 0.5});
    for (const char* bad : {"", "0,", "0,,1", "0,x", "0,1", "nan", "0.5abc"})
        CHECK_THROWS_AS(nn::parse_numbers(bad, "--p", "p", probability), CLI::ValidationError);

    nn::seed_all(3);
    const arma::uvec y0 = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1};
    arma::uvec y = y0;
    CHECK(nn::replace_labels(y, 0.3, 4) == 3);
    CHECK(arma::all(y.head(3) != y0.head(3)));  // another class, never the same one
    CHECK(arma::all(y.head(3) < 4));
    CHECK(arma::all(y.tail(7) == y0.tail(7)));
    CHECK_THROWS_AS(nn::replace_labels(y, 1.5, 4), std::invalid_argument);  // more than n labels
    CHECK_THROWS_AS(nn::replace_labels(y, 0.3, 1), std::invalid_argument);  // no other class
}
