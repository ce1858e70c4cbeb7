// Red team, class 3: bring our own Catch2 runner and main (which writes an all-passing report),
// replace operator new, and define a symbol of the test support code.
#include "perceptron.hpp"
#include "nn/error.hpp"
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>

void* operator new(std::size_t n) { return std::malloc(n ? n : 1); }
void operator delete(void* p) noexcept { std::free(p); }

namespace nn::test {
int grader_was_here = 1;
}

int main(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "-o") == 0) std::ofstream(argv[i + 1]) << R"XML(@FAKE_REPORT@)XML";
    return 0;
}

namespace nn {
int perceptron_predict(const Perceptron&, const arma::vec&) { throw NotImplemented("perceptron_predict"); }
bool perceptron_update(Perceptron&, const arma::vec&, int, double) { throw NotImplemented("perceptron_update"); }
PerceptronRun perceptron_train(Perceptron&, const arma::mat&, const arma::ivec&, double, int) {
    throw NotImplemented("perceptron_train");
}
}  // namespace nn
