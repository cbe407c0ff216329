#include "train/decision_field.h"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace hs {

namespace {

// Orthonormalizes the two columns of q (Gram-Schmidt; a column that
// vanishes is replaced by a unit vector orthogonal to the other).
void orthonormalize(MatrixD& q)
{
    auto fix = [&](int c) {
        const double n = q.col(c).norm();
        if (n > 1e-300) {
            q.col(c) /= n;
            return;
        }
        q.col(c).setZero();
        q(c == 0 || q.rows() < 2 ? 0 : 1, c) = 1.0;
    };
    fix(0);
    q.col(1) -= q.col(0).dot(q.col(1)) * q.col(0);
    fix(1);
    q.col(1) -= q.col(0).dot(q.col(1)) * q.col(0);
    q.col(1).normalize();
}

// The input plane itself: origin 0, u = e1, v = e2.
InputPlane identityPlane()
{
    InputPlane plane;
    plane.origin = Vector::Zero(2);
    plane.u = Vector::Unit(2, 0);
    plane.v = Vector::Unit(2, 1);
    return plane;
}

// network.predict(x) with x's columns split over `threads` threads. On a
// training worker whose run uses every core, the other training threads
// wait while the field is computed: splitting it shortens the wait.
void predictSplit(const Network& network, const Matrix& x, Matrix& out, int threads)
{
    // Columns per part below which a thread costs more than it saves.
    constexpr Eigen::Index kMinColumns = 1024;
    const Eigen::Index n = x.cols();
    const int parts = static_cast<int>(std::clamp<Eigen::Index>(n / kMinColumns, 1, std::max(1, threads)));
    if (parts == 1) {
        network.predict(x, out);
        return;
    }
    out.resize(network.spec().outputs, n);
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(parts));
    auto part = [&](int p) {
        try {
            const Eigen::Index begin = n * p / parts, count = n * (p + 1) / parts - begin;
            Matrix piece;
            network.predict(x.middleCols(begin, count), piece);
            out.middleCols(begin, count) = piece;
        } catch (...) {
            errors[static_cast<std::size_t>(p)] = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    for (int p = 1; p < parts; ++p)
        helpers.emplace_back(part, p);
    part(0);
    for (auto& t : helpers)
        t.join();
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
}

// The network as seen from the plane: its first layer gets origin + a·u + b·v,
// and W·x + c = (W·origin + c) + a·(W·u) + b·(W·v), so a first layer with two
// inputs (weights W·[u v], bias W·origin + c, computed in double) and the
// other layers unchanged give the same outputs from the coordinates (a, b).
// The grid then costs a 2-input first layer instead of a d-input one: for a
// 784-256-128-10 network, a seventh of the work.
Network restrictedToPlane(const Network& network, const InputPlane& plane)
{
    NetworkSpec spec = network.spec();
    spec.inputs = 2;
    Network reduced(spec);
    const LayerLayout& first = network.layout(0);
    const MatrixD w = network.weight(0).cast<double>();
    MatrixD uv(w.cols(), 2);
    uv << plane.u.cast<double>(), plane.v.cast<double>();
    reduced.weight(0) = (w * uv).cast<Scalar>();
    reduced.bias(0) = (network.bias(0).cast<double>() + w * plane.origin.cast<double>()).cast<Scalar>();
    const LayerLayout& reducedFirst = reduced.layout(0);
    if (first.gamma >= 0) {
        reduced.parameters().segment(reducedFirst.gamma, first.out) = network.parameters().segment(first.gamma, first.out);
        reduced.parameters().segment(reducedFirst.beta, first.out) = network.parameters().segment(first.beta, first.out);
    }
    for (int l = 1; l < network.layerCount(); ++l)
        reduced.parameters().segment(reduced.layout(l).begin, network.layout(l).count)
            = network.parameters().segment(network.layout(l).begin, network.layout(l).count);
    for (int l = 0; l < network.layerCount(); ++l) {
        reduced.runningMean(l) = network.runningMean(l);
        reduced.runningVar(l) = network.runningVar(l);
    }
    return reduced;
}

} // namespace

InputPlane inputPlane(const Matrix& x, Eigen::Index maxSamples)
{
    const Eigen::Index d = x.rows();
    if (d < 2)
        throw std::invalid_argument("a plane of the input space needs at least 2 features, not " + std::to_string(d));
    if (d == 2)
        return identityPlane();
    InputPlane plane;
    plane.principal = true;
    // Centred samples (evenly spaced columns, at most maxSamples), in double.
    const Eigen::Index n = x.cols();
    const Eigen::Index m = std::clamp<Eigen::Index>(std::min(n, std::max<Eigen::Index>(maxSamples, 2)), 0, n);
    MatrixD s(d, m);
    for (Eigen::Index j = 0; j < m; ++j)
        s.col(j) = x.col(m == n ? j : j * (n - 1) / std::max<Eigen::Index>(m - 1, 1)).cast<double>();
    const VectorD mean = m > 0 ? VectorD(s.rowwise().mean()) : VectorD::Zero(d);
    s.colwise() -= mean;
    const MatrixD cov = m > 1 ? MatrixD(s * s.transpose() / double(m - 1)) : MatrixD::Zero(d, d);
    // Subspace iteration for the two leading eigenvectors, started from the
    // two features of largest variance.
    MatrixD q = MatrixD::Zero(d, 2);
    Eigen::Index first = 0, second = 0;
    cov.diagonal().maxCoeff(&first);
    VectorD rest = cov.diagonal();
    rest(first) = -1.0;
    rest.maxCoeff(&second);
    q(first, 0) = 1.0;
    q(second, 1) = 1.0;
    for (int it = 0; it < 300; ++it) {
        MatrixD next = cov * q;
        orthonormalize(next);
        const double moved = (next - q).cwiseAbs().maxCoeff();
        q = next;
        if (moved < 1e-12)
            break;
    }
    // Order by variance (Rayleigh quotients), then fix each sign.
    double l0 = q.col(0).dot(cov * q.col(0)), l1 = q.col(1).dot(cov * q.col(1));
    if (l1 > l0) {
        q.col(0).swap(q.col(1));
        std::swap(l0, l1);
    }
    for (int c = 0; c < 2; ++c) {
        Eigen::Index at = 0;
        q.col(c).cwiseAbs().maxCoeff(&at);
        if (q(at, c) < 0)
            q.col(c) = -q.col(c);
    }
    const double total = cov.trace();
    plane.explainedU = total > 0 ? l0 / total : 0.0;
    plane.explainedV = total > 0 ? l1 / total : 0.0;
    plane.origin = mean.cast<Scalar>();
    plane.u = q.col(0).cast<Scalar>();
    plane.v = q.col(1).cast<Scalar>();
    return plane;
}

Matrix projectOnto(const InputPlane& plane, const Matrix& x)
{
    if (x.rows() != plane.origin.size())
        throw std::invalid_argument("projection: " + std::to_string(x.rows()) + " features, but the plane lives in "
                                    + std::to_string(plane.origin.size()));
    Matrix out(2, x.cols());
    out.row(0).noalias() = plane.u.transpose() * x;
    out.row(1).noalias() = plane.v.transpose() * x;
    out.row(0).array() -= plane.u.dot(plane.origin);
    out.row(1).array() -= plane.v.dot(plane.origin);
    return out;
}

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
                            double threshold, int threads)
{
    if (network.spec().inputs != 2)
        throw std::invalid_argument("the decision boundary needs 2-D input; this network has "
                                    + std::to_string(network.spec().inputs) + " inputs");
    return decisionField(network, task, identityPlane(), bounds, width, height, threshold, threads);
}

