// Hidden test of the red-team suite (tests/redteam/run_redteam.py). Every line holding the
// marker below must stay invisible to the student until the grades are published.
#include "nn_test.hpp"
#include "perceptron.hpp"

// REDTEAM-HIDDEN-SECRET-0x5EC12E7: a hidden line
TEST_CASE("hidden REDTEAM-HIDDEN-SECRET-0x5EC12E7 predicts a 3-vector", "[ch01][hidden][points=5]") {
    const nn::Perceptron p{{1.0, -1.0, 2.0}, -0.5};
    CHECK(nn::perceptron_predict(p, arma::vec{1, 1, 1}) == 1);   // REDTEAM-HIDDEN-SECRET-0x5EC12E7
}
