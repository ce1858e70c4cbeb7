// Chapter 10 program — the n-gram baselines the network must beat (declared in program.hpp).
#include <algorithm>
#include <cmath>

#include "program.hpp"

namespace ch10 {

Baselines baselines(const arma::umat& train, const arma::umat& valid, arma::uword V) {
    arma::vec uni(V, arma::fill::zeros);
    arma::mat bi(V, V, arma::fill::ones);  // bi(next, prev), add-one smoothing
    for (arma::uword b = 0; b < train.n_rows; ++b)
        for (arma::uword s = 0; s + 1 < train.n_cols; ++s) {
            uni(train(b, s + 1)) += 1;
            bi(train(b, s + 1), train(b, s)) += 1;
        }
    uni /= arma::accu(uni);
    bi.each_row() /= arma::sum(bi, 0);
    Baselines out;
    double n = 0;
    for (arma::uword b = 0; b < valid.n_rows; ++b)
        for (arma::uword s = 0; s + 1 < valid.n_cols; ++s) {
            out.unigram -= std::log(std::max(uni(valid(b, s + 1)), 1e-12));
            out.bigram -= std::log(bi(valid(b, s + 1), valid(b, s)));
            n += 1;
        }
    out.unigram /= n;
    out.bigram /= n;
    return out;
}

}  // namespace ch10