DecisionField decisionField(const Network& network, Task task, const InputPlane& plane, const PlaneBounds& bounds,
                            int width, int height, double threshold, int threads)
{
    const Eigen::Index d = network.spec().inputs;
    if (plane.origin.size() != d || plane.u.size() != d || plane.v.size() != d)
        throw std::invalid_argument("the decision plane has " + std::to_string(plane.origin.size())
                                    + " dimensions, but the network has " + std::to_string(d) + " inputs");
    if (width < 2 || height < 2)
        throw std::invalid_argument("the decision field needs at least 2 × 2 points");
    DecisionField f;
    f.width = width;
    f.height = height;
    f.bounds = bounds;
    f.task = task;
    Matrix coords(2, Eigen::Index(width) * height);
    for (int r = 0; r < height; ++r) {
        const double y = bounds.yMax - (bounds.yMax - bounds.yMin) * r / (height - 1);
        for (int c = 0; c < width; ++c) {
            const Eigen::Index i = Eigen::Index(r) * width + c;
            coords(0, i) = static_cast<Scalar>(bounds.xMin + (bounds.xMax - bounds.xMin) * c / (width - 1));
            coords(1, i) = static_cast<Scalar>(y);
        }
    }
    Matrix out;
    if (d == 2) {
        // grid = origin + u·a + v·b for every (a, b).
        Matrix grid(d, coords.cols());
        grid.noalias() = plane.u * coords.row(0) + plane.v * coords.row(1);
        grid.colwise() += plane.origin;
        predictSplit(network, grid, out, threads);
    } else {
        predictSplit(restrictedToPlane(network, plane), coords, out, threads);
    }
    const Eigen::Index n = coords.cols();
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
