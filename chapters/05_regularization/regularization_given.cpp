// Chapter 05 — given code (not an exercise): weights_of(), every weight in one vector.
// Contracts: regularization.hpp.
#include "regularization.hpp"

namespace nn {

arma::vec weights_of(const std::vector<ParamRef>& params) {
    arma::vec all;
    for (const ParamRef& p : params)
        if (!p.is_bias) all = arma::join_cols(all, arma::vectorise(*p.value));  // W1, then W2, ...
    return all;
}

}  // namespace nn
