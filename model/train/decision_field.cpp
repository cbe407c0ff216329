#include "train/decision_field.h"

#include <stdexcept>

namespace hs {

PlaneBounds boundsOf(const Matrix& x, double margin)
{
    PlaneBounds b;
    if (x.rows() < 2 || x.cols() == 0)
        return b;
    const double x0 = x.row(0).minCoeff(), x1 = x.row(0).maxCoeff();
    const double y0 = x.row(1).minCoeff(), y1 = x.row(1).maxCoeff();
    const double dx = std::max(x1 - x0, 1e-6) * margin, dy = std::max(y1 - y0, 1e-6) * margin;
    b.xMin = x0 - dx;
    b.xMax = x1 + dx;
    b.yMin = y0 - dy;
    b.yMax = y1 + dy;
    return b;
}

DecisionField decisionField(const Network& network, Task task, const PlaneBounds& bounds, int width, int height,
                            double threshold)
{
    if (network.spec().inputs != 2)
        throw std::invalid_argument("the decision boundary needs 2-D input; this network has "
                                    + std::to_string(network.spec().inputs) + " inputs");
    if (width < 2 || height < 2)
        throw std::invalid_argument("the decision field needs at least 2 × 2 points");
    DecisionField f;
    f.width = width;
    f.height = height;
    f.bounds = bounds;
    f.task = task;
    Matrix grid(2, Eigen::Index(width) * height);
    for (int r = 0; r < height; ++r) {
        const double y = bounds.yMax - (bounds.yMax - bounds.yMin) * r / (height - 1);
        for (int c = 0; c < width; ++c) {
            const Eigen::Index i = Eigen::Index(r) * width + c;
            grid(0, i) = static_cast<Scalar>(bounds.xMin + (bounds.xMax - bounds.xMin) * c / (width - 1));
            grid(1, i) = static_cast<Scalar>(y);
        }
    }
    Matrix out;
    network.predict(grid, out);
    const Eigen::Index n = grid.cols();
    f.score.resize(static_cast<std::size_t>(n));
    if (task == Task::Regression) {
        for (Eigen::Index i = 0; i < n; ++i)
            f.score[i] = out(0, i);
        return f;
    }
    f.predicted.resize(static_cast<std::size_t>(n));
    if (out.rows() == 1) {
        f.classes = 2;
        for (Eigen::Index i = 0; i < n; ++i) {
            f.score[i] = out(0, i);
            f.predicted[i] = out(0, i) >= threshold ? 1 : 0;
        }
    } else {
        f.classes = static_cast<int>(out.rows());
        for (Eigen::Index i = 0; i < n; ++i) {
            Eigen::Index best = 0;
            f.score[i] = out.col(i).maxCoeff(&best);
            f.predicted[i] = static_cast<int>(best);
        }
    }
    return f;
}

} // namespace hs
