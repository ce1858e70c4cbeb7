// Chapter 08 program — its metrics file (declared in program.hpp).
#include "program.hpp"

namespace ch08 {

void write_metrics(nn::Program& prog, const nn::CommonOptions& o, const Options& opt, const Data& d,
                   const Counts& c, const Trained& with, const Trained* without,
                   const std::vector<double>& input, const std::vector<Study>& studies) {
    nn::Json m;
    m.set("channels", opt.channels_text)
        .set("kernel", opt.kernel)
        .set("hidden", opt.hidden)
        .set("pool", opt.pool)
        .set("batch_size", opt.batch_size)
        .set("lr", o.lr)
        .set("epochs", o.epochs)
        .set("train_size", d.Xtr.n_cols)
        .set("parameters", c.parameters)
        .set("test_accuracy", with.test.accuracy)
        .set("test_loss", with.test.loss)
        .set("test_accuracy_per_epoch", with.test_accuracy)
        .set("seconds", c.seconds)
        .set("seconds_per_epoch", with.seconds / o.epochs)
        .set("dense_parameters_with_pooling", c.dense.first)
        .set("dense_parameters_without_pooling", c.dense.second)
        .set("shift_images", c.shift_images)
        .set("shift_input_change", input)
        .set("shift_feature_change_pool", series(studies[0], false))
        .set("shift_prediction_change_pool", series(studies[0], true));
    if (without)
        m.set("nopool_test_accuracy", without->test.accuracy)
            .set("nopool_seconds_per_epoch", without->seconds / o.epochs)
            .set("shift_feature_change_nopool", series(studies[1], false))
            .set("shift_prediction_change_nopool", series(studies[1], true));
    prog.write_metrics(m);
}

}  // namespace ch08
