// The decision field and its plane: the identity plane of 2-D data, the
// principal-component plane of more features (checked against Eigen's exact
// eigen-decomposition of the same covariance), projections, and that every
// grid point is the network's own prediction at origin + a·u + b·v.

#include "core/rng.h"
#include "train/decision_field.h"

#include <Eigen/Eigenvalues>

#include <QtTest>

#include <cmath>

using namespace hs;

namespace {

Network network(int inputs, int outputs, LossKind loss)
{
    NetworkSpec spec;
    spec.inputs = inputs;
    spec.hidden = {5};
    spec.outputs = outputs;
    spec.loss = loss;
    spec.activation.kind = Activation::Tanh;
    Network net(spec);
    Rng rng(3);
    net.initialize(rng);
    return net;
}

// n samples in 6-D: large spread along a, medium along b, little elsewhere.
Matrix elongated(const Vector& a, const Vector& b, Eigen::Index n)
{
    Rng rng(11);
    Matrix x(6, n);
    for (Eigen::Index j = 0; j < n; ++j) {
        Vector noise(6);
        for (int i = 0; i < 6; ++i)
            noise(i) = Scalar(0.05 * rng.normal());
        x.col(j) = Scalar(3.0 * rng.normal()) * a + Scalar(1.0 * rng.normal()) * b + noise;
        x.col(j).array() += 0.5f;   // off-centre: the plane goes through the mean
    }
    return x;
}

Vector unit(std::initializer_list<float> values)
{
    Vector v(Eigen::Index(values.size()));
    int i = 0;
    for (float f : values)
        v(i++) = f;
    return v / v.norm();
}

} // namespace

class TestTrainDecisionField : public QObject {
    Q_OBJECT
private slots:
    void twoFeaturesUseTheInputPlane()
    {
        Matrix x(2, 3);
        x << 1, 2, 3, -1, 0, 4;
        const InputPlane p = inputPlane(x);
        QVERIFY(!p.principal);
        QCOMPARE(p.origin, Vector(Vector::Zero(2)));
        QCOMPARE(projectOnto(p, x), x);   // the coordinates are the features
    }

