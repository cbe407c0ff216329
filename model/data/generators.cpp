#include "data/generators.h"

#include "core/rng.h"
#include "core/range_check.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hs {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// Independent streams derived from the seed: the shape (positions, quadrant
// choices), the noise, and the blob centres. Keeping noise apart means that
// changing `noise` moves the points without reshuffling the shape.
enum Stream : std::uint64_t { kShape = 1, kNoise = 2, kCentres = 3 };

enum class Kind { Circle, Xor, Gaussian, Spiral, Moons, Blobs, Imbalanced, Plane, Ripple };

struct Entry {
    Kind kind;
    GeneratorInfo info;
};

const std::vector<Entry>& entries()
{
    static const std::vector<Entry> table = {
        {Kind::Circle, {"circle", Task::Classification,
                        "Class 0 in a disc of radius 0.5, class 1 in a ring from 0.7 to 1.0 around it.",
                        false, false, false}},
        {Kind::Xor, {"xor", Task::Classification,
                     "Four quadrants of [-1, 1]^2: class 0 where x1 and x2 have the same sign, "
                     "class 1 where they differ; points keep 0.05 away from the axes.",
                     false, false, false}},
        {Kind::Gaussian, {"gaussian", Task::Classification,
                          "Two Gaussian clusters (std 0.2) centred at (-0.5, -0.5) and (0.5, 0.5).",
                          false, false, false}},
        {Kind::Spiral, {"spiral", Task::Classification,
                        "K interleaved spiral arms of 1.75 turns out to radius 1 (K = 2: the two-spiral problem).",
                        true, false, false}},
        {Kind::Moons, {"moons", Task::Classification,
                       "Two interleaving half circles of radius 1 (like scikit-learn's make_moons), centred.",
                       false, false, false}},
        {Kind::Blobs, {"blobs", Task::Classification,
                       "K Gaussian clusters (std 0.1) in D dimensions, centres uniform in [-1, 1]^D drawn from the seed.",
                       true, true, false}},
        {Kind::Imbalanced, {"imbalanced", Task::Classification,
                            "Binary and imbalanced: a small positive cluster (class 1, std 0.15, centred at (0.4, 0.4)) "
                            "overlapping a large negative one (std 0.5, centred at the origin).",
                            false, false, true}},
        {Kind::Plane, {"plane", Task::Regression,
                       "Regression: y = (x1 + x2) / 2 on [-1, 1]^2, noise added to y.",
                       false, false, false}},
        {Kind::Ripple, {"ripple", Task::Regression,
                        "Regression: y = cos(3 pi |x|) on [-1, 1]^2 (concentric ripples), noise added to y.",
                        false, false, false}},
    };
    return table;
}

const Entry* findEntry(const std::string& name)
{
    for (const Entry& e : entries())
        if (e.info.name == name)
            return &e;
    return nullptr;
}

// Class of sample i when K classes share n samples evenly: interleaved, so
// class sizes differ by at most one and any prefix is nearly balanced.
int balancedLabel(Eigen::Index i, int classes) { return static_cast<int>(i % classes); }

Dataset makeClassification(Eigen::Index n, int dims, int classes)
{
    Dataset d;
    d.task = Task::Classification;
    d.classes = classes;
    d.x.resize(dims, n);
    d.labels.resize(n);
    d.featureNames = numberedNames("x", dims);
    d.classNames = numberedNames("", classes, 0);
    return d;
}

// Adds N(0, noise^2) to every entry of m, column by column, from its own stream.
void addNoise(Matrix& m, double noise, Rng& rng)
{
    if (noise == 0.0)
        return;
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        for (Eigen::Index r = 0; r < m.rows(); ++r)
            m(r, j) = static_cast<Scalar>(m(r, j) + noise * rng.normal());
}

void setPoint(Dataset& d, Eigen::Index i, double a, double b)
{
    d.x(0, i) = static_cast<Scalar>(a);
    d.x(1, i) = static_cast<Scalar>(b);
}

Dataset classification2d(Kind kind, const GeneratorSpec& spec, Rng& rng)
{
    const Eigen::Index n = spec.samples;
    const int classes = kind == Kind::Spiral ? spec.classes : 2;
    Dataset d = makeClassification(n, 2, classes);

    // Imbalanced: spread the positives evenly through the sample order.
    const long long positives =
        std::clamp<long long>(std::llround(static_cast<double>(n) * spec.positiveFraction), 1, n - 1);

    for (Eigen::Index i = 0; i < n; ++i) {
        int label = balancedLabel(i, classes);
        switch (kind) {
        case Kind::Circle: {
            // Uniform over the area of the disc / ring.
            const double r = label == 0 ? 0.5 * std::sqrt(rng.uniform())
                                        : std::sqrt(0.49 + 0.51 * rng.uniform());
            const double a = kTwoPi * rng.uniform();
            setPoint(d, i, r * std::cos(a), r * std::sin(a));
            break;
        }
        case Kind::Xor: {
            const double s1 = rng.bernoulli(0.5) ? 1.0 : -1.0;
            const double s2 = label == 0 ? s1 : -s1;
            setPoint(d, i, s1 * rng.uniform(0.05, 1.0), s2 * rng.uniform(0.05, 1.0));
            break;
        }
        case Kind::Gaussian: {
            const double c = label == 0 ? -0.5 : 0.5;
            const double a = rng.normal(c, 0.2);
            setPoint(d, i, a, rng.normal(c, 0.2));
            break;
        }
        case Kind::Spiral: {
            const double t = rng.uniform();
            const double a = 1.75 * kTwoPi * t + kTwoPi * label / classes;
            setPoint(d, i, t * std::cos(a), t * std::sin(a));
            break;
        }
        case Kind::Moons: {
            const double t = std::numbers::pi * rng.uniform();
            if (label == 0)
                setPoint(d, i, std::cos(t) - 0.5, std::sin(t) - 0.25);
            else
                setPoint(d, i, 0.5 - std::cos(t), 0.25 - std::sin(t));
            break;
        }
        case Kind::Imbalanced: {
            label = static_cast<int>((i + 1) * positives / n - i * positives / n);
            const double c = label == 1 ? 0.4 : 0.0;
            const double s = label == 1 ? 0.15 : 0.5;
            const double a = rng.normal(c, s);
            setPoint(d, i, a, rng.normal(c, s));
            break;
        }
        default:
            break;
        }
        d.labels[i] = label;
    }
    return d;
}

