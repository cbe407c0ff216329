// Optimizers against PyTorch 1.13 (Debian python3-torch, CPU, float32): the
// parameters after 5 steps of a fixed gradient sequence, for every optimizer
// with and without weight decay and momentum. The expected values come from
// tests/model/reference/optim_torch.py; each row names the torch call.
//
// The kernels round exactly like PyTorch's (see model/optim/elementwise.h), so
// besides the 1e-6 relative tolerance the values are also checked bit for bit.

#include "optim/optimizer.h"

#include <QtTest/QtTest>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <thread>

using hs::OptimizerSpec;
using hs::Vector;

namespace {

// p0 and the gradients of optim_torch.py (P0, GRADS, VARYING_LR).
constexpr int kN = 8;
const std::array<float, kN> kP0{1.02885687f, 1.64192009f, 1.14671957f, -0.973179519f,
                                -1.39280009f, 0.0671963543f, 0.861350894f, 0.509186804f};
const std::array<std::array<float, kN>, 5> kGrads{{
    {4.97510862f, 0.748377144f, 0.198642746f, -0.0475864261f, -0.0363319404f, 0.18983072f,
     0.00242394349f, 1.24937809f},
    {-1.03867209f, 0.00851293653f, -0.574777067f, -0.0416880697f, -0.0328193232f, 1.08055222f,
     -0.759105325f, 0.00429112045f},
    {0.0450910442f, -0.00504249474f, -0.213167712f, -0.0965462103f, -0.150254577f, 0.0310382713f,
     -0.0495204479f, 0.207202882f},
    {0.016702313f, 0.0463905483f, -0.171809509f, -0.0168233346f, 0.00769122504f, -0.00849577505f,
     -0.00833649468f, -0.00800219178f},
    {-0.836785197f, -0.0405399092f, 0.208827898f, 0.0257327259f, 0.0241401568f, 0.0817392021f,
     0.0229384266f, -0.135806769f}}};
const std::array<double, 5> kLrPerStep{0.01, 0.02, 0.005, 0.01, 0.03};
constexpr bool kSpecLr = false;     // every step uses spec.lr
constexpr bool kVaryingLr = true;   // step k uses kLrPerStep[k] (as a scheduler would set it)

struct TorchCase {
    OptimizerSpec spec;
    bool varyingLr = false;
    std::array<float, kN> expected{};
};

void addTorchRow(const char* name, OptimizerSpec spec, bool varyingLr, std::array<float, kN> expected)
{
    QTest::newRow(name) << TorchCase{std::move(spec), varyingLr, expected};
}

Vector runFiveSteps(const TorchCase& c)
{
    auto optimizer = hs::makeOptimizer(c.spec);
    optimizer->reset(kN);
    Vector p = Eigen::Map<const Vector>(kP0.data(), kN);
    for (std::size_t k = 0; k < kGrads.size(); ++k) {
        const Vector g = Eigen::Map<const Vector>(kGrads[k].data(), kN);
        optimizer->step(p, g, c.varyingLr ? kLrPerStep[k] : c.spec.lr);
    }
    return p;
}

} // namespace

Q_DECLARE_METATYPE(TorchCase)
Q_DECLARE_METATYPE(OptimizerSpec)

class TestOptimOptimizersTorch : public QObject {
    Q_OBJECT
private slots:
    void matchesTorch_data();
    void matchesTorch();
    void matchesTorchBitForBit_data() { matchesTorch_data(); }
    void matchesTorchBitForBit();
    void packetPathMatchesScalarPath_data();
    void packetPathMatchesScalarPath();
    void rangedUpdatesMatchWholeStep_data();
    void rangedUpdatesMatchWholeStep();
    void updateRejectsRangesOutsideTheState();
};

