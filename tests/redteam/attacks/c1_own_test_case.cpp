// Red team, class 1: a submission that registers its own TEST_CASEs worth many points
// (and thereby changes what --list-test-names-only / --list-tags print). Exercises unsolved.
#include "perceptron.hpp"
#include "nn/error.hpp"
#include <catch2/catch.hpp>

TEST_CASE("free points for everyone", "[ch01][points=1000]") { SUCCEED("free"); }
TEST_CASE("more free points", "[ch01][points=500][ex1.1]") { SUCCEED("free"); }

namespace nn {
int perceptron_predict(const Perceptron&, const arma::vec&) { throw NotImplemented("perceptron_predict"); }
bool perceptron_update(Perceptron&, const arma::vec&, int, double) { throw NotImplemented("perceptron_update"); }
PerceptronRun perceptron_train(Perceptron&, const arma::mat&, const arma::ivec&, double, int) {
    throw NotImplemented("perceptron_train");
}
}  // namespace nn
