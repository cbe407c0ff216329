// The optimizer factory and the Optimizer contract: types and names,
// validation messages that name the field, step() argument checks, reset()
// forgetting all state, no allocation in step(), updating a view into a larger
// buffer, and zero gradients staying finite.

#include "optim/optimizer.h"

#include <QtTest/QtTest>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

using hs::OptimizerSpec;
using hs::Vector;

// Counting malloc (glibc only, not under sanitizers, which own malloc): every
// Eigen allocation and every operator new goes through malloc.
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define HS_COUNT_MALLOC 1
namespace {
std::atomic<bool> countingAllocations{false};
std::atomic<long> allocationCount{0};
} // namespace
extern "C" void* __libc_malloc(std::size_t size);
extern "C" void* malloc(std::size_t size)
{
    if (countingAllocations.load(std::memory_order_relaxed))
        allocationCount.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(size);
}
#else
#define HS_COUNT_MALLOC 0
#endif

Q_DECLARE_METATYPE(OptimizerSpec)

class TestOptimFactory : public QObject {
    Q_OBJECT
private slots:
    void typesAndNames();
    void invalidSpecsThrow_data();
    void invalidSpecsThrow();
    void stepChecksArguments();
    void resetForgetsState_data();
    void resetForgetsState();
    void stepDoesNotAllocate_data();
    void stepDoesNotAllocate();
    void updatesMappedSegmentInPlace();
    void zeroGradientsStayFinite_data();
    void zeroGradientsStayFinite();
};

void TestOptimFactory::typesAndNames()
{
    const std::vector<std::string> expected{"sgd",     "momentum", "nesterov", "adagrad",
                                            "rmsprop", "adam",     "adamw"};
    QCOMPARE(hs::optimizerTypes(), expected);
    for (const auto& type : hs::optimizerTypes()) {
        OptimizerSpec s;
        s.type = type;
        s.momentum = type == "nesterov" ? 0.9 : 0.0;
        auto optimizer = hs::makeOptimizer(s);
        QVERIFY(optimizer);
        QCOMPARE(std::string(optimizer->name()), type);
    }
}

void TestOptimFactory::invalidSpecsThrow_data()
{
    QTest::addColumn<OptimizerSpec>("s");
    QTest::addColumn<QString>("message");
    auto row = [](const char* name, OptimizerSpec s, const char* message) {
        QTest::newRow(name) << s << QString::fromUtf8(message);
    };
    OptimizerSpec s;
    s.type = "lbfgs";
    row("unknown type", s, "training.optimizer.type = \"lbfgs\" is out of range: must be one of sgd, momentum");
    s = {};
    s.lr = 0;
    row("lr 0", s, "training.optimizer.lr = 0 is out of range");
    s.lr = std::nan("");
    row("lr nan", s, "training.optimizer.lr = nan is out of range");
    s = {};
    s.type = "momentum";
    s.momentum = 1.0;
    row("momentum 1", s, "training.optimizer.momentum = 1 is out of range: must be in [0, 1)");
    s.momentum = -0.1;
    row("momentum negative", s, "training.optimizer.momentum = -0.1 is out of range");
    s = {};
    s.type = "nesterov";
    s.momentum = 0.0;
    row("nesterov without momentum", s, "training.optimizer.momentum = 0 is out of range: must be in (0, 1) for Nesterov");
    s.type = "sgd";
    s.nesterov = true;
    row("sgd nesterov flag without momentum", s, "training.optimizer.momentum = 0 is out of range");
    s = {};
    s.beta1 = 1.0;
    row("beta1 1", s, "training.optimizer.betas[0] = 1 is out of range: must be in [0, 1)");
    s = {};
    s.type = "adamw";
    s.beta2 = -0.5;
    row("beta2 negative", s, "training.optimizer.betas[1] = -0.5 is out of range");
    s = {};
    s.eps = 0.0;
    row("adam eps 0", s, "training.optimizer.eps = 0 is out of range: must be finite and > 0");
    s.type = "adagrad";
    row("adagrad eps 0", s, "training.optimizer.eps = 0 is out of range");
    s = {};
    s.type = "rmsprop";
    s.rho = 1.0;
    row("rho 1", s, "training.optimizer.rho = 1 is out of range: must be in [0, 1)");
    s = {};
    s.type = "sgd";
    s.weightDecay = -1e-3;
    row("weight decay negative", s, "training.optimizer.weight_decay = -0.001 is out of range");
    s.type = "adamw";
    s.weightDecay = INFINITY;
    row("weight decay inf", s, "training.optimizer.weight_decay = inf is out of range");
}

