// Chapter 10 — given code (not an exercise): vocabulary, word list, streams, one-hot columns.
// Contracts: chars.hpp.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "chars.hpp"
#include "nn/error.hpp"

namespace nn {

namespace {

// 'a' or, for a character that does not print, its code: for error messages.
std::string show_char(char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 32 && u < 127) return std::string("'") + c + "' (code " + std::to_string(u) + ")";
    return "the character with code " + std::to_string(u);
}

}  // namespace

CharVocab::CharVocab(const std::string& alphabet, char marker) : symbols_(1, marker) {
    std::fill(std::begin(lookup_), std::end(lookup_), -1);
    require(!alphabet.empty(), "CharVocab", "the alphabet is empty");
    lookup_[static_cast<unsigned char>(marker)] = 0;
    for (char c : alphabet) {
        require(c != marker, "CharVocab", "the alphabet contains the marker " + show_char(marker));
        require(lookup_[static_cast<unsigned char>(c)] < 0, "CharVocab",
                "the alphabet repeats " + show_char(c));
        lookup_[static_cast<unsigned char>(c)] = static_cast<int>(symbols_.size());
        symbols_.push_back(c);
    }
}

arma::uword CharVocab::index(char c) const {
    const int i = lookup_[static_cast<unsigned char>(c)];
    require(i >= 0, "CharVocab::index",
            "unknown character " + show_char(c) + "; the vocabulary is \"" + symbols_ + "\"");
    return static_cast<arma::uword>(i);
}

char CharVocab::symbol(arma::uword i) const {
    require(i < size(), "CharVocab::symbol",
            "index " + std::to_string(i) + " is not in 0.." + std::to_string(size() - 1));
    return symbols_[i];
}

arma::uvec CharVocab::encode_word(const std::string& word) const {
    require(!word.empty(), "CharVocab::encode_word", "the word is empty");
    arma::uvec ids(word.size() + 2);
    ids(0) = 0;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const int k = lookup_[static_cast<unsigned char>(word[i])];
        require(k != 0, "CharVocab::encode_word",
                "the marker " + show_char(word[i]) + " cannot appear inside a word (position " +
                    std::to_string(i) + " of \"" + word + "\")");
        require(k > 0, "CharVocab::encode_word",
                "unknown character " + show_char(word[i]) + " at position " + std::to_string(i) +
                    " of \"" + word + "\"; the vocabulary is \"" + symbols_ + "\"");
        ids(i + 1) = static_cast<arma::uword>(k);
    }
    ids(word.size() + 1) = 0;
    return ids;
}

std::string CharVocab::decode(const arma::uvec& ids) const {
    std::string s;
    s.reserve(ids.n_elem);
    for (arma::uword i : ids) s.push_back(symbol(i));
    return s;
}

std::vector<std::string> load_words(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw DataError("the word list " + path +
                        " is a folder, not a file; pass --data FILE with one word "
                        "per line (e.g. /usr/share/dict/words)");
    std::ifstream in(path);
    if (!in)
        throw DataError(
            "cannot open the word list " + path +
            ": install Debian's word list with `sudo apt install wamerican` (it provides "
            "/usr/share/dict/words), or pass --data FILE with one word per line");
    std::vector<std::string> words;
    std::unordered_set<std::string> seen;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const bool letters =
            std::all_of(line.begin(), line.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if (letters && seen.insert(line).second) words.push_back(line);
    }
    if (words.empty())
        throw DataError("the word list " + path +
                        " has no word made only of the letters a-z (one word per line expected)");
    return words;
}

arma::umat make_streams(const std::vector<std::string>& words, const CharVocab& vocab,
                        arma::uword B) {
    require(B > 0, "make_streams", "the number of streams B must be at least 1");
    // the text .w1.w2. ... .wn. as indices (shared markers between words)
    std::vector<arma::uword> text{0};
    for (const std::string& w : words) {
        const arma::uvec ids = vocab.encode_word(w);
        text.insert(text.end(), ids.begin() + 1, ids.end());  // skip the leading marker
    }
    const arma::uword n = text.size();
    const arma::uword S = (n - 1) / B;
    require(S >= 1, "make_streams",
            "the text has " + std::to_string(n) + " symbols: too short for " + std::to_string(B) +
                " streams of at least one step; use fewer streams or more words");
    arma::umat streams(B, S + 1);
    for (arma::uword b = 0; b < B; ++b)
        for (arma::uword s = 0; s <= S; ++s) streams(b, s) = text[b * S + s];
    return streams;
}

void fill_one_hot(const arma::umat& streams, arma::uword col, arma::uword V, arma::mat& X) {
    require(col < streams.n_cols, "fill_one_hot",
            "column " + std::to_string(col) + " is out of range (the streams have " +
                std::to_string(streams.n_cols) + " columns)");
    const arma::uword B = streams.n_rows;
    X.zeros(V, B);
    for (arma::uword b = 0; b < B; ++b) {
        const arma::uword k = streams(b, col);
        require(k < V, "fill_one_hot",
                "symbol index " + std::to_string(k) + " (stream " + std::to_string(b) +
                    ") is not below V = " + std::to_string(V));
        X(k, b) = 1.0;
    }
}

void fill_chunk(const arma::umat& streams, arma::uword start, arma::uword steps, arma::uword V,
                std::vector<arma::mat>& X, std::vector<arma::uvec>& targets) {
    require(start + steps + 1 <= streams.n_cols, "fill_chunk",
            "a chunk of " + std::to_string(steps) + " steps from column " + std::to_string(start) +
                " reads columns " + std::to_string(start) + " .. " + std::to_string(start + steps) +
                " (inputs and their targets), but streams has " + std::to_string(streams.n_cols) +
                " columns");
    X.resize(steps);
    targets.resize(steps);
    for (arma::uword t = 0; t < steps; ++t) {
        fill_one_hot(streams, start + t, V, X[t]);  // input: the symbol at step start + t
        targets[t] = streams.col(start + t + 1);    // target: the symbol after it
    }
}

}  // namespace nn
