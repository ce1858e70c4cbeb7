// Red team, class 5 (compile time): #include the reference by its absolute path and .incbin the
// hidden tests, then put them into a visible test's failure message.
#include <string>

// The reference brings the header (our own #include "perceptron.hpp" would find a second copy).
#define perceptron_predict reference_perceptron_predict
#include "@REPO@/solutions/01_perceptron/perceptron.cpp"
#undef perceptron_predict

asm(".section .rodata\n.global nn_leak_hidden\nnn_leak_hidden:\n"
    ".incbin \"@HIDDEN@/ch01_redteam_hidden.cpp\"\n.byte 0\n.previous\n");
extern "C" const char nn_leak_hidden[];

namespace nn {
int perceptron_predict(const Perceptron&, const arma::vec&) {
    throw std::runtime_error(std::string("LEAK:") + nn_leak_hidden);
}
}  // namespace nn