void TestOptimOptimizersTorch::matchesTorch_data()
{
    QTest::addColumn<TorchCase>("c");
    // torch.optim.SGD([p], lr=0.1)
    addTorchRow("sgd", {.type = "sgd", .lr = 0.1}, kSpecLr,
                {0.712712467f, 1.56615031f, 1.20194781f, -0.955488324f,
                 -1.37404263f, -0.0702701136f, 0.940510869f, 0.377480477f});
    // torch.optim.SGD([p], lr=0.1, weight_decay=0.05)
    addTorchRow("sgd_wd", {.type = "sgd", .lr = 0.1, .weightDecay = 0.05}, kSpecLr,
                {0.695625842f, 1.52702713f, 1.17280304f, -0.931662321f,
                 -1.33983624f, -0.0699170306f, 0.918009639f, 0.367566645f});
    // torch.optim.SGD([p], lr=0.1, momentum=0.9)
    addTorchRow("momentum", {.type = "momentum", .lr = 0.1, .momentum = 0.9}, kSpecLr,
                {-0.583015203f, 1.32913101f, 1.33256876f, -0.912568688f,
                 -1.32979155f, -0.397114217f, 1.13412464f, -0.044972606f});
    // torch.optim.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.05)
    addTorchRow("momentum_wd", {.type = "momentum", .lr = 0.1, .momentum = 0.9, .weightDecay = 0.05}, kSpecLr,
                {-0.611927807f, 1.22893429f, 1.25671005f, -0.850147724f,
                 -1.24007046f, -0.394939303f, 1.07468724f, -0.0669644848f});
    // torch.optim.SGD([p], lr=0.1, momentum=0.5, nesterov=True)
    addTorchRow("sgd_nesterov_flag", {.type = "sgd", .lr = 0.1, .momentum = 0.5, .nesterov = true}, kSpecLr,
                {0.364765406f, 1.49184215f, 1.25768638f, -0.938547313f,
                 -1.3560828f, -0.19612737f, 1.01525354f, 0.245304942f});
    // torch.optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True)
    addTorchRow("nesterov", {.type = "nesterov", .lr = 0.1, .momentum = 0.9}, kSpecLr,
                {-0.737972438f, 1.28464007f, 1.36921215f, -0.90093863f,
                 -1.31733513f, -0.488149583f, 1.18600738f, -0.121263005f});
    // torch.optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.05)
    addTorchRow("nesterov_wd", {.type = "nesterov", .lr = 0.1, .momentum = 0.9, .weightDecay = 0.05}, kSpecLr,
                {-0.748967648f, 1.16205823f, 1.27079487f, -0.822452843f,
                 -1.20420289f, -0.479387999f, 1.10706902f, -0.141033992f});
    // torch.optim.Adagrad([p], lr=0.1, eps=1e-10)
    addTorchRow("adagrad", {.type = "adagrad", .lr = 0.1, .eps = 1e-10}, kSpecLr,
                {0.964322865f, 1.54066825f, 1.17019379f, -0.730762064f,
                 -1.15063226f, -0.140775964f, 0.865942001f, 0.403776348f});
    // torch.optim.Adagrad([p], lr=0.1, eps=1e-10, weight_decay=0.05)
    addTorchRow("adagrad_wd", {.type = "adagrad", .lr = 0.1, .eps = 1e-10, .weightDecay = 0.05}, kSpecLr,
                {0.960394919f, 1.50454032f, 1.14097607f, -0.70165062f,
                 -1.11127222f, -0.13892363f, 0.848181188f, 0.397737712f});
    // torch.optim.RMSprop([p], lr=0.01, alpha=0.99, eps=1e-8)
    addTorchRow("rmsprop", {.type = "rmsprop", .lr = 0.01, .eps = 1e-08, .rho = 0.99}, kSpecLr,
                {0.964725196f, 1.5406847f, 1.17025709f, -0.730526984f,
                 -1.15056467f, -0.14091064f, 0.865944266f, 0.403834283f});
    // torch.optim.RMSprop([p], lr=0.01, alpha=0.9, eps=1e-8, momentum=0.9)
    addTorchRow("rmsprop_momentum", {.type = "rmsprop", .lr = 0.01, .momentum = 0.9, .eps = 1e-08, .rho = 0.9}, kSpecLr,
                {0.927942753f, 1.50951362f, 1.15664423f, -0.694890141f,
                 -1.11465991f, -0.174365714f, 0.846098959f, 0.368345201f});
    // torch.optim.RMSprop([p], lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.05)
    addTorchRow("rmsprop_wd", {.type = "rmsprop", .lr = 0.01, .eps = 1e-08, .rho = 0.99, .weightDecay = 0.05}, kSpecLr,
                {0.960750759f, 1.50411236f, 1.14087868f, -0.700941205f,
                 -1.11061871f, -0.139040411f, 0.848003268f, 0.397721678f});
    // torch.optim.RMSprop([p], lr=0.01, alpha=0.9, eps=1e-3, momentum=0.5, weight_decay=0.05)
    addTorchRow("rmsprop_momentum_wd", {.type = "rmsprop", .lr = 0.01, .momentum = 0.5, .eps = 0.001, .rho = 0.9, .weightDecay = 0.05}, kSpecLr,
                {0.983695269f, 1.5589689f, 1.15036666f, -0.814325571f,
                 -1.2302227f, -0.0551639907f, 0.857693791f, 0.438612312f});
    // torch.optim.Adam([p], lr=0.01)
    addTorchRow("adam", {.type = "adam", .lr = 0.01}, kSpecLr,
                {1.00478661f, 1.6117233f, 1.15636587f, -0.929188967f,
                 -1.35302174f, 0.0314727053f, 0.874140739f, 0.477626562f});
    // torch.optim.Adam([p], lr=0.01, weight_decay=0.05)
    addTorchRow("adam_wd", {.type = "adam", .lr = 0.01, .weightDecay = 0.05}, kSpecLr,
                {1.00416446f, 1.60681057f, 1.15093482f, -0.925189793f,
                 -1.34588146f, 0.031371858f, 0.871046603f, 0.4766756f});
    // torch.optim.Adam([p], lr=0.05, betas=(0.5, 0.9), eps=1e-3)
    addTorchRow("adam_betas", {.type = "adam", .lr = 0.05, .beta1 = 0.5, .beta2 = 0.9, .eps = 0.001}, kSpecLr,
                {0.960527182f, 1.54105544f, 1.19902539f, -0.779350281f,
                 -1.21215856f, -0.0876677781f, 0.922701061f, 0.40240705f});
    // torch.optim.Adam([p], lr=0.01), lr per step [0.01, 0.02, 0.005, 0.01, 0.03]
    addTorchRow("adam_varying_lr", {.type = "adam", .lr = 0.01}, kVaryingLr,
                {0.998070717f, 1.60034323f, 1.16475141f, -0.91220665f,
                 -1.33784556f, 0.0163127091f, 0.886766493f, 0.466713458f});
    // torch.optim.AdamW([p], lr=0.01, weight_decay=0.01)
    addTorchRow("adamw", {.type = "adamw", .lr = 0.01, .weightDecay = 0.01}, kSpecLr,
                {1.0042789f, 1.61090982f, 1.15579331f, -0.928712189f,
                 -1.35233462f, 0.0314475559f, 0.873710155f, 0.477379799f});
    // torch.optim.AdamW([p], lr=0.05, weight_decay=0.1)
    addTorchRow("adamw_strong", {.type = "adamw", .lr = 0.05, .weightDecay = 0.1}, kSpecLr,
                {0.884687543f, 1.45216966f, 1.16676772f, -0.73156476f,
                 -1.16175795f, -0.110986121f, 0.903985858f, 0.340710461f});
    // torch.optim.AdamW([p], lr=0.01, weight_decay=0.1), lr per step [0.01, 0.02, 0.005, 0.01, 0.03]
    addTorchRow("adamw_varying_lr", {.type = "adamw", .lr = 0.01, .weightDecay = 0.1}, kVaryingLr,
                {0.990503192f, 1.58821249f, 1.15616655f, -0.90512681f,
                 -1.32761931f, 0.0159811769f, 0.880294621f, 0.463057727f});
}

