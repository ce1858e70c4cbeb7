// Chapter 03 — given code (not an exercise): argument checks, loss names and parsing, dispatch.
// Contracts: losses.hpp.
#include <stdexcept>
#include <string>

#include "losses.hpp"

#include "nn/error.hpp"

namespace nn {

void check_loss_args(const arma::mat& A, const arma::mat& Y, const char* where) {
    require(A.n_cols > 0, where, "the prediction has no columns (N = 0)");
    require_shape(Y, A.n_rows, A.n_cols, where, "Y");
}

std::string loss_name(Loss loss) {
    switch (loss) {
        case Loss::MSE:
            return "mse";
        case Loss::MAE:
            return "mae";
        case Loss::BCE:
            return "bce";
        case Loss::BCEWithLogits:
            return "bce_logits";
    }
    return "unknown";
}

Loss parse_loss(const std::string& name) {
    for (Loss l : {Loss::MSE, Loss::MAE, Loss::BCE, Loss::BCEWithLogits})
        if (name == loss_name(l)) return l;
    throw std::invalid_argument("parse_loss: unknown loss '" + name +
                                "'; use one of mse, mae, bce, bce_logits");
}

double loss_value(Loss loss, const arma::mat& A, const arma::mat& Y) {
    switch (loss) {
        case Loss::MSE:
            return mse_loss(A, Y);
        case Loss::MAE:
            return mae_loss(A, Y);
        case Loss::BCE:
            return bce_loss(A, Y);
        case Loss::BCEWithLogits: {
            arma::mat dZ;
            return bce_with_logits(A, Y, dZ);
        }
    }
    return 0;
}

double loss_and_gradient(Loss loss, const arma::mat& A, const arma::mat& Y, arma::mat& dA) {
    switch (loss) {
        case Loss::MSE:
            mse_gradient(A, Y, dA);
            return mse_loss(A, Y);
        case Loss::MAE:
            mae_gradient(A, Y, dA);
            return mae_loss(A, Y);
        case Loss::BCE:
            bce_gradient(A, Y, dA);
            return bce_loss(A, Y);
        case Loss::BCEWithLogits:
            return bce_with_logits(A, Y, dA);
    }
    return 0;
}

}  // namespace nn
