#pragma once
// Shared numeric types of the engine. Samples are columns: a batch is a
// features × batch matrix in column-major order, so a mini-batch is a
// contiguous block of columns (middleCols) and dense layers are one GEMM.

#include <Eigen/Core>

#include <cstdint>

namespace hs {

using Scalar = float;
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using RowVector = Eigen::Matrix<Scalar, 1, Eigen::Dynamic>;
using IndexVector = Eigen::VectorXi;

using MatrixD = Eigen::MatrixXd;
using VectorD = Eigen::VectorXd;

/// What the network predicts: class indices or real-valued targets.
enum class Task { Classification, Regression };

} // namespace hs