Dataset blobs(const GeneratorSpec& spec, Rng& rng, Rng centreRng)
{
    const Eigen::Index n = spec.samples;
    const int dims = spec.dimensions;
    Dataset d = makeClassification(n, dims, spec.classes);

    Eigen::MatrixXd centres(dims, spec.classes);
    for (int k = 0; k < spec.classes; ++k)
        for (int r = 0; r < dims; ++r)
            centres(r, k) = centreRng.uniform(-1.0, 1.0);

    for (Eigen::Index i = 0; i < n; ++i) {
        const int label = balancedLabel(i, spec.classes);
        for (int r = 0; r < dims; ++r)
            d.x(r, i) = static_cast<Scalar>(rng.normal(centres(r, label), 0.1));
        d.labels[i] = label;
    }
    return d;
}

Dataset regression(Kind kind, const GeneratorSpec& spec, Rng& rng, Rng& noiseRng)
{
    const Eigen::Index n = spec.samples;
    Dataset d;
    d.task = Task::Regression;
    d.x.resize(2, n);
    d.targets.resize(1, n);
    d.featureNames = numberedNames("x", 2);
    for (Eigen::Index i = 0; i < n; ++i) {
        setPoint(d, i, rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0));
        // The target is a function of the stored (float) inputs, so at noise 0
        // it is exactly reproducible from x.
        const double a = d.x(0, i);
        const double b = d.x(1, i);
        const double y = kind == Kind::Plane ? 0.5 * (a + b)
                                             : std::cos(3.0 * std::numbers::pi * std::hypot(a, b));
        d.targets(0, i) = static_cast<Scalar>(y);
    }
    addNoise(d.targets, spec.noise, noiseRng);
    return d;
}

std::string catalogueNames()
{
    std::string names;
    for (const Entry& e : entries())
        names += (names.empty() ? "" : ", ") + e.info.name;
    return "one of " + names;
}

} // namespace

const std::vector<GeneratorInfo>& generatorCatalog()
{
    static const std::vector<GeneratorInfo> catalog = [] {
        std::vector<GeneratorInfo> infos;
        for (const Entry& e : entries())
            infos.push_back(e.info);
        return infos;
    }();
    return catalog;
}

const GeneratorInfo* findGenerator(const std::string& name)
{
    for (const GeneratorInfo& info : generatorCatalog())
        if (info.name == name)
            return &info;
    return nullptr;
}

void validateGeneratorSpec(const GeneratorSpec& spec)
{
    const GeneratorInfo* info = findGenerator(spec.name);
    if (!info)
        throwOutOfRange("data.dataset", "\"" + spec.name + "\"", catalogueNames());
    checkRange("data.samples", static_cast<long long>(spec.samples), 4, 10'000'000);
    if (!(spec.noise >= 0.0) || !std::isfinite(spec.noise))
        throwOutOfRange("data.noise", spec.noise, "a finite number >= 0");
    if (info->usesClasses)
        checkRange("data.classes", static_cast<long long>(spec.classes), 2, 100);
    if (info->usesDimensions)
        checkRange("data.dimensions", static_cast<long long>(spec.dimensions), 1, 1024);
    if (info->usesPositiveFraction)
        checkRange("data.positive_fraction", spec.positiveFraction, 0.01, 0.5);
    const long long dims = info->usesDimensions ? spec.dimensions : 2;
    if (static_cast<long long>(spec.samples) * dims > kMaxGeneratedValues)
        throw std::invalid_argument(
            "data.samples = " + std::to_string(spec.samples) + " with " + std::to_string(dims)
            + " dimensions is out of range: samples x dimensions must be at most "
            + std::to_string(kMaxGeneratedValues));
}

Dataset generate(const GeneratorSpec& spec)
{
    validateGeneratorSpec(spec);
    const Entry& entry = *findEntry(spec.name);
    const Rng root(spec.seed);
    Rng shape = root.derive(kShape);
    Rng noise = root.derive(kNoise);

    if (entry.info.task == Task::Regression)
        return regression(entry.kind, spec, shape, noise);

    Dataset d = entry.kind == Kind::Blobs ? blobs(spec, shape, root.derive(kCentres))
                                          : classification2d(entry.kind, spec, shape);
    addNoise(d.x, spec.noise, noise);
    return d;
}

} // namespace hs
