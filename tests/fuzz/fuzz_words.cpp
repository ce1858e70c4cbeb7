// libFuzzer target: nn::load_words (chapter 10's word list) and the streams built from it.
#include "chars.hpp"
#include "fuzz_common.hpp"
#include "nn/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::write_input(data, size, ".txt");
    try {
        const std::vector<std::string> words = nn::load_words(path);
        const nn::CharVocab vocab("abcdefghijklmnopqrstuvwxyz");
        for (const std::string& w : words)
            if (w.empty() || vocab.encode_word(w).n_elem != w.size() + 2) std::abort();
        try {
            const arma::umat s = nn::make_streams(words, vocab, 4);
            if (s.n_rows != 4 || s.max() >= vocab.size()) std::abort();
        } catch (const std::invalid_argument&) {  // too short for 4 streams: a message, not a crash
        }
    } catch (const nn::DataError&) {}
    return 0;
}
