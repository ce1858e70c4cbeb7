// Chapter 05 program — the metrics of one part (declared in program.hpp).
#include "program.hpp"

namespace ch05 {

nn::Json runs_json(const std::vector<Outcome>& runs, std::size_t best) {
    std::vector<nn::Json> items;
    for (const Outcome& r : runs) {
        nn::Json j;
        j.set("setting", r.setting.label).set("l1", r.setting.reg.l1).set("l2", r.setting.reg.l2);
        j.set("train_accuracy", r.train_acc).set("validation_accuracy", r.valid_acc);
        j.set("zero_fraction", r.zero_frac)
            .set("weight_norm", r.weight_norm)
            .set("seconds", r.seconds);
        items.push_back(j);
    }
    nn::Json part;
    part.set("runs", items)
        .set("best", runs[best].setting.label)
        .set("best_validation_accuracy", runs[best].valid_acc);
    part.set("unregularised_validation_accuracy", runs[0].valid_acc);
    return part.set("best_beats_unregularised", runs[best].valid_acc > runs[0].valid_acc);
}

}  // namespace ch05