void TestOptimOptimizersTorch::matchesTorch()
{
    QFETCH(TorchCase, c);
    const Vector p = runFiveSteps(c);
    for (int i = 0; i < kN; ++i) {
        const double expected = c.expected[i];
        const double relError = std::abs(p[i] - expected) / std::abs(expected);
        QVERIFY2(relError <= 1e-6,
                 qPrintable(QStringLiteral("parameter %1: got %2, torch %3 (relative error %4)")
                                .arg(i).arg(double(p[i]), 0, 'g', 9).arg(expected, 0, 'g', 9)
                                .arg(relError)));
    }
}

void TestOptimOptimizersTorch::matchesTorchBitForBit()
{
    QFETCH(TorchCase, c);
    const Vector p = runFiveSteps(c);
    for (int i = 0; i < kN; ++i)   // QCOMPARE on floats is fuzzy: compare the bits
        QVERIFY2(std::bit_cast<std::uint32_t>(p[i]) == std::bit_cast<std::uint32_t>(c.expected[i]),
                 qPrintable(QStringLiteral("parameter %1: got %2, torch %3")
                                .arg(i).arg(double(p[i]), 0, 'g', 9).arg(double(c.expected[i]), 0, 'g', 9)));
}

void TestOptimOptimizersTorch::packetPathMatchesScalarPath_data()
{
    QTest::addColumn<OptimizerSpec>("spec");
    for (const auto& type : hs::optimizerTypes()) {
        OptimizerSpec s;
        s.type = type;
        s.momentum = 0.9;
        s.weightDecay = 0.02;
        s.eps = 1e-6;
        QTest::newRow(type.c_str()) << s;
    }
}

