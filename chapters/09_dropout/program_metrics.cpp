// Chapter 09 program — the metrics of one run (declared in program.hpp).
#include "program.hpp"

namespace ch09 {

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

}  // namespace ch09
