// Chapter 02 program — its metrics file (declared in program.hpp).
#include <vector>

#include "program.hpp"

namespace ch02 {

// 7. Metrics: the data case at the top, iris, XOR and the two studies below.
nn::Json metrics_json(const Case& data, const Options& opt, const nn::BatchOptions& bopt,
                      const Result& rm, const Result& ri, const nn::Json& xor_json,
                      const Studies& st) {
    nn::Json m;
    m.set("data", data.source).set("mode", opt.fixed_increment ? "fixed_increment" : "averaged");
    m.set("lr", bopt.lr).set("epsilon", opt.epsilon).set("max_epochs", bopt.max_epochs);
    m.set("converged", rm.batch.converged)
        .set("epochs", rm.batch.epochs)
        .set("delta_norm", rm.batch.delta_norm);
    m.set("accuracy", rm.batch_acc).set("seconds", rm.batch_seconds);
    m.set("theta", arma::conv_to<std::vector<double>>::from(rm.theta));
    m.set("online_converged", rm.online.converged).set("online_epochs", rm.online.epochs);
    m.set("online_mistakes", static_cast<unsigned long>(rm.online.mistakes))
        .set("online_accuracy", rm.online_acc);
    m.set("online_seconds", rm.online_seconds);
    nn::Json mi;
    mi.set("converged", ri.batch.converged)
        .set("epochs", ri.batch.epochs)
        .set("delta_norm", ri.batch.delta_norm);
    mi.set("accuracy", ri.batch_acc).set("seconds", ri.batch_seconds);
    mi.set("online_converged", ri.online.converged).set("online_epochs", ri.online.epochs);
    mi.set("online_accuracy", ri.online_acc);
    m.set("iris", mi).set("xor", xor_json);
    std::vector<nn::Json> erows, arows;
    for (std::size_t k = 0; k < kEpsilons.size(); ++k) {
        nn::Json j;
        j.set("epsilon", kEpsilons[k])
            .set("epochs", st.em[k].epochs)
            .set("converged", st.em[k].converged);
        j.set("accuracy", st.em[k].acc)
            .set("iris_epochs", st.ei[k].epochs)
            .set("iris_accuracy", st.ei[k].acc);
        erows.push_back(j);
    }
    for (std::size_t k = 0; k < kAlphas.size(); ++k) {
        const AlphaRow &a = st.am[k], &i = st.ai[k];
        nn::Json j;
        j.set("alpha", kAlphas[k])
            .set("epochs_from_zero", a.zero.epochs)
            .set("converged_from_zero", a.zero.converged);
        j.set("epochs_from_wrong", a.wrong.epochs).set("converged_from_wrong", a.wrong.converged);
        j.set("iris_epochs_from_zero", i.zero.epochs).set("iris_epochs_from_wrong", i.wrong.epochs);
        j.set("iris_converged_from_wrong", i.wrong.converged);
        arows.push_back(j);
    }
    m.set("epsilon_study", erows).set("alpha_study", arows);
    return m;
}

}  // namespace ch02
