// Chapter 01 — the perceptron. YOUR FILE: fill in the three exercises.
// Read chapters/01_perceptron/README.md first; run `scripts/check.sh 1.N` for exercise 1.N (`scripts/check.sh 01`: the whole chapter).
#include "perceptron.hpp"

#include "nn/error.hpp"

namespace nn {

int perceptron_predict(const Perceptron& p, const arma::vec& x) {
    (void)p;
    (void)x;
    throw NotImplemented("perceptron_predict (chapters/01_perceptron/perceptron.cpp, exercise 1.1)");
}

bool perceptron_update(Perceptron& p, const arma::vec& x, int y, double lr) {
    (void)p;
    (void)x;
    (void)y;
    (void)lr;
    throw NotImplemented("perceptron_update (chapters/01_perceptron/perceptron.cpp, exercise 1.2)");
}

PerceptronRun perceptron_train(Perceptron& p, const arma::mat& X, const arma::ivec& y, double lr, int max_epochs) {
    (void)p;
    (void)X;
    (void)y;
    (void)lr;
    (void)max_epochs;
    throw NotImplemented("perceptron_train (chapters/01_perceptron/perceptron.cpp, exercise 1.3)");
}


}  // namespace nn