// One 37-element vector (vectorised body plus a scalar tail) must give, element for
// element, exactly what 37 one-element optimizers give: the fused operations round the
// same way in Eigen's packet path and in its scalar path.
void TestOptimOptimizersTorch::packetPathMatchesScalarPath()
{
    QFETCH(OptimizerSpec, spec);
    const int n = 37;
    auto whole = hs::makeOptimizer(spec);
    whole->reset(n);
    std::vector<std::unique_ptr<hs::Optimizer>> single;
    for (int i = 0; i < n; ++i) {
        single.push_back(hs::makeOptimizer(spec));
        single.back()->reset(1);
    }
    Vector p = Vector::LinSpaced(n, -1.5f, 2.5f);
    Vector q = p;
    for (int t = 0; t < 6; ++t) {
        Vector g(n);
        for (int i = 0; i < n; ++i)
            g[i] = std::sin(0.7f * float(i) + 1.3f * float(t)) * std::pow(10.0f, float(i % 5) - 3.0f);
        whole->step(p, g, 0.03);
        for (int i = 0; i < n; ++i)
            single[i]->step(q.segment(i, 1), g.segment(i, 1), 0.03);
    }
    QCOMPARE(p, q);
}

void TestOptimOptimizersTorch::rangedUpdatesMatchWholeStep_data()
{
    QTest::addColumn<OptimizerSpec>("spec");
    for (const auto& type : hs::optimizerTypes())
        for (const double weightDecay : {0.0, 0.02}) {
            OptimizerSpec s;
            s.type = type;
            s.momentum = 0.9;
            s.weightDecay = weightDecay;
            s.eps = 1e-6;
            QTest::newRow(qPrintable(QStringLiteral("%1, wd %2").arg(type.c_str()).arg(weightDecay))) << s;
        }
}

// prepare() and update() of disjoint ranges, in any order and two of them at
// the same time on two threads, give exactly one step() of the whole vector:
// the first step (momentum buffers cloned), later ones, and a varying lr. So
// does updateInto() from one buffer into another, which leaves its input as
// it was.
void TestOptimOptimizersTorch::rangedUpdatesMatchWholeStep()
{
    QFETCH(OptimizerSpec, spec);
    const Eigen::Index n = 1000;
    auto whole = hs::makeOptimizer(spec);
    auto ranged = hs::makeOptimizer(spec);
    auto into = hs::makeOptimizer(spec);
    whole->reset(n);
    ranged->reset(n);
    into->reset(n);
    Vector p = Vector::LinSpaced(n, -1.5f, 2.5f);
    Vector q = p;
    Vector current = p, spare = Vector::Constant(n, std::numeric_limits<float>::quiet_NaN());
    for (int t = 0; t < 5; ++t) {
        Vector g(n);
        for (Eigen::Index i = 0; i < n; ++i)
            g[i] = std::sin(0.7f * float(i) + 1.3f * float(t)) * std::pow(10.0f, float(i % 5) - 3.0f);
        const double lr = 0.03 / (1.0 + t);
        whole->step(p, g, lr);
        ranged->prepare(n, n, lr);
        ranged->update(700, q.segment(700, 300), g.segment(700, 300));
        std::thread other([&] { ranged->update(0, q.segment(0, 333), g.segment(0, 333)); });
        ranged->update(333, q.segment(333, 367), g.segment(333, 367));
        other.join();
        QCOMPARE(q, p);
        const Vector before = current;
        into->prepare(n, n, lr);
        into->updateInto(600, current.segment(600, 400), spare.segment(600, 400), g.segment(600, 400));
        into->updateInto(0, current.segment(0, 600), spare.segment(0, 600), g.segment(0, 600));
        QCOMPARE(current, before);
        current.swap(spare);
        QCOMPARE(current, p);
    }
}

void TestOptimOptimizersTorch::updateRejectsRangesOutsideTheState()
{
    for (const auto& type : hs::optimizerTypes()) {
        OptimizerSpec s;
        s.type = type;
        s.momentum = 0.5;
        s.weightDecay = 0.1;
        auto optimizer = hs::makeOptimizer(s);
        optimizer->reset(10);
        Vector p = Vector::Zero(10), g = Vector::Ones(10);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizer->prepare(9, 10, 0.1));
        optimizer->prepare(10, 10, 0.1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizer->update(6, p.segment(0, 5), g.segment(0, 5)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizer->update(-1, p.segment(0, 5), g.segment(0, 5)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizer->update(0, p.segment(0, 5), g.segment(0, 4)));
        Vector out = Vector::Zero(10);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 optimizer->updateInto(0, p.segment(0, 5), out.segment(0, 4), g.segment(0, 5)));
        optimizer->update(5, p.segment(5, 5), g.segment(5, 5));
        QVERIFY(p.head(5).isZero());
        QVERIFY((p.tail(5).array() != 0.0f).all());
    }
}

QTEST_APPLESS_MAIN(TestOptimOptimizersTorch)
#include "test_optim_optimizers_torch.moc"
