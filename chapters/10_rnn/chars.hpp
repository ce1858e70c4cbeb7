/// \file chars.hpp
/// \brief Chapter 10 — characters as symbols, one-hot columns, a word list turned into B
/// parallel character streams for truncated BPTT.
/// No exercises: given code (chars_given.cpp), used by exercises 10.6 and 10.8 (rnn.hpp).
///
/// Legend: V the vocabulary size (the letters plus one boundary marker, index 0);
/// B the number of parallel streams; S the prediction steps per stream.
/// A word w is written between markers, and the words of a list are chained through
/// shared markers: "cat", "dog" become the text `.cat.dog.` (the marker that ends one word
/// starts the next). A model trained to predict the next symbol of such a text learns where
/// words start, how they continue, and when they end.
#pragma once
#include <armadillo>
#include <string>
#include <vector>

namespace nn {

/// \brief A character vocabulary: the marker at index 0, then the symbols of the alphabet
/// in the order given.
///
/// \code
/// nn::CharVocab vocab("abcdefghijklmnopqrstuvwxyz");   // V = 27, '.' is index 0
/// arma::uvec ids = vocab.encode_word("cab");            // {0, 3, 1, 2, 0}
/// \endcode
class CharVocab {
public:
    /// \brief std::invalid_argument naming "CharVocab" if the alphabet is empty, repeats a
    /// character, or contains the marker.
    /// \param alphabet the symbols other than the marker, each once
    /// \param marker   the word boundary symbol (index 0)
    explicit CharVocab(const std::string& alphabet, char marker = '.');

    /// \brief V: the alphabet plus the marker.
    arma::uword size() const { return static_cast<arma::uword>(symbols_.size()); }
    /// \brief The marker character (index 0).
    char marker() const { return symbols_[0]; }
    /// \brief The index of c; std::invalid_argument naming "CharVocab::index" for a character
    /// not in the vocabulary (the message shows it, its code and the vocabulary).
    arma::uword index(char c) const;
    /// \brief The character of index i (< size(); std::invalid_argument otherwise).
    char symbol(arma::uword i) const;
    /// \brief The symbols, marker first (e.g. ".abc...z").
    const std::string& symbols() const { return symbols_; }
    /// \brief marker, the letters of `word`, marker: |word| + 2 indices.
    /// std::invalid_argument naming "CharVocab::encode_word" for an empty word or an unknown
    /// character (position and character in the message).
    arma::uvec encode_word(const std::string& word) const;
    /// \brief The characters of the indices, markers included.
    std::string decode(const arma::uvec& ids) const;

private:
    std::string symbols_;
    int lookup_[256];
};

/// \brief Read a word list (one word per line, e.g. /usr/share/dict/words from Debian's
/// wamerican) and keep the words made only of the lower-case letters a-z (this drops proper
/// names, possessives such as "cat's", and accented words). Order kept, duplicates removed.
/// nn::DataError if the file cannot be opened (the message names the path and says
/// `sudo apt install wamerican`, or --data FILE) or no word is left.
/// \param path the file
std::vector<std::string> load_words(const std::string& path);

/// \brief Chain the words into the text `.w1.w2. ... .wn.` and cut it into B streams of equal
/// length: row b of the result is the b-th contiguous piece, S+1 symbols long, where
/// S = floor((length of the text - 1) / B); consecutive rows overlap by one symbol so that
/// the last target of row b is the first input of row b+1 (a few trailing symbols are
/// dropped). Every index is < vocab.size().
/// std::invalid_argument naming "make_streams" if B = 0 or the text is too short for B
/// streams of at least one step; unknown characters as in CharVocab::encode_word.
/// \param words the words (letters of the vocabulary only)
/// \param vocab the vocabulary
/// \param B     number of streams
/// \return B x (S+1) symbol indices
arma::umat make_streams(const std::vector<std::string>& words, const CharVocab& vocab,
                        arma::uword B);

/// \brief One-hot columns of one step of the streams: X (V x B) is set to zero, then
/// X(streams(b, col), b) = 1 for every stream b. Memory is reused when X is already V x B.
/// std::invalid_argument naming "fill_one_hot" if col is out of range or an index is ≥ V.
/// \param streams B x (S+1) symbol indices
/// \param col     the column (step) to encode
/// \param V       vocabulary size (rows of X)
/// \param X       output: V x B
void fill_one_hot(const arma::umat& streams, arma::uword col, arma::uword V, arma::mat& X);

/// \brief One chunk of next-character prediction: inputs X[t] = fill_one_hot of column
/// start + t and targets[t] = column start + t + 1 (the next symbol of every stream), for
/// t = 0 .. steps-1. Both vectors are resized to `steps`; matrix memory is reused.
/// std::invalid_argument naming "fill_chunk" if start + steps + 1 > the number of columns.
/// \param streams B x (S+1) symbol indices
/// \param start   first column (step) of the chunk
/// \param steps   number of steps T of the chunk
/// \param V       vocabulary size
/// \param X       output: T one-hot matrices V x B
/// \param targets output: T index vectors of length B
void fill_chunk(const arma::umat& streams, arma::uword start, arma::uword steps, arma::uword V,
                std::vector<arma::mat>& X, std::vector<arma::uvec>& targets);

}  // namespace nn
