// Chapter 08 program: a small CNN, conv -> ReLU -> pool -> conv -> ReLU -> pool -> dense ->
// softmax cross-entropy, trained on Fashion-MNIST with chapter 07's Conv2d, chapter 03's
// Dense and ReLU, chapter 04's softmax cross-entropy and Adam. Then it
//   - draws the feature maps of one test image before and after each pooling layer,
//   - counts the parameters of the dense layer with pooling and without any downsampling,
//   - trains the same network without pooling (its convolutions take stride 2 instead, so
//     the dense layer sees a map of the same size) and measures, for both networks, how much
//     a shift of the test images by 1, 2, 3 pixels changes the features fed to the dense
//     layer and how often it changes the prediction.
// Training, evaluation and the shift study run on two copies of each network in two
// threads (data parallelism, see "Two threads, one network" below).
#include <dlfcn.h>
#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "classifier.hpp"
#include "conv.hpp"
#include "mlp.hpp"
#include "nn/cli.hpp"
#include "nn/data.hpp"
#include "nn/error.hpp"
#include "nn/metrics.hpp"
#include "nn/plot.hpp"
#include "nn/preprocess.hpp"
#include "optim.hpp"
#include "pool.hpp"
#include "softmax.hpp"

namespace {

// How a convolution block halves the map: a 2 x 2 pooling layer after the convolution, or
// a stride of 2 in the convolution itself (no pooling: it keeps one position in four).
enum class Down { MaxPool, AvgPool, Stride };

std::string down_name(Down d) {
    switch (d) {
        case Down::MaxPool: return "max-pool 2";
        case Down::AvgPool: return "avg-pool 2";
        case Down::Stride: return "stride 2, no pooling";
    }
    return "?";
}

// A 2 x 2 / stride 2 pooling layer of either kind (or none).
class PoolStage {
public:
    PoolStage(Down d, const nn::ImageShape& in) {
        if (d == Down::MaxPool) max_ = std::make_unique<nn::MaxPool2d>(in, 2);
        if (d == Down::AvgPool) avg_ = std::make_unique<nn::AvgPool2d>(in, 2);
    }
    bool active() const { return max_ || avg_; }
    nn::ImageShape out_shape(const nn::ImageShape& in) const {
        return max_ ? max_->output_shape() : avg_ ? avg_->output_shape() : in;
    }
    void forward(const arma::mat& X, arma::mat& Y) {
        if (max_) max_->forward(X, Y);
        else avg_->forward(X, Y);
    }
    void backward(const arma::mat& dY, arma::mat& dX) {
        if (max_) max_->backward(dY, dX);
        else avg_->backward(dY, dX);
    }

private:
    std::unique_ptr<nn::MaxPool2d> max_;
    std::unique_ptr<nn::AvgPool2d> avg_;
};

// conv(k, pad k/2) -> ReLU -> [pool 2] -> conv -> ReLU -> [pool 2] -> [dense -> ReLU] -> dense.
// With Down::Stride the two convolutions have stride 2 and there is no pooling layer.
class Cnn {
public:
    Cnn(arma::uword c1, arma::uword c2, arma::uword k, arma::uword hidden, Down down)
        : down_(down),
          conv1_(nn::ImageShape{1, 28, 28}, c1, k, down == Down::Stride ? 2 : 1, k / 2),
          pool1_(down, conv1_.out_shape()),
          conv2_(pool1_.out_shape(conv1_.out_shape()), c2, k, down == Down::Stride ? 2 : 1, k / 2),
          pool2_(down, conv2_.out_shape()),
          feat_(pool2_.out_shape(conv2_.out_shape())),
          fc1_(feat_.size(), hidden == 0 ? 10 : hidden),
          fc2_(hidden == 0 ? 1 : hidden, 10),
          hidden_(hidden) {
        conv1_.init(nn::Init::He);
        conv2_.init(nn::Init::He);
        fc1_.init(hidden == 0 ? nn::Init::Xavier : nn::Init::He);
        fc2_.init(nn::Init::Xavier);
        params_ = conv1_.parameters("conv1");
        for (const nn::ParamRef& p : conv2_.parameters("conv2")) params_.push_back(p);
        params_.push_back({&fc1_.W, &fc1_.dW, false, "fc1.W"});
        params_.push_back({&fc1_.b, &fc1_.db, true, "fc1.b"});
        if (hidden_ > 0) {
            params_.push_back({&fc2_.W, &fc2_.dW, false, "fc2.W"});
            params_.push_back({&fc2_.b, &fc2_.db, true, "fc2.b"});
        }
    }
    Cnn(const Cnn&) = delete;
    Cnn& operator=(const Cnn&) = delete;

    // X is 784 x N standardised images; logits 10 x N. Keeps every intermediate map.
    void forward(const arma::mat& X, arma::mat& logits) {
        conv1_.forward(X, Z1_);
        nn::activation_forward(nn::Activation::ReLU, 0.0, Z1_, A1_);
        const arma::mat* in2 = &A1_;
        if (pool1_.active()) {
            pool1_.forward(A1_, P1_);
            in2 = &P1_;
        }
        conv2_.forward(*in2, Z2_);
        nn::activation_forward(nn::Activation::ReLU, 0.0, Z2_, A2_);
        if (pool2_.active()) pool2_.forward(A2_, P2_);
        const arma::mat& f = features();
        if (hidden_ == 0) {
            fc1_.forward(f, logits);
        } else {
            fc1_.forward(f, Z3_);
            nn::activation_forward(nn::Activation::ReLU, 0.0, Z3_, A3_);
            fc2_.forward(A3_, logits);
        }
    }

