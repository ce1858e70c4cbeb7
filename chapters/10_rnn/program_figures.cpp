// Chapter 10 program — its figures (declared in program.hpp; main.cpp says when each is drawn).
#include <algorithm>
#include <vector>

#include "nn/text.hpp"
#include "program.hpp"

namespace ch10 {

namespace {

// Trailing mean of the last `w` values of v (a smoothed curve for noisy per-chunk losses).
arma::vec smooth(const std::vector<double>& v, std::size_t w) {
    arma::vec out(v.size());
    double s = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        s += v[i];
        if (i >= w) s -= v[i - w];
        out(i) = s / static_cast<double>(std::min(i + 1, w));
    }
    return out;
}

}  // namespace

// 5. The loss per character of the run against the two baselines.
void plot_loss(const nn::CommonOptions& o, const Corpus& c, const Training& tr,
               const Baselines& base) {
    nn::plot::LineOptions lo{
        nn::str("Character-level RNN on ", c.train.size(), " words: loss per character"), "epoch",
        "cross-entropy per character (nats; bits = nats / 0.693)"};
    const arma::vec ex = nn::plot::epoch_axis(o.epochs);
    const arma::vec xs = {0.0, static_cast<double>(o.epochs)};
    nn::plot::lines(o.out, "ch10_loss",
                    {{"train (per chunk, running mean of 50)", arma::vec(tr.chunk_x),
                      smooth(tr.chunk_loss, 50), "lines"},
                     {"validation (held-out words)", ex, arma::vec(tr.valid_loss), "linespoints"},
                     {"unigram baseline", xs, arma::vec{base.unigram, base.unigram}, "lines"},
                     {"bigram baseline", xs, arma::vec{base.bigram, base.bigram}, "lines"}},
                    lo);
}

void plot_grad_norms(const std::string& out, const std::vector<nn::plot::Series>& series) {
    nn::plot::LineOptions lo{"How far back the gradient reaches: loss at the last step only",
                             "steps back from the loss (T - t)", "||dL/dh_t|| / ||dL/dh_T||"};
    lo.logy = true;
    nn::plot::lines(out, "ch10_grad_norms", series, lo);
}

void plot_clipping(const std::string& out, double lr, const std::vector<nn::plot::Series>& loss,
                   const std::vector<nn::plot::Series>& norm) {
    nn::plot::LineOptions lo{
        "Plain SGD, lr " + nn::str(lr) + ": loss per chunk with and without clipping",
        "chunk (one update each)", "cross-entropy per character (nats)"};
    lo.logy = true;
    nn::plot::lines(out, "ch10_clipping_loss", loss, lo);
    lo.title = "Plain SGD, lr " + nn::str(lr) + ": global gradient norm per chunk";
    lo.ylabel = "||g|| before clipping";
    nn::plot::lines(out, "ch10_clipping_norms", norm, lo);
}

}  // namespace ch10
