// Bundled real data sets: names, shapes, class names and counts.

#include "data/bundled.h"

#include <QtTest>

#include <stdexcept>

using namespace hs;

class TestDataBundled : public QObject {
    Q_OBJECT

private slots:
    void names();
    void shapes_data();
    void shapes();
    void irisValues();
    void breastCancerPositiveClass();
    void digitsPixels();
    void unknownName();
};

void TestDataBundled::names()
{
    QCOMPARE(bundledDatasetNames(), (std::vector<std::string>{"iris", "breast_cancer", "digits"}));
    QVERIFY(isBundledDataset("digits"));
    QVERIFY(!isBundledDataset("mnist"));
    QVERIFY(bundledCsv("iris").starts_with("sepal length (cm),"));
}

void TestDataBundled::shapes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("features");
    QTest::addColumn<int>("classes");
    QTest::addColumn<QString>("firstClass");
    QTest::addColumn<QString>("lastClass");
    QTest::newRow("iris") << "iris" << 150 << 4 << 3 << "setosa" << "virginica";
    QTest::newRow("breast_cancer") << "breast_cancer" << 569 << 30 << 2 << "benign" << "malignant";
    QTest::newRow("digits") << "digits" << 1797 << 64 << 10 << "0" << "9";
}

void TestDataBundled::shapes()
{
    QFETCH(QString, name);
    QFETCH(int, samples);
    QFETCH(int, features);
    QFETCH(int, classes);
    QFETCH(QString, firstClass);
    QFETCH(QString, lastClass);
    const Dataset d = loadBundled(name.toStdString());
    d.validate();
    QCOMPARE(d.task, Task::Classification);
    QCOMPARE(d.samples(), Eigen::Index(samples));
    QCOMPARE(d.features(), Eigen::Index(features));
    QCOMPARE(d.classes, classes);
    QCOMPARE(QString::fromStdString(d.classNames.front()), firstClass);
    QCOMPARE(QString::fromStdString(d.classNames.back()), lastClass);
    QVERIFY(d.x.allFinite());
    for (Eigen::Index c : d.classCounts())
        QVERIFY(c > 0);
}

void TestDataBundled::irisValues()
{
    const Dataset d = loadBundled("iris");
    QCOMPARE(d.featureNames.front(), std::string("sepal length (cm)"));
    QCOMPARE(d.classCounts(), (std::vector<Eigen::Index>{50, 50, 50}));
    QCOMPARE(d.x(0, 0), 5.1f);   // first row: 5.1, 3.5, 1.4, 0.2, setosa
    QCOMPARE(d.x(3, 0), 0.2f);
    QCOMPARE(d.labels[0], 0);
}

void TestDataBundled::breastCancerPositiveClass()
{
    const Dataset d = loadBundled("breast_cancer");
    QCOMPARE(d.classCounts(), (std::vector<Eigen::Index>{357, 212}));   // malignant = class 1
    QCOMPARE(d.featureNames.front(), std::string("mean radius"));
    QCOMPARE(d.featureNames.back(), std::string("worst fractal dimension"));
    QCOMPARE(d.labels[0], 1);   // the first sample is malignant
    QCOMPARE(d.x(0, 0), 17.99f);
}

void TestDataBundled::digitsPixels()
{
    const Dataset d = loadBundled("digits");
    QCOMPARE(d.x.minCoeff(), 0.0f);
    QCOMPARE(d.x.maxCoeff(), 16.0f);
    QCOMPARE(d.featureNames[9], std::string("pixel_1_1"));
    for (int digit = 0; digit < 10; ++digit)
        QCOMPARE(d.classNames[static_cast<std::size_t>(digit)], std::to_string(digit));
    QCOMPARE(d.classCounts()[0], Eigen::Index(178));
}

void TestDataBundled::unknownName()
{
    try {
        loadBundled("mnist");
        QFAIL("no exception");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString(e.what()).contains("data.dataset = \"mnist\""), e.what());
    }
}

QTEST_APPLESS_MAIN(TestDataBundled)
#include "test_data_bundled.moc"