    // dZ = ∂L/∂logits (10 x N); fills every parameter gradient.
    void backward(const arma::mat& dZ) {
        arma::mat& dF = pool2_.active() ? dP2_ : dA2_;  // ∂L/∂(features)
        if (hidden_ == 0) {
            fc1_.backward(dZ, dF);
        } else {
            fc2_.backward(dZ, dA3_);
            relu_backward(Z3_, dA3_);
            fc1_.backward(dA3_, dF);
        }
        if (pool2_.active()) pool2_.backward(dP2_, dA2_);
        relu_backward(Z2_, dA2_);  // now dZ2
        arma::mat& dIn2 = pool1_.active() ? dP1_ : dA1_;
        conv2_.backward(dA2_, dIn2);
        if (pool1_.active()) pool1_.backward(dP1_, dA1_);
        relu_backward(Z1_, dA1_);  // now dZ1
        conv1_.backward(dA1_);     // no gradient for the pixels
    }

    // The input of the first dense layer in the last forward() ((C2*7*7) x N).
    const arma::mat& features() const { return pool2_.active() ? P2_ : A2_; }
    const arma::mat& conv1_maps() const { return A1_; }  // after ReLU, before pooling
    const arma::mat& pool1_maps() const { return P1_; }
    const arma::mat& conv2_maps() const { return A2_; }
    const arma::mat& pool2_maps() const { return P2_; }
    nn::ImageShape conv1_shape() const { return conv1_.out_shape(); }
    nn::ImageShape conv2_shape() const { return conv2_.out_shape(); }
    nn::ImageShape feature_shape() const { return feat_; }
    // The maps after each stage of the last forward(), and their names: conv1, [pool1],
    // conv2, [pool2]; the last one is the input of the dense layer.
    std::vector<const arma::mat*> stages() const {
        if (pool1_.active()) return {&A1_, &P1_, &A2_, &P2_};
        return {&A1_, &A2_};
    }
    std::vector<std::string> stage_names() const {
        if (pool1_.active()) return {"conv1", "pool1", "conv2", "pool2"};
        return {"conv1/s2", "conv2/s2"};
    }

    const std::vector<nn::ParamRef>& parameters() const { return params_; }
    arma::uword num_parameters() const {
        arma::uword n = 0;
        for (const nn::ParamRef& p : params_) n += p.value->n_elem;
        return n;
    }
    arma::uword first_dense_parameters() const { return fc1_.W.n_elem + fc1_.b.n_elem; }

    // Data parallelism (the two networks have the same architecture, so their parameter
    // lists match entry by entry): this network's weights become those of `other`, ...
    void copy_parameters_from(const Cnn& other) {
        for (std::size_t i = 0; i < params_.size(); ++i) *params_[i].value = *other.params_[i].value;
    }
    // ... and the gradients of `other`'s last backward() are added to this network's.
    void add_gradients_from(const Cnn& other) {
        for (std::size_t i = 0; i < params_.size(); ++i) *params_[i].grad += *other.params_[i].grad;
    }
    std::string summary() const {
        std::ostringstream os;
        os << "conv " << conv1_.geometry().kernel << "x" << conv1_.geometry().kernel << " -> "
           << conv1_.out_shape().str() << ", ReLU";
        if (pool1_.active()) os << ", " << down_name(down_) << " -> " << pool1_.out_shape(conv1_.out_shape()).str();
        os << "; conv -> " << conv2_.out_shape().str() << ", ReLU";
        if (pool2_.active()) os << ", " << down_name(down_) << " -> " << feat_.str();
        os << "; dense " << feat_.size();
        if (hidden_ > 0) os << " -> " << hidden_ << " (ReLU)";
        os << " -> 10; " << num_parameters() << " parameters";
        return os.str();
    }

private:
    // dA <- dA ⊙ ReLU'(Z)  (chapter 03's derivative, into a reused buffer)
    void relu_backward(const arma::mat& Z, arma::mat& dA) {
        nn::activation_derivative(nn::Activation::ReLU, 0.0, Z, D_);
        dA %= D_;
    }

