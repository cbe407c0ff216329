#pragma once
// Helper shared by the tests of per-epoch histories: two epochs (records,
// log entries or one of each) are equal field by field, bit for bit.

#include <QtTest>

namespace hs::testing {

template <class A, class B>
void compareEpochs(const A& a, const B& b)
{
    QCOMPARE(a.epoch, b.epoch);
    QCOMPARE(a.steps, b.steps);
    QCOMPARE(a.trainLoss, b.trainLoss);
    QCOMPARE(a.valLoss, b.valLoss);
    QCOMPARE(a.trainAccuracy, b.trainAccuracy);
    QCOMPARE(a.valAccuracy, b.valAccuracy);
    QCOMPARE(a.lr, b.lr);
    QCOMPARE(a.penalty, b.penalty);
    QCOMPARE(a.epochSeconds, b.epochSeconds);
    QCOMPARE(a.lrReduced, b.lrReduced);
    QCOMPARE(a.layers.size(), b.layers.size());
    for (std::size_t l = 0; l < a.layers.size(); ++l) {
        QCOMPARE(a.layers[l].gradNorm, b.layers[l].gradNorm);
        QCOMPARE(a.layers[l].updateRatio, b.layers[l].updateRatio);
        QCOMPARE(a.layers[l].weightNorm, b.layers[l].weightNorm);
        QCOMPARE(a.layers[l].deadFraction, b.layers[l].deadFraction);
        QCOMPARE(a.layers[l].saturatedFraction, b.layers[l].saturatedFraction);
    }
}

} // namespace hs::testing
