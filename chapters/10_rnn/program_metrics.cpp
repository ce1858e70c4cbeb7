// Chapter 10 program — its metrics file (declared in program.hpp).
#include <algorithm>

#include "program.hpp"

namespace ch10 {

void write_metrics(const nn::Program& prog, const nn::CommonOptions& o, const RunConfig& rc,
                   const Corpus& c, const Training& tr, const Baselines& base,
                   double real_fraction_t1, const std::vector<nn::Json>& per_temp,
                   const nn::Json* demo, double seconds) {
    const double clipped = static_cast<double>(tr.clipped) /
                           static_cast<double>(std::max<std::size_t>(1, tr.chunks_total));
    nn::Json m;
    m.set("words", c.words.size())
        .set("train_words", c.train.size())
        .set("valid_words", c.valid.size());
    m.set("hidden", rc.hidden).set("streams", rc.streams).set("chunk", rc.chunk);
    m.set("clip", rc.clip).set("lr", rc.lr).set("epochs", o.epochs);
    m.set("train_loss", tr.train_loss.back()).set("valid_loss", tr.valid_loss.back());
    m.set("train_bits_per_char", tr.train_loss.back() / kLn2);
    m.set("valid_bits_per_char", tr.valid_loss.back() / kLn2);
    m.set("unigram_baseline", base.unigram).set("bigram_baseline", base.bigram);
    m.set("clipped_fraction", clipped);
    m.set("real_word_fraction_t1", real_fraction_t1)
        .set("samples", per_temp)
        .set("valid_loss_per_epoch", tr.valid_loss)
        .set("seconds_per_epoch", tr.seconds_per_epoch)
        .set("seconds", seconds);
    if (demo) m.set("gradient_demo", *demo);
    prog.write_metrics(m);
}

}  // namespace ch10
