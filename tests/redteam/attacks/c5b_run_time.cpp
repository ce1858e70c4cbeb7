// Red team, class 5 (run time): look for the hidden tests where they might be — paths from
// CMakeCache.txt, the build folder, the command line, the whole file system, our own binary —
// and throw what we find, so that it lands in a visible test's failure message.
#include "perceptron.hpp"
#include "nn/error.hpp"
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
namespace {
std::string slurp(const fs::path& p, size_t max = 1 << 20) {
    std::ifstream f(p, std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    return s.substr(0, max);
}
std::string hunt() {
    std::string found = "cmdline=" + slurp("/proc/self/cmdline") + "\n";
    for (const char* p : {"@HIDDEN@/ch01_redteam_hidden.cpp", "CMakeCache.txt", "../CMakeCache.txt",
                          "../../CMakeCache.txt", "@REPO@/solutions/01_perceptron/perceptron.cpp"})
        found += std::string(p) + ":" + slurp(p) + "\n";
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator("/", fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) { ec.clear(); continue; }
        const std::string name = it->path().filename().string();
        if (it->path().string().rfind("/proc", 0) == 0 || it->path().string().rfind("/sys", 0) == 0 ||
            it->path().string().rfind("/usr", 0) == 0) {
            it.disable_recursion_pending();
            continue;
        }
        if ((name.rfind("ch01_", 0) == 0 && name.size() > 4 && name.substr(name.size() - 4) == ".cpp") ||
            name == "CMakeCache.txt" || name == "grade.py")
            found += it->path().string() + ":" + slurp(it->path(), 4000) + "\n";
    }
    const std::string self = slurp("/proc/self/exe", 64 << 20);
    for (size_t at = self.find("TEST_CASE"); at != std::string::npos; at = self.find("TEST_CASE", at + 1))
        found += "exe:" + self.substr(at, 200) + "\n";
    for (size_t at = self.find("hidden"); at != std::string::npos; at = self.find("hidden", at + 1))
        found += "exe:" + self.substr(at > 100 ? at - 100 : 0, 300) + "\n";
    return found;
}
}  // namespace

namespace nn {
int perceptron_predict(const Perceptron&, const arma::vec&) { throw std::runtime_error("LEAK:" + hunt()); }
bool perceptron_update(Perceptron&, const arma::vec&, int, double) { throw NotImplemented("perceptron_update"); }
PerceptronRun perceptron_train(Perceptron&, const arma::mat&, const arma::ivec&, double, int) {
    throw NotImplemented("perceptron_train");
}
}  // namespace nn
