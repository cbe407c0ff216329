// Confusion matrix: rows actual, columns predicted, like
// sklearn.metrics.confusion_matrix(actual, predicted, labels=range(classes)).

#include "metrics/confusion.h"
#include "metrics_testing.h"

#include <QtTest>

#include <stdexcept>
#include <vector>

using hs::CountMatrix;

using hs::testing::toIndexVector;

class TestMetricsConfusion : public QObject {
    Q_OBJECT

private slots:
    void counts_data();
    void counts();
    void rejectsBadInput_data();
    void rejectsBadInput();
};

void TestMetricsConfusion::counts_data()
{
    QTest::addColumn<std::vector<int>>("actual");
    QTest::addColumn<std::vector<int>>("predicted");
    QTest::addColumn<int>("classes");
    QTest::addColumn<std::vector<int>>("expected"); // row-major, rows actual

    QTest::newRow("binary") << std::vector<int>{0, 1, 0, 1, 1} << std::vector<int>{0, 1, 1, 0, 1} << 2
                            << std::vector<int>{1, 1, 1, 2};
    QTest::newRow("binary, one class only") << std::vector<int>{1, 1, 1} << std::vector<int>{1, 0, 1} << 2
                                            << std::vector<int>{0, 0, 1, 2};
    // Class 2 never actual (row of zeros) but predicted once (column 2).
    QTest::newRow("K=3, class 2 absent from labels")
        << std::vector<int>{0, 1, 0, 1, 0} << std::vector<int>{0, 2, 1, 1, 0} << 3
        << std::vector<int>{2, 1, 0, 0, 1, 1, 0, 0, 0};
    // Classes 3 and 7 appear nowhere, class 9 only as a prediction.
    QTest::newRow("K=10, absent classes")
        << std::vector<int>{0, 1, 2, 4, 5, 6, 8, 0, 1, 2, 4, 5, 6, 8, 8}
        << std::vector<int>{0, 1, 2, 4, 5, 6, 8, 1, 1, 9, 4, 0, 6, 8, 2} << 10
        << std::vector<int>{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, //
                            0, 2, 0, 0, 0, 0, 0, 0, 0, 0, //
                            0, 0, 1, 0, 0, 0, 0, 0, 0, 1, //
                            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
                            0, 0, 0, 0, 2, 0, 0, 0, 0, 0, //
                            1, 0, 0, 0, 0, 1, 0, 0, 0, 0, //
                            0, 0, 0, 0, 0, 0, 2, 0, 0, 0, //
                            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
                            0, 0, 1, 0, 0, 0, 0, 0, 2, 0, //
                            0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    QTest::newRow("one sample") << std::vector<int>{2} << std::vector<int>{0} << 3
                                << std::vector<int>{0, 0, 0, 0, 0, 0, 1, 0, 0};
    QTest::newRow("empty, K=2") << std::vector<int>{} << std::vector<int>{} << 2 << std::vector<int>{0, 0, 0, 0};
    QTest::newRow("empty, K=0") << std::vector<int>{} << std::vector<int>{} << 0 << std::vector<int>{};
}

void TestMetricsConfusion::counts()
{
    QFETCH(std::vector<int>, actual);
    QFETCH(std::vector<int>, predicted);
    QFETCH(int, classes);
    QFETCH(std::vector<int>, expected);

    const CountMatrix c = hs::confusionMatrix(toIndexVector(actual), toIndexVector(predicted), classes);
    QCOMPARE(c.rows(), Eigen::Index(classes));
    QCOMPARE(c.cols(), Eigen::Index(classes));
    for (int i = 0; i < classes; ++i)
        for (int j = 0; j < classes; ++j)
            QCOMPARE(c(i, j), std::int64_t(expected[static_cast<std::size_t>(i * classes + j)]));
    QCOMPARE(c.sum(), std::int64_t(actual.size()));
}

void TestMetricsConfusion::rejectsBadInput_data()
{
    QTest::addColumn<std::vector<int>>("actual");
    QTest::addColumn<std::vector<int>>("predicted");
    QTest::addColumn<int>("classes");

    QTest::newRow("actual == classes") << std::vector<int>{0, 2} << std::vector<int>{0, 1} << 2;
    QTest::newRow("predicted == classes") << std::vector<int>{0, 1} << std::vector<int>{0, 2} << 2;
    QTest::newRow("negative actual") << std::vector<int>{-1, 1} << std::vector<int>{0, 1} << 2;
    QTest::newRow("negative predicted") << std::vector<int>{0, 1} << std::vector<int>{0, -1} << 2;
    QTest::newRow("size mismatch") << std::vector<int>{0, 1} << std::vector<int>{0} << 2;
    QTest::newRow("negative classes") << std::vector<int>{} << std::vector<int>{} << -1;
    QTest::newRow("labels with zero classes") << std::vector<int>{0} << std::vector<int>{0} << 0;
}

void TestMetricsConfusion::rejectsBadInput()
{
    QFETCH(std::vector<int>, actual);
    QFETCH(std::vector<int>, predicted);
    QFETCH(int, classes);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             hs::confusionMatrix(toIndexVector(actual), toIndexVector(predicted), classes));
}

QTEST_APPLESS_MAIN(TestMetricsConfusion)
#include "test_metrics_confusion.moc"