    Down down_;
    nn::Conv2d conv1_;
    PoolStage pool1_;
    nn::Conv2d conv2_;
    PoolStage pool2_;
    nn::ImageShape feat_;
    nn::Dense fc1_, fc2_;
    arma::uword hidden_;
    std::vector<nn::ParamRef> params_;
    arma::mat Z1_, A1_, P1_, Z2_, A2_, P2_, Z3_, A3_;  // forward caches
    arma::mat dA1_, dP1_, dA2_, dP2_, dA3_, D_;       // backward buffers
};

// ---------------------------------------------------------------- two threads, one network
// Data parallelism. The loss of a mini-batch is the mean of the per-sample losses, so its
// gradient is a sum over the samples. Split the batch in two halves, let two copies of the
// network with the same weights (the "master" and its "replica") compute the gradient of
// their half at the same time, one per core, and add the two: that is the gradient of the
// whole batch. The optimiser steps the master's weights once; the replica copies them.
// Nothing else changes, and since the replica's gradient is always added to the master's
// in the same order, the numbers do not depend on the thread schedule: --threads 1 (the
// halves one after the other) gives exactly the same results, only slower.

// OpenBLAS starts worker threads of its own that spin while they wait for work; next to
// our two threads on two cores they would only steal time. Ask it for one thread per call
// (when the BLAS under Armadillo is OpenBLAS; looked up at run time, so any BLAS works).
void use_single_threaded_blas() {
    if (void* f = dlsym(RTLD_DEFAULT, "openblas_set_num_threads")) reinterpret_cast<void (*)(int)>(f)(1);
}

// Late in training, with a small step size, some gradients and Adam moments shrink below
// 2.2e-308 into "subnormal" numbers, which x86 processors handle 10 to 100 times slower
// than normal ones: without this the last epochs took twice as long as the first. Treat
// them as zero (flush-to-zero, denormals-are-zero) in the calling thread; numbers that
// small change nothing in a network.
void flush_subnormals_to_zero() {
#if defined(__SSE2__)
    _mm_setcsr(_mm_getcsr() | 0x8040);  // FTZ (bit 15) and DAZ (bit 6)
#endif
}

// work(0) and work(1): at the same time (work(1) in a second thread) if `parallel`, else
// one after the other. Each call must write only its own data. An exception of either is
// rethrown here, after both have finished.
template <class Work>
void run_both(bool parallel, const Work& work) {
    if (!parallel) {
        work(0);
        work(1);
        return;
    }
    std::exception_ptr error1;
    std::thread second([&] {
        flush_subnormals_to_zero();
        try {
            work(1);
        } catch (...) {
            error1 = std::current_exception();
        }
    });
    try {
        work(0);
    } catch (...) {
        second.join();
        throw;
    }
    second.join();
    if (error1) std::rethrow_exception(error1);
}

// A network and its replica: the same architecture and, between optimiser steps, the same
// weights. `net` is the master: the optimiser steps its parameters.
struct TwinCnn {
    TwinCnn(arma::uword c1, arma::uword c2, arma::uword k, arma::uword hidden, Down down, bool parallel)
        : net(c1, c2, k, hidden, down), replica(c1, c2, k, hidden, down), parallel(parallel) {
        replica.copy_parameters_from(net);
    }
    Cnn& copy(int i) { return i == 0 ? net : replica; }
    Cnn net, replica;
    bool parallel;  // two threads (else the two halves one after the other)
};

// Columns [first, last) of X, or of y.
arma::mat columns(const arma::mat& X, arma::uword first, arma::uword last) {
    return first < last ? arma::mat(X.cols(first, last - 1)) : arma::mat(X.n_rows, 0);
}
arma::uvec entries(const arma::uvec& y, arma::uword first, arma::uword last) {
    return first < last ? arma::uvec(y.subvec(first, last - 1)) : arma::uvec();
}

struct Stats {
    double loss = 0, accuracy = 0;
};

// One epoch of mini-batch training (the loop of chapter 04's train_epoch, for the CNN, with
// each batch split between the master and the replica).
Stats train_epoch(TwinCnn& twin, nn::Optimizer& opt, const arma::mat& X, const arma::uvec& y,
                  nn::MiniBatcher& mb, int epoch, nn::EpochLogger* log, double* first_batch_loss = nullptr) {
    arma::mat Xb, Xh[2], logits[2], dZ[2];
    arma::uvec yb, yh[2];
    double loss[2] = {0, 0};
    arma::uword correct[2] = {0, 0};
    double loss_sum = 0;
    arma::uword correct_sum = 0, seen = 0;
    mb.shuffle();
    const arma::uword B = mb.num_batches();
    for (arma::uword b = 0; b < B; ++b) {
        mb.fill(b, X, Xb);
        mb.fill(b, y, yb);
        // the halves: columns [0, cut) for the master, [cut, n) for the replica
        const arma::uword n = yb.n_elem, cut = (n + 1) / 2;
        const arma::uword from[2] = {0, cut}, to[2] = {cut, n};
        run_both(twin.parallel, [&](int i) {
            Cnn& net = twin.copy(i);
            Xh[i] = columns(Xb, from[i], to[i]);
            yh[i] = entries(yb, from[i], to[i]);
            loss[i] = 0;
            correct[i] = 0;
            if (yh[i].n_elem == 0) {  // a batch of one sample: the replica has nothing to do
                for (const nn::ParamRef& p : net.parameters()) p.grad->zeros(p.value->n_rows, p.value->n_cols);
                return;
            }
            net.forward(Xh[i], logits[i]);
            loss[i] = nn::softmax_cross_entropy(logits[i], yh[i], dZ[i]);  // mean over the half
            correct[i] = nn::count_correct(logits[i], yh[i]);
            // dZ is ∂(mean loss of the half)/∂logits; weighted by (half size)/(batch size) it is
            // the half's share of ∂(mean loss of the batch)/∂logits
            dZ[i] *= static_cast<double>(yh[i].n_elem) / static_cast<double>(n);
            net.backward(dZ[i]);
        });
        const double batch_loss =
            (loss[0] * static_cast<double>(yh[0].n_elem) + loss[1] * static_cast<double>(yh[1].n_elem)) /
            static_cast<double>(n);
        if (!std::isfinite(batch_loss))
            nn::require_finite(batch_loss, "epoch " + std::to_string(epoch) + " batch " + std::to_string(b + 1),
                               "lower --lr");
        if (first_batch_loss && b == 0) *first_batch_loss = batch_loss;
        loss_sum += batch_loss * static_cast<double>(n);
        correct_sum += correct[0] + correct[1];
        seen += n;
        twin.net.add_gradients_from(twin.replica);  // the gradient of the whole batch
        opt.step(twin.net.parameters());
        twin.replica.copy_parameters_from(twin.net);
        if (log) log->progress(b + 1, B);
    }
    return {loss_sum / static_cast<double>(seen), static_cast<double>(correct_sum) / static_cast<double>(seen)};
}

// Loss, accuracy and (optionally) the predictions on a set: the master takes the first half
// of the samples, the replica the second half, each in chunks.
Stats evaluate(TwinCnn& twin, const arma::mat& X, const arma::uvec& y, arma::uvec* predicted = nullptr) {
    const arma::uword N = X.n_cols, chunk = 500, half = (N + 1) / 2;
    if (predicted) predicted->set_size(N);
    double loss_sum[2] = {0, 0};
    arma::uword correct[2] = {0, 0};
    run_both(twin.parallel, [&](int i) {
        Cnn& net = twin.copy(i);
        arma::mat logits, dZ;
        const arma::uword first = i == 0 ? 0 : half, last = i == 0 ? half : N;
        for (arma::uword start = first; start < last; start += chunk) {
            const arma::uword stop = std::min(last, start + chunk);
            const arma::uvec yb = y.subvec(start, stop - 1);
            net.forward(X.cols(start, stop - 1), logits);
            loss_sum[i] += nn::softmax_cross_entropy(logits, yb, dZ) * static_cast<double>(yb.n_elem);
            correct[i] += nn::count_correct(logits, yb);
            if (predicted) predicted->subvec(start, stop - 1) = arma::index_max(logits, 0).t();
        }
    });
    return {(loss_sum[0] + loss_sum[1]) / static_cast<double>(N),
            static_cast<double>(correct[0] + correct[1]) / static_cast<double>(N)};
}

// 28 x 28 images (784 x N, row y*28 + x) moved by (dy, dx) pixels; the uncovered border is
// filled with `background`.
arma::mat shift_images(const arma::mat& X, int dy, int dx, double background) {
    arma::mat S(X.n_rows, X.n_cols, arma::fill::value(background));
    for (arma::uword n = 0; n < X.n_cols; ++n)
        for (int y = 0; y < 28; ++y) {
            const int sy = y - dy;
            if (sy < 0 || sy >= 28) continue;
            for (int x = 0; x < 28; ++x) {
                const int sx = x - dx;
                if (sx >= 0 && sx < 28) S(y * 28 + x, n) = X(sy * 28 + sx, n);
            }
        }
    return S;
}

// Sum over the columns of ||A_n - B_n|| / ||A_n|| (a column with A_n = 0 counts 0).
double sum_relative_change(const arma::mat& A, const arma::mat& B) {
    double sum = 0;
    for (arma::uword n = 0; n < A.n_cols; ++n) {
        const double a = arma::norm(A.col(n));
        if (a > 0) sum += arma::norm(A.col(n) - B.col(n)) / a;
    }
    return sum;
}

// The shift study of one network at one distance d, averaged over the four directions.
struct ShiftRow {
    std::vector<double> stage_change;  // per stage: mean ||m(x') - m(x)|| / ||m(x)||
    double prediction_change = 0;      // fraction of images whose predicted class changes
    double accuracy = 0;               // accuracy on the shifted images
};

// Shift the images `raw` (784 x M, pixels in [0, 1]) by d pixels right, left, down and up
// for every d in `dists`, standardise them like the training data, and compare every stage
// of the network and its prediction with those of the unshifted images. The master takes
// the first half of the images, the replica the second half; their sums are added.
std::vector<ShiftRow> shift_study(TwinCnn& twin, const arma::mat& raw, const arma::uvec& y, double mean,
                                  double sd, const std::vector<int>& dists) {
    const int dirs[4][2] = {{0, 1}, {0, -1}, {1, 0}, {-1, 0}};
    const std::size_t S = twin.net.stage_names().size();
    const arma::uword M = raw.n_cols, chunk = 500, half = (M + 1) / 2;
    std::vector<ShiftRow> sums[2];  // per copy: sums over its images and the four directions
    run_both(twin.parallel, [&](int i) {
        Cnn& net = twin.copy(i);
        std::vector<ShiftRow>& rows = sums[i];
        rows.assign(dists.size(), ShiftRow{std::vector<double>(S, 0.0), 0.0, 0.0});
        const arma::uword first = i == 0 ? 0 : half, last = i == 0 ? half : M;
        arma::mat logits;
        for (arma::uword start = first; start < last; start += chunk) {
            const arma::uword stop = std::min(last, start + chunk);
            const arma::mat rc = raw.cols(start, stop - 1);
            const arma::uvec yc = y.subvec(start, stop - 1);
            // the unshifted images: predictions and a copy of every stage
            net.forward((rc - mean) / sd, logits);
            const arma::uvec pred0 = arma::index_max(logits, 0).t();
            std::vector<arma::mat> maps0;
            for (const arma::mat* m : net.stages()) maps0.push_back(*m);
            for (std::size_t di = 0; di < dists.size(); ++di)
                for (const auto& dir : dirs) {
                    net.forward((shift_images(rc, dists[di] * dir[0], dists[di] * dir[1], 0.0) - mean) / sd,
                                logits);
                    const std::vector<const arma::mat*> maps = net.stages();
                    for (std::size_t k = 0; k < S; ++k)
                        rows[di].stage_change[k] += sum_relative_change(maps0[k], *maps[k]);
                    const arma::uvec pred = arma::index_max(logits, 0).t();
                    rows[di].prediction_change += static_cast<double>(arma::accu(pred != pred0));
                    rows[di].accuracy += static_cast<double>(arma::accu(pred == yc));
                }
        }
    });
    // the means over the M images and the four directions (the replica's sums added to the
    // master's, always in this order)
    const double denom = 4.0 * static_cast<double>(M);
    std::vector<ShiftRow> rows = sums[0];
    for (std::size_t di = 0; di < rows.size(); ++di) {
        ShiftRow& r = rows[di];
        const ShiftRow& r1 = sums[1][di];
        for (std::size_t k = 0; k < S; ++k) r.stage_change[k] = (r.stage_change[k] + r1.stage_change[k]) / denom;
        r.prediction_change = (r.prediction_change + r1.prediction_change) / denom;
        r.accuracy = (r.accuracy + r1.accuracy) / denom;
    }
    return rows;
}

// The channels of one sample of a map batch as images for nn::plot::image_grid, each map
// divided by its own maximum (ReLU maps are >= 0) so that weak channels are visible too.
arma::mat channels_as_images(const arma::mat& maps, arma::uword n, const nn::ImageShape& s) {
    arma::mat img = arma::reshape(maps.col(n), s.plane(), s.channels);
    for (arma::uword c = 0; c < img.n_cols; ++c) {
        const double top = img.col(c).max();
        if (top > 0) img.col(c) /= top;
    }
    return img;
}

std::string pct(double v) { return nn::fmt(100.0 * v, 3) + "%"; }

}  // namespace