void TestOptimFactory::invalidSpecsThrow()
{
    QFETCH(OptimizerSpec, s);
    QFETCH(QString, message);
    try {
        hs::validate(s);
        QFAIL("validate() accepted the spec");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(message), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hs::makeOptimizer(s));
}

void TestOptimFactory::stepChecksArguments()
{
    auto optimizer = hs::makeOptimizer(OptimizerSpec{});
    optimizer->reset(3);
    Vector p = Vector::Zero(3), g = Vector::Ones(3), shortVector = Vector::Zero(2);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizer->step(shortVector, g, 0.1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizer->step(p, shortVector, 0.1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizer->step(p, g, -0.1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizer->step(p, g, std::nan("")));
    QVERIFY(p.isZero());   // nothing was touched
    optimizer->step(p, g, 0.0);   // lr 0 is allowed (a cosine schedule ends there)
    QVERIFY(p.isZero());
}

void TestOptimFactory::resetForgetsState_data()
{
    QTest::addColumn<OptimizerSpec>("s");
    for (const auto& type : hs::optimizerTypes()) {
        OptimizerSpec s;
        s.type = type;
        s.momentum = 0.9;
        s.weightDecay = 0.01;
        QTest::newRow(type.c_str()) << s;
    }
}

void TestOptimFactory::resetForgetsState()
{
    QFETCH(OptimizerSpec, s);
    auto optimizer = hs::makeOptimizer(s);
    auto run = [&] {
        optimizer->reset(3);
        Vector p(3), g(3);
        p << 0.5f, -1.0f, 2.0f;
        for (int t = 0; t < 4; ++t) {
            g << 0.1f * float(t + 1), -0.2f, 0.3f / float(t + 1);
            optimizer->step(p, g, 0.05);
        }
        return p;
    };
    const Vector first = run();
    const Vector second = run();
    QCOMPARE(first, second);   // bit for bit: no moment or step count survived reset()
}

void TestOptimFactory::stepDoesNotAllocate_data()
{
    resetForgetsState_data();
}

void TestOptimFactory::stepDoesNotAllocate()
{
#if HS_COUNT_MALLOC
    QFETCH(OptimizerSpec, s);
    auto optimizer = hs::makeOptimizer(s);
    const Eigen::Index n = 1003;   // not a multiple of any packet size
    optimizer->reset(n);
    Vector p = Vector::LinSpaced(n, -1.0f, 1.0f), g = Vector::LinSpaced(n, 0.5f, -0.25f);
    allocationCount = 0;
    countingAllocations = true;
    for (int t = 0; t < 5; ++t)
        optimizer->step(p, g, 0.01);
    countingAllocations = false;
    QCOMPARE(allocationCount.load(), 0L);
    QVERIFY(p.allFinite());
#else
    QSKIP("allocation counting needs glibc without sanitizers");
#endif
}

void TestOptimFactory::updatesMappedSegmentInPlace()
{
    // The trainer keeps all parameters in one buffer and hands optimizers a view.
    OptimizerSpec s;
    s.type = "adam";
    auto a = hs::makeOptimizer(s), b = hs::makeOptimizer(s);
    a->reset(4);
    b->reset(4);
    std::vector<float> buffer{9.0f, 0.5f, -1.0f, 2.0f, 0.25f, 9.0f};
    Eigen::Map<Vector> view(buffer.data() + 1, 4);
    Vector copy = view;
    Vector g(4);
    g << 0.1f, -0.3f, 0.2f, 0.0f;
    a->step(view, g, 0.01);
    b->step(copy, g, 0.01);
    QCOMPARE(Vector(view), copy);
    QCOMPARE(buffer.front(), 9.0f);
    QCOMPARE(buffer.back(), 9.0f);
}

void TestOptimFactory::zeroGradientsStayFinite_data()
{
    resetForgetsState_data();
}

void TestOptimFactory::zeroGradientsStayFinite()
{
    QFETCH(OptimizerSpec, s);
    s.weightDecay = 0.0;
    auto optimizer = hs::makeOptimizer(s);
    optimizer->reset(3);
    Vector p(3);
    p << 0.5f, -1.0f, 2.0f;
    const Vector before = p;
    for (int t = 0; t < 3; ++t)
        optimizer->step(p, Vector::Zero(3), 0.1);   // 0/(0 + eps) = 0, never 0/0
    QCOMPARE(p, before);
}

QTEST_APPLESS_MAIN(TestOptimFactory)
#include "test_optim_factory.moc"