    void principalPlaneMatchesTheEigenDecomposition()
    {
        const Vector a = unit({1, 2, 0, -1, 0, 1}), b0 = unit({0, 1, 1, 1, -2, 0});
        const Vector b = (b0 - b0.dot(a) * a).normalized();
        const Matrix x = elongated(a, b, 3000);
        const InputPlane p = inputPlane(x);
        QVERIFY(p.principal);

        // Reference: the exact decomposition of the same (double) covariance.
        const Eigen::MatrixXd xd = x.cast<double>();
        const Eigen::VectorXd mean = xd.rowwise().mean();
        const Eigen::MatrixXd c = xd.colwise() - mean;
        const Eigen::MatrixXd cov = c * c.transpose() / double(x.cols() - 1);
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);   // ascending eigenvalues
        const Eigen::VectorXd e0 = eig.eigenvectors().col(5), e1 = eig.eigenvectors().col(4);
        QVERIFY2(std::abs(p.u.cast<double>().dot(e0)) > 1 - 1e-5, "u is the first principal direction");
        QVERIFY2(std::abs(p.v.cast<double>().dot(e1)) > 1 - 1e-5, "v is the second");
        QVERIFY(std::abs(p.u.cast<double>().dot(a.cast<double>())) > 0.999);
        QVERIFY(std::abs(p.u.dot(p.v)) < 1e-5f);
        QCOMPARE(double(p.u.norm()), 1.0);
        QVERIFY(std::abs(double(p.v.norm()) - 1.0) < 1e-6);
        QVERIFY((p.origin.cast<double>() - mean).cwiseAbs().maxCoeff() < 1e-5);
        const double trace = cov.trace();
        QVERIFY(std::abs(p.explainedU - eig.eigenvalues()(5) / trace) < 1e-6);
        QVERIFY(std::abs(p.explainedV - eig.eigenvalues()(4) / trace) < 1e-6);
        QVERIFY(p.explainedU > 0.85 && p.explainedU + p.explainedV > 0.99);
        // Signs are fixed: the largest component of each vector is positive.
        Eigen::Index at = 0;
        p.u.cwiseAbs().maxCoeff(&at);
        QVERIFY(p.u(at) > 0);
        // Deterministic: the same input, the same plane, bit for bit.
        const InputPlane again = inputPlane(x);
        QCOMPARE(again.u, p.u);
        QCOMPARE(again.v, p.v);
    }

    void projectionInvertsThePlane()
    {
        const Vector a = unit({1, 0, 0, 1, 0, 0}), b = unit({0, 1, 0, 0, 0, 1});
        const InputPlane p = inputPlane(elongated(a, b, 500));
        Matrix x(6, 2);
        x.col(0) = p.origin + 2.0f * p.u - 3.0f * p.v;
        x.col(1) = p.origin;
        const Matrix ab = projectOnto(p, x);
        QVERIFY(std::abs(ab(0, 0) - 2) < 1e-5 && std::abs(ab(1, 0) + 3) < 1e-5);
        QVERIFY(std::abs(ab(0, 1)) < 1e-5 && std::abs(ab(1, 1)) < 1e-5);
    }

    void gridPointsAreTheNetworksPredictions_data()
    {
        QTest::addColumn<int>("inputs");
        QTest::addColumn<int>("outputs");
        QTest::newRow("2-D binary") << 2 << 1;
        QTest::newRow("6-D, 4 classes") << 6 << 4;
    }
    void gridPointsAreTheNetworksPredictions()
    {
        QFETCH(int, inputs);
        QFETCH(int, outputs);
        const Network net = network(inputs, outputs, outputs == 1 ? LossKind::BinaryCrossEntropy : LossKind::CrossEntropy);
        const InputPlane p = inputs == 2 ? inputPlane(Matrix::Random(2, 10))
                                         : inputPlane(elongated(unit({1, 1, 0, 0, 0, 0}), unit({0, 0, 1, 0, 0, 0}), 300));
        const PlaneBounds bounds{-2, 3, -1, 4};
        const DecisionField f = decisionField(net, Task::Classification, p, bounds, 5, 4);
        QCOMPARE(f.width, 5);
        QCOMPARE(f.height, 4);
        QCOMPARE(f.classes, outputs == 1 ? 2 : outputs);
        // Row 0 is the top (b = yMax); column c is a = xMin + c·(xMax − xMin)/(width − 1).
        for (int r : {0, 3})
            for (int c : {0, 2, 4}) {
                const double a = -2 + 5.0 * c / 4, b = 4 - 5.0 * r / 3;
                Matrix x(inputs, 1);
                x.col(0) = p.origin + Scalar(a) * p.u + Scalar(b) * p.v;
                Matrix out;
                net.predict(x, out);
                const std::size_t i = std::size_t(r * 5 + c);
                const float expected = outputs == 1 ? out(0, 0) : out.col(0).maxCoeff();
                QVERIFY2(std::abs(f.score[i] - expected) < 1e-5f, qPrintable(QString("r %1 c %2").arg(r).arg(c)));
            }
        if (inputs == 2) {   // the 2-D overload is the identity plane
            const DecisionField g = decisionField(net, Task::Classification, bounds, 5, 4);
            QCOMPARE(g.score, f.score);
            QCOMPARE(g.predicted, f.predicted);
        }
    }

    // Over more than 2 features the field is computed by a network whose
    // first layer takes the plane's coordinates (W·[u v], bias W·origin + c):
    // every point must still be the full network's prediction, with batch
    // norm's scale, shift and running statistics, residual layers and no
    // hidden layer at all.
    void restrictedNetworkGivesTheFullPredictions_data()
    {
        QTest::addColumn<bool>("batchNorm");
        QTest::addColumn<bool>("noHidden");
        QTest::addColumn<int>("task");
        QTest::newRow("batch norm, residual, 3 classes") << true << false << int(Task::Classification);
        QTest::newRow("plain, regression") << false << false << int(Task::Regression);
        QTest::newRow("no hidden layer, binary") << false << true << int(Task::Classification);
    }
    void restrictedNetworkGivesTheFullPredictions()
    {
        QFETCH(bool, batchNorm);
        QFETCH(bool, noHidden);
        QFETCH(int, task);
        NetworkSpec spec;
        spec.inputs = 40;
        if (!noHidden)
            spec.hidden = {16, 16, 16};
        spec.outputs = task == int(Task::Regression) ? 1 : noHidden ? 1 : 3;
        spec.loss = task == int(Task::Regression) ? LossKind::MeanSquaredError
                    : spec.outputs == 1           ? LossKind::BinaryCrossEntropy
                                                  : LossKind::CrossEntropy;
        spec.activation.kind = Activation::Tanh;
        spec.batchNorm = batchNorm;
        spec.residual = true;
        Network net(spec);
        Rng rng(5);
        net.initialize(rng);
        net.parameters().setRandom(); // gamma and beta too, far from their initial 1 and 0
        for (int l = 0; l < net.layerCount(); ++l) {
            net.runningMean(l).setRandom();
            net.runningVar(l) = net.runningVar(l).array().abs() + Scalar(0.5);
        }
        Matrix samples = Matrix::Random(40, 200);
        samples.row(3) *= 5.0f;
        const InputPlane p = inputPlane(samples);
        QVERIFY(p.principal);
        const PlaneBounds bounds{-3, 2, -2, 2.5};
        const int width = 7, height = 6;
        const DecisionField f = decisionField(net, Task(task), p, bounds, width, height);
        Matrix grid(40, width * height);
        for (int r = 0; r < height; ++r)
            for (int c = 0; c < width; ++c) {
                const double a = -3 + 5.0 * c / (width - 1), b = 2.5 - 4.5 * r / (height - 1);
                grid.col(r * width + c) = p.origin + Scalar(a) * p.u + Scalar(b) * p.v;
            }
        Matrix out;
        net.predict(grid, out);
        for (int i = 0; i < width * height; ++i) {
            const float expected = out.rows() == 1 ? out(0, i) : out.col(i).maxCoeff();
            QVERIFY2(std::abs(f.score[i] - expected) <= 2e-5f * std::max(1.0f, std::abs(expected)),
                     qPrintable(QString("point %1: %2 against %3").arg(i).arg(f.score[i]).arg(expected)));
        }
    }

    // A grid split over threads gives every point's prediction as one
    // thread does (up to a product's rounding), in the same order.
    void splitOverThreadsGivesTheSameField_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("2") << 2;
        QTest::newRow("3") << 3;
        QTest::newRow("more threads than parts") << 64;
    }
    void splitOverThreadsGivesTheSameField()
    {
        QFETCH(int, threads);
        const Network net = network(2, 3, LossKind::CrossEntropy);
        const PlaneBounds bounds{-2, 3, -1, 1.5};
        const DecisionField one = decisionField(net, Task::Classification, bounds, 120, 100);
        const DecisionField split = decisionField(net, Task::Classification, bounds, 120, 100, 0.5, threads);
        QCOMPARE(split.score.size(), std::size_t(120 * 100));
        QCOMPARE(split.classes, one.classes);
        int decided = 0;
        for (std::size_t i = 0; i < one.score.size(); ++i) {
            QVERIFY2(std::abs(split.score[i] - one.score[i]) <= 1e-6f,
                     qPrintable(QString("point %1: %2 against %3").arg(i).arg(split.score[i]).arg(one.score[i])));
            decided += split.predicted[i] == one.predicted[i];
        }
        QVERIFY(decided >= int(one.score.size()) - 2); // a tie may fall either way
        // The field is not uniform: the order of the points matters.
        QVERIFY(*std::max_element(one.score.begin(), one.score.end())
                > *std::min_element(one.score.begin(), one.score.end()) + 0.05f);
    }

    void refusesWhatItCannotDraw()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, inputPlane(Matrix::Zero(1, 5)));
        const Network net = network(6, 1, LossKind::BinaryCrossEntropy);
        InputPlane flat;
        flat.origin = Vector::Zero(2);
        flat.u = Vector::Unit(2, 0);
        flat.v = Vector::Unit(2, 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decisionField(net, Task::Classification, flat, {}, 4, 4));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decisionField(net, Task::Classification, PlaneBounds{}, 4, 4));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, projectOnto(flat, Matrix::Zero(6, 3)));
        // Constant data: a plane all the same (no NaN), explaining nothing.
        const InputPlane zero = inputPlane(Matrix::Ones(4, 20));
        QVERIFY(zero.u.allFinite() && zero.v.allFinite());
        QCOMPARE(zero.explainedU, 0.0);
    }
};

QTEST_APPLESS_MAIN(TestTrainDecisionField)
#include "test_train_decision_field.moc"
