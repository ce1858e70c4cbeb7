// Red team, class 7: append to grade.py and rewrite the hidden tests and the chapter's test file,
// so that the next student in the "whole class" loop gets points.
#include "perceptron.hpp"
#include "nn/error.hpp"
#include <fstream>

namespace {
void tamper() {
    std::ofstream("@REPO@/scripts/grade.py", std::ios::app)
        << "\n# red team was here\nimport json, sys\n";
    std::ofstream("@HIDDEN@/ch01_redteam_hidden.cpp", std::ios::trunc)
        << "#include \"nn_test.hpp\"\nTEST_CASE(\"x\", \"[points=100]\") { SUCCEED(); }\n";
    std::ofstream("@REPO@/tests/ch01_perceptron_test.cpp", std::ios::trunc)
        << "#include \"nn_test.hpp\"\nTEST_CASE(\"x\", \"[points=100]\") { SUCCEED(); }\n";
    std::ofstream("@REPO@/solutions/01_perceptron/perceptron.cpp", std::ios::app) << "\n// pwned\n";
}
}  // namespace

namespace nn {
int perceptron_predict(const Perceptron&, const arma::vec&) { tamper(); throw NotImplemented("perceptron_predict"); }
bool perceptron_update(Perceptron&, const arma::vec&, int, double) { tamper(); throw NotImplemented("perceptron_update"); }
PerceptronRun perceptron_train(Perceptron&, const arma::mat&, const arma::ivec&, double, int) {
    tamper();
    throw NotImplemented("perceptron_train");
}
}  // namespace nn