int main(int argc, char** argv) {
    nn::Program prog("ch08_pooling",
                     "A CNN conv-ReLU-pool-conv-ReLU-pool-dense on Fashion-MNIST; feature maps before and after "
                     "pooling; the effect of a 1-pixel shift with and without pooling.");
    prog.defaults.epochs = 6;
    prog.defaults.lr = 0.003;
    prog.add_common();
    prog.app.get_option("--lr")->description("Adam's step size at the first epoch (cosine schedule)");
    prog.app.get_option("--data")->description(
        "Fashion-MNIST folder (default: NN_DATA_DIR or /usr/share/datasets/fashion-mnist)");

    std::string channels_text = "8,16", pool_text = "max", compare_text = "stride";
    arma::uword kernel = 3, hidden = 128, batch_size = 32, train_size = 60000, shift_count = 2000, image = 0;
    prog.app.add_option("--channels", channels_text, "Output channels of the two convolutions, e.g. 8,16")
        ->capture_default_str();
    prog.app.add_option("--kernel", kernel, "Kernel size k of both convolutions (padding k/2 keeps the size)")
        ->check(CLI::IsMember({1, 3, 5, 7}))
        ->capture_default_str();
    prog.app.add_option("--hidden", hidden, "Width of a hidden dense layer before the output (0: none)")
        ->capture_default_str();
    prog.app.add_option("--pool", pool_text, "Pooling of the main network: max | avg")
        ->check(CLI::IsMember({"max", "avg"}))
        ->capture_default_str();
    prog.app.add_option("--compare", compare_text,
                        "Network without pooling for the shift study: stride (the same network with "
                        "stride-2 convolutions instead of pooling) | none (skip it)")
        ->check(CLI::IsMember({"stride", "none"}))
        ->capture_default_str();
    prog.app.add_option("--batch-size", batch_size, "Samples per mini-batch")
        ->check(nn::positive_integer())
        ->capture_default_str();
    prog.app.add_option("--train-size", train_size, "Training images used (at most 60000)")
        ->check(CLI::Range(100, 60000))
        ->capture_default_str();
    prog.app.add_option("--shift-images", shift_count, "Test images of the shift study (at most 10000)")
        ->check(CLI::Range(10, 10000))
        ->capture_default_str();
    int threads = 2;
    prog.app.add_option("--threads", threads,
                        "Threads for training and evaluation: 2 (each mini-batch split between two copies of "
                        "the network) | 1 (the two halves one after the other: the same numbers, slower)")
        ->check(CLI::IsMember({1, 2}))
        ->capture_default_str();
    prog.app.add_option("--image", image, "Index of the test image whose feature maps are drawn")
        ->check(CLI::Range(0, 9999))
        ->capture_default_str();
    prog.app.footer("Data: Fashion-MNIST from --data DIR, NN_DATA_DIR or /usr/share/datasets/fashion-mnist\n"
                    "(apt-get install dataset-fashion-mnist).");

    return prog.run(argc, argv, [&](const nn::CommonOptions& o) {
        nn::Timer wall;
        const std::vector<arma::uword> ch = nn::parse_widths(channels_text, "--channels");
        if (ch.size() != 2) throw CLI::ValidationError("--channels", "give two widths, e.g. 8,16");
        if (o.epochs < 1) throw CLI::ValidationError("--epochs", "must be at least 1");
        if (!(o.lr > 0)) throw CLI::ValidationError("--lr", "must be positive");

        // ---------------------------------------------------------------- data
        const std::string dir = nn::fashion_mnist_dir(o.data);
        nn::FashionMnist fm = nn::load_fashion_mnist(dir, train_size);
        const std::vector<std::string>& classes = nn::fashion_mnist_classes();
        // one global shift and scale of the pixels (mean 0, variance 1 over the training set)
        const double mean = arma::mean(arma::vectorise(fm.train_X));
        const double sd = arma::stddev(arma::vectorise(fm.train_X));
        const arma::mat Xtr = (fm.train_X - mean) / sd;
        const arma::mat Xte = (fm.test_X - mean) / sd;
        fm.train_X.reset();  // the raw training pixels are not needed any more
        prog.say("Fashion-MNIST from " + dir + ": " + std::to_string(Xtr.n_cols) + " training and " +
                 std::to_string(Xte.n_cols) + " test images (loaded in " + nn::fmt(wall.seconds(), 2) + " s)");

        // ---------------------------------------------------------------- training
        const auto train = [&](TwinCnn& twin, const std::string& label, std::vector<double>* test_acc_curve) {
            nn::Optimizer opt({nn::OptimizerKind::Adam, o.lr});
            nn::MiniBatcher mb(Xtr.n_cols, batch_size);
            nn::EpochLogger log(o.epochs, o.quiet);
            double seconds = 0;
            Stats te;
            double initial_loss = 0;  // of the first batch, before the first step: 10^6 times it is divergence
            for (int e = 1; e <= o.epochs; ++e) {
                opt.set_lr(nn::scheduled_lr(nn::Schedule::Cosine, o.lr, e, o.epochs));
                nn::Timer t;
                const Stats tr = train_epoch(twin, opt, Xtr, fm.train_y, mb, e, &log, e == 1 ? &initial_loss : nullptr);
                nn::require_not_diverged(tr.loss, initial_loss, label + " epoch " + std::to_string(e), "lower --lr");
                seconds += t.seconds();
                te = evaluate(twin, Xte, fm.test_y);
                if (test_acc_curve) test_acc_curve->push_back(te.accuracy);
                log.epoch(e, label + "  lr " + nn::fmt(opt.lr(), 3) + "  train loss " + nn::fmt(tr.loss, 4) +
                                 "  acc " + nn::fmt(tr.accuracy, 4) + "  |  test loss " + nn::fmt(te.loss, 4) +
                                 "  acc " + nn::fmt(te.accuracy, 4));
            }
            return std::make_pair(te, seconds);
        };

        const Down main_down = pool_text == "max" ? Down::MaxPool : Down::AvgPool;
        const bool parallel = threads == 2;
        use_single_threaded_blas();
        flush_subnormals_to_zero();
        TwinCnn model(ch[0], ch[1], kernel, hidden, main_down, parallel);
        Cnn& net = model.net;
        prog.say("network with pooling: " + net.summary());
        prog.say("Adam, lr " + nn::fmt(o.lr, 3) + " (cosine), batch " + std::to_string(batch_size) + ", " +
                 std::to_string(o.epochs) + " epochs");
        std::vector<double> test_acc_curve;
        const auto [test, train_seconds] = train(model, "pool", &test_acc_curve);
        const double seconds_per_epoch = train_seconds / o.epochs;
        std::cout << "with pooling: test accuracy " << nn::fmt(test.accuracy, 4) << ", "
                  << nn::fmt(seconds_per_epoch, 3) << " s per training epoch" << std::endl;

        std::unique_ptr<TwinCnn> strided;
        double strided_accuracy = NAN, strided_seconds = NAN;
        if (compare_text == "stride") {
            strided = std::make_unique<TwinCnn>(ch[0], ch[1], kernel, hidden, Down::Stride, parallel);
            prog.say("network without pooling: " + strided->net.summary());
            const auto [st, s] = train(*strided, "stride", nullptr);
            strided_accuracy = st.accuracy;
            strided_seconds = s / o.epochs;
            std::cout << "without pooling (stride 2): test accuracy " << nn::fmt(st.accuracy, 4) << ", "
                      << nn::fmt(strided_seconds, 3) << " s per training epoch" << std::endl;
        }

        // ---------------------------------------------------------------- parameters downstream
        // the first dense layer sees C2 x 7 x 7 with pooling, C2 x 28 x 28 with neither pooling
        // nor stride
        const arma::uword dense_out = hidden == 0 ? 10 : hidden;
        const arma::uword dense_with = net.first_dense_parameters();
        const arma::uword dense_without = (ch[1] * 28 * 28) * dense_out + dense_out;
        prog.say("\nfirst dense layer: " + std::to_string(net.feature_shape().size()) + " inputs (" +
                 net.feature_shape().str() + ") -> " + std::to_string(dense_with) + " parameters with pooling; " +
                 std::to_string(ch[1] * 28 * 28) + " inputs (" + std::to_string(ch[1]) + "x28x28) -> " +
                 std::to_string(dense_without) + " parameters without any pooling (" +
                 nn::fmt(static_cast<double>(dense_without) / static_cast<double>(dense_with), 3) + " times more)");

        // ---------------------------------------------------------------- feature maps of one image
        arma::mat logits;
        net.forward(Xte.col(image), logits);
        const arma::uword pred_image = arma::index_max(logits.col(0));
        prog.say("feature maps of test image " + std::to_string(image) + " (" + classes[fm.test_y(image)] +
                 ", predicted " + classes[pred_image] + ")");
        const nn::ImageShape s1 = net.conv1_shape(), s2 = net.conv2_shape();
        const nn::ImageShape p1{s1.channels, s1.height / 2, s1.width / 2};
        const nn::ImageShape p2 = net.feature_shape();
        const arma::uword cols1 = std::min<arma::uword>(8, s1.channels), cols2 = std::min<arma::uword>(8, s2.channels);
        nn::plot::image_grid(o.out, "ch08_input", fm.test_X.col(image), 28, 28, 1, {classes[fm.test_y(image)]},
                             "Test image " + std::to_string(image) + " (" + classes[fm.test_y(image)] + ")", false,
                             "pixel value");
        // Every map numbered (map c is channel c), scaled to its own maximum: white = strong.
        const auto map_caps = [](arma::uword n) {
            std::vector<std::string> c;
            for (arma::uword i = 0; i < n; ++i) c.push_back("map " + std::to_string(i));
            return c;
        };
        const std::string key = "value / map max";
        nn::plot::image_grid(o.out, "ch08_conv1_maps", channels_as_images(net.conv1_maps(), 0, s1), s1.height,
                             s1.width, cols1, map_caps(s1.channels),
                             "Layer 1 after ReLU, before pooling: " + s1.str() + " (each map scaled to its maximum)",
                             false, key);
        if (main_down == Down::MaxPool || main_down == Down::AvgPool) {
            nn::plot::image_grid(o.out, "ch08_pool1_maps", channels_as_images(net.pool1_maps(), 0, p1), p1.height,
                                 p1.width, cols1, map_caps(p1.channels),
                                 "Layer 1 after " + pool_text + "-pooling 2x2: " + p1.str(), false, key);
            nn::plot::image_grid(o.out, "ch08_conv2_maps", channels_as_images(net.conv2_maps(), 0, s2), s2.height,
                                 s2.width, cols2, map_caps(s2.channels),
                                 "Layer 2 after ReLU, before pooling: " + s2.str(), false, key);
            nn::plot::image_grid(o.out, "ch08_pool2_maps", channels_as_images(net.pool2_maps(), 0, p2), p2.height,
                                 p2.width, cols2, map_caps(p2.channels),
                                 "Layer 2 after " + pool_text + "-pooling 2x2: " + p2.str() + " (the dense layer's input)",
                                 false, key);
        }

        // ---------------------------------------------------------------- the shift study
        // The first M test images moved by d = 1, 2, 3 pixels right, left, down and up (the
        // uncovered border is black), compared with the unshifted images at every stage.
        const arma::uword M = std::min<arma::uword>(shift_count, Xte.n_cols);
        const arma::mat raw = fm.test_X.cols(0, M - 1);
        const arma::uvec ys = fm.test_y.subvec(0, M - 1);
        const std::vector<int> dists{1, 2, 3};
        std::vector<double> input_change;
        for (int d : dists) {
            double c = 0;
            c += sum_relative_change(raw, shift_images(raw, 0, d, 0.0));
            c += sum_relative_change(raw, shift_images(raw, 0, -d, 0.0));
            c += sum_relative_change(raw, shift_images(raw, d, 0, 0.0));
            c += sum_relative_change(raw, shift_images(raw, -d, 0, 0.0));
            input_change.push_back(c / (4.0 * static_cast<double>(M)));
        }
        struct Study {
            std::string name;
            Cnn* cnn;
            double accuracy0;
            std::vector<ShiftRow> rows;
        };
        std::vector<Study> studies;
        {
            arma::uvec pred;
            evaluate(model, Xte.cols(0, M - 1), ys, &pred);
            studies.push_back({pool_text + "-pool", &net, arma::mean(arma::conv_to<arma::vec>::from(pred == ys)),
                               shift_study(model, raw, ys, mean, sd, dists)});
            if (strided) {
                evaluate(*strided, Xte.cols(0, M - 1), ys, &pred);
                studies.push_back({"no pooling (stride 2)", &strided->net,
                                   arma::mean(arma::conv_to<arma::vec>::from(pred == ys)),
                                   shift_study(*strided, raw, ys, mean, sd, dists)});
            }
        }
        // the tables: the relative change of each stage's maps, the predictions, the accuracy
        std::ostringstream table;
        table << "\nshift study on the first " << M
              << " test images: relative change ||m(shifted) - m(x)|| / ||m(x)|| of the maps m after each stage\n"
                 "(mean over shifts right, left, down, up; the last stage is the dense layer's input)\n";
        char cell[64];
        for (const Study& st : studies) {
            table << "\n  " << st.name << " network, unshifted accuracy " << nn::fmt(st.accuracy0, 4) << "\n  shift   input";
            for (const std::string& n : st.cnn->stage_names()) {
                std::snprintf(cell, sizeof cell, " %9s", n.c_str());
                table << cell;
            }
            table << "   prediction changed   accuracy\n";
            for (std::size_t d = 0; d < dists.size(); ++d) {
                std::snprintf(cell, sizeof cell, "  %d px  %6s", dists[d], pct(input_change[d]).c_str());
                table << cell;
                for (double c : st.rows[d].stage_change) {
                    std::snprintf(cell, sizeof cell, " %9s", pct(c).c_str());
                    table << cell;
                }
                std::snprintf(cell, sizeof cell, "   %18s   %8s\n", pct(st.rows[d].prediction_change).c_str(),
                              nn::fmt(st.rows[d].accuracy, 4).c_str());
                table << cell;
            }
        }
        prog.say(table.str());

        // the plots: change of the dense layer's input and of the predictions against the shift
        const arma::vec dx = {0.0, 1.0, 2.0, 3.0};
        const auto curve = [&](const std::vector<double>& v) { return arma::vec{0.0, v[0], v[1], v[2]}; };
        std::vector<nn::plot::Series> feat_series{{"input pixels", dx, curve(input_change), "linespoints"}};
        std::vector<nn::plot::Series> pred_series;
        for (const Study& st : studies) {
            const std::string label = st.cnn == &net ? "with " + pool_text + "-pooling" : "without pooling (stride-2 convolutions)";
            std::vector<double> last, pred;
            for (const ShiftRow& r : st.rows) {
                last.push_back(r.stage_change.back());
                pred.push_back(r.prediction_change);
            }
            feat_series.push_back({"input of the dense layer, " + label, dx, curve(last), "linespoints"});
            pred_series.push_back({label, dx, curve(pred), "linespoints"});
        }
        nn::plot::LineOptions lo;
        lo.title = "Relative change of the representation after shifting the test images";
        lo.xlabel = "shift (pixels)";
        lo.ylabel = "mean ||f(shifted) - f(x)|| / ||f(x)||";
        lo.ymin = 0;
        lo.xtic = 1;  // whole-pixel shifts
        nn::plot::lines(o.out, "ch08_shift_features", feat_series, lo);
        lo.title = "Test images whose predicted class changes after a shift";
        lo.ylabel = "fraction of images";
        nn::plot::lines(o.out, "ch08_shift_predictions", pred_series, lo);
        if (o.epochs > 1) {
            nn::plot::LineOptions la;
            la.title = "Fashion-MNIST: test accuracy of the CNN with pooling";
            la.xlabel = "epoch";
            la.ylabel = "test accuracy";
            nn::plot::lines(o.out, "ch08_accuracy",
                            {{"test accuracy", arma::regspace<arma::vec>(1, o.epochs), arma::vec(test_acc_curve),
                              "linespoints"}},
                            la);
        }

        std::cout << "test accuracy " << nn::fmt(test.accuracy, 4) << " with pooling";
        if (strided) std::cout << ", " << nn::fmt(strided_accuracy, 4) << " without";
        std::cout << "; a 1-pixel shift changes the prediction of " << pct(studies[0].rows[0].prediction_change)
                  << " of the test images with pooling";
        if (strided) std::cout << ", " << pct(studies[1].rows[0].prediction_change) << " without";
        std::cout << "; " << nn::fmt(wall.seconds(), 3) << " s in all" << std::endl;

        // ---------------------------------------------------------------- metrics
        nn::Json m;
        m.set("channels", channels_text)
            .set("kernel", static_cast<unsigned long>(kernel))
            .set("hidden", static_cast<unsigned long>(hidden))
            .set("pool", pool_text)
            .set("batch_size", static_cast<unsigned long>(batch_size))
            .set("lr", o.lr)
            .set("epochs", o.epochs)
            .set("train_size", static_cast<unsigned long>(Xtr.n_cols))
            .set("parameters", static_cast<unsigned long>(net.num_parameters()))
            .set("test_accuracy", test.accuracy)
            .set("test_loss", test.loss)
            .set("test_accuracy_per_epoch", test_acc_curve)
            .set("seconds", wall.seconds())
            .set("seconds_per_epoch", seconds_per_epoch)
            .set("dense_parameters_with_pooling", static_cast<unsigned long>(dense_with))
            .set("dense_parameters_without_pooling", static_cast<unsigned long>(dense_without))
            .set("shift_images", static_cast<unsigned long>(M))
            .set("shift_input_change", input_change);
        const auto series = [&](const Study& st, bool pred) {
            std::vector<double> v;
            for (const ShiftRow& r : st.rows) v.push_back(pred ? r.prediction_change : r.stage_change.back());
            return v;
        };
        m.set("shift_feature_change_pool", series(studies[0], false))
            .set("shift_prediction_change_pool", series(studies[0], true));
        if (strided) {
            m.set("nopool_test_accuracy", strided_accuracy)
                .set("nopool_seconds_per_epoch", strided_seconds)
                .set("shift_feature_change_nopool", series(studies[1], false))
                .set("shift_prediction_change_nopool", series(studies[1], true));
        }
        prog.write_metrics(m);
        return 0;
    });
}
