// Chapter 09 program — its metrics file (declared in program.hpp).
#include "program.hpp"

namespace ch09 {

namespace {

// The metrics of one run.
nn::Json run_metrics(const Run& r) {
    nn::Json j;
    j.set("p", r.p)
        .set("train_accuracy", r.tr_acc.back())
        .set("validation_accuracy", r.va_acc.back())
        .set("gap", r.gap())
        .set("train_loss", r.tr_loss.back())
        .set("validation_loss", r.va_loss.back())
        .set("running_train_loss", r.running_loss.back())
        .set("wrong_labels_learned", r.wrong_learned)
        .set("best_validation_accuracy", r.best_va_acc)
        .set("best_epoch", r.best_epoch)
        .set("seconds", r.seconds)
        .set("train_accuracy_per_epoch", r.tr_acc)
        .set("validation_accuracy_per_epoch", r.va_acc);
    return j;
}

}  // namespace

void write_metrics(const nn::Program& prog, const Task& task, const Options& opt, const Setup& s,
                   double noise, const std::vector<Run>& runs, std::size_t best, double test_best,
                   const double* test_plain, const nn::Json* units, double seconds) {
    std::vector<nn::Json> items;
    for (const Run& r : runs) items.push_back(run_metrics(r));
    nn::Json m;
    m.set("data", task.name)
        .set("train_size", task.Xtr.n_cols)
        .set("label_noise", noise)
        .set("validation_size", task.Xva.n_cols)
        .set("test_size", task.Xte.n_cols)
        .set("hidden", opt.hidden_text)
        .set("epochs", s.epochs)
        .set("lr", s.lr)
        .set("batch_size", s.batch)
        .set("runs", items)
        .set("best_p", runs[best].p)
        .set("best_validation_accuracy", runs[best].va_acc.back())
        .set("test_accuracy", test_best);
    if (test_plain)
        m.set("test_accuracy_no_dropout", *test_plain)
            .set("dropout_beats_no_dropout", runs[best].p > 0);
    if (units) m.set("first_hidden_layer", *units);
    m.set("seconds", seconds);
    prog.write_metrics(m);
}

}  // namespace ch09
