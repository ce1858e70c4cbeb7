// Chapter 05 exercises: fill in each function (see regularization.hpp for the math and the
// contract), then run   scripts/check.sh 5.N (exercise 5.N; scripts/check.sh 05: the whole chapter)
//
// Legend: W = a weight matrix, b = a bias (never penalised), lambda1 / lambda2 = strengths of
//         the L1 / L2 penalties, Omega1 = sum |w|, Omega2 = 1/2 sum w^2, n = training samples.
#include "regularization.hpp"

#include "nn/error.hpp"

namespace nn {

double l1_penalty(const arma::mat& /*W*/) {
    throw NotImplemented("l1_penalty (chapters/05_regularization/regularization.cpp, exercise 5.1)");
}

arma::mat l1_penalty_gradient(const arma::mat& /*W*/) {
    throw NotImplemented("l1_penalty_gradient (chapters/05_regularization/regularization.cpp, exercise 5.1)");
}

double l2_penalty(const arma::mat& /*W*/) {
    throw NotImplemented("l2_penalty (chapters/05_regularization/regularization.cpp, exercise 5.2)");
}

arma::mat l2_penalty_gradient(const arma::mat& /*W*/) {
    throw NotImplemented("l2_penalty_gradient (chapters/05_regularization/regularization.cpp, exercise 5.2)");
}

double weight_penalty(const std::vector<ParamRef>& /*params*/, const Regularization& /*reg*/) {
    // Skip the parameters with is_bias; use l1_penalty and l2_penalty.
    throw NotImplemented("weight_penalty (chapters/05_regularization/regularization.cpp, exercise 5.3)");
}

void add_penalty_gradients(const std::vector<ParamRef>& /*params*/, const Regularization& /*reg*/) {
    // *p.grad += ... for the weights only.
    throw NotImplemented("add_penalty_gradients (chapters/05_regularization/regularization.cpp, exercise 5.4)");
}

double regularized_cost(double /*data_loss*/, const std::vector<ParamRef>& /*params*/, double /*lambda*/,
                        arma::uword /*n*/) {
    throw NotImplemented("regularized_cost (chapters/05_regularization/regularization.cpp, exercise 5.5)");
}

double regularized_gradients(Mlp& /*net*/, const arma::mat& /*X*/, const arma::mat& /*Y*/,
                             const LogitLoss& /*loss*/, const Regularization& /*reg*/) {
    // forward -> loss(Z, Y, dZ) -> backward_from_logits(dZ) -> add_penalty_gradients.
    throw NotImplemented("regularized_gradients (chapters/05_regularization/regularization.cpp, exercise 5.6)");
}

double zero_fraction(const std::vector<ParamRef>& /*params*/, double /*tol*/) {
    throw NotImplemented("zero_fraction (chapters/05_regularization/regularization.cpp, exercise 5.7)");
}

}  // namespace nn
