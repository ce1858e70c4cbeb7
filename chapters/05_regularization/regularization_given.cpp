// Given code of chapter 05 (not an exercise; compiled with the stubs and with the solutions).
#include "regularization.hpp"

namespace nn {

arma::vec weights_of(const std::vector<ParamRef>& params) {
    arma::vec all;
    for (const ParamRef& p : params)
        if (!p.is_bias) all = arma::join_cols(all, arma::vectorise(*p.value));  // W1, then W2, ...
    return all;
}

}  // namespace nn
