/// \file synthetic.hpp
/// \brief Seeded generators of small 2-D data sets (draw from nn::rng()).
#pragma once
#include <armadillo>

#include "nn/data.hpp"

namespace nn {

/// \brief K interleaved spirals, `n_per_class` points each, Gaussian noise `noise`.
/// X is 2 x (K n), labels 0..K-1. (The CS231n spiral set.)
LabelledData make_spirals(arma::uword n_per_class, arma::uword num_classes, double noise);

/// \brief Two interleaving half-circles, labels 0/1, Gaussian noise `noise`.
LabelledData make_moons(arma::uword n, double noise);

/// \brief Two Gaussian blobs separated by a margin: labels -1/+1,
/// linearly separable by construction (points closer than `margin` to the line
/// w.x + b = 0 with w = (1, 1)/sqrt 2, b = 0 are redrawn).
LabelledData make_separable(arma::uword n, double margin);

/// \brief Noisy XOR: four Gaussian clusters at (+-1, +-1), label 1 when the signs differ.
/// A fraction `flip` of labels is flipped (label noise), for over-fitting studies.
LabelledData make_noisy_xor(arma::uword n, double noise, double flip);

}  // namespace nn
