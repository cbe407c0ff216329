// The comparison view: one colour per run in every chart, the legend by
// run name, metrics and differing settings side by side, and export.

#include "chart_export.h"
#include "io/run_archive.h"
#include "metrics/curves.h"
#include "views/compare_view.h"
#include "views/confusion_view.h"

#include "history_testing.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegendMarker>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QXYSeries>

using namespace hs;
using namespace hs::testing;

namespace {

RunFolder trained(const QString& root, const RunConfig& config, const QString& name)
{
    Trainer t(config);
    NullObserver observer;
    RunControl control;
    t.run(observer, control);
    return readRunFolder(archiveRun(root.toStdString(), name.toStdString(), t, {}));
}

} // namespace

class TestCompareView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        RunConfig fast = circleConfig();
        fast.training.optimizer.lr = 0.1;
        RunConfig deep = circleConfig();
        deep.model.hidden = {6, 6};
        runs_ = {{QStringLiteral("base"), trained(tmp_.path(), circleConfig(), QStringLiteral("a"))},
                 {QStringLiteral("fast"), trained(tmp_.path(), fast, QStringLiteral("b"))},
                 {QStringLiteral("deep"), trained(tmp_.path(), deep, QStringLiteral("c"))}};
    }

    void emptyWithFewerThanTwo()
    {
        CompareView view;
        QVERIFY(view.isEmptyState());
        view.setRuns({runs_.first()});
        QVERIFY(view.isEmptyState());
    }

    void series_data()
    {
        QTest::addColumn<QString>("chart");
        QTest::addColumn<QString>("series");
        for (const char* c : {"loss/train", "loss/val", "accuracy/train", "accuracy/val", "lr/lr", "grad_norm/total",
                              "roc/roc", "pr/pr"})
            QTest::newRow(c) << QString::fromLatin1(c).section(QLatin1Char('/'), 0, 0)
                             << QString::fromLatin1(c).section(QLatin1Char('/'), 1, 1);
    }
    void series()
    {
        QFETCH(QString, chart);
        QFETCH(QString, series);
        CompareView view;
        view.resize(1200, 800);
        view.setRuns(runs_);
        QVERIFY(!view.isEmptyState());
        for (int r = 0; r < runs_.size(); ++r) {
            const QString id = QStringLiteral("%1/%2/%3").arg(chart, series).arg(r);
            QXYSeries* s = view.findSeries(id);
            QVERIFY2(s, qPrintable(id));
            QVERIFY2(s->count() > 0, qPrintable(id));
            QCOMPARE(s->pen().color(), CompareView::runColor(r)); // one colour per run in every chart
            QCOMPARE(s->name(), runs_[r].name);
        }
        if (chart == QLatin1String("loss") && series == QLatin1String("train"))
            QCOMPARE(view.findSeries(QStringLiteral("loss/train/0"))->count(), static_cast<int>(runs_[0].folder.history.size()));
    }

    void confusionMatricesSideBySide()
    {
        CompareView view;
        view.resize(1200, 800);
        view.setRuns(runs_);
        const auto maps = view.confusionMaps();
        QCOMPARE(maps.size(), runs_.size());
        for (int r = 0; r < runs_.size(); ++r) {
            const auto& expected = runs_[r].folder.metrics.at("confusion_matrix");
            const CountMatrix& counts = maps[r]->counts();
            QCOMPARE(counts.rows(), static_cast<Eigen::Index>(expected.size()));
            for (Eigen::Index a = 0; a < counts.rows(); ++a)
                for (Eigen::Index p = 0; p < counts.cols(); ++p)
                    QCOMPARE(counts(a, p), expected[a][p].get<std::int64_t>());
        }
        view.setRuns({runs_.first()});
        QVERIFY(view.confusionMaps().isEmpty());
    }

    void logLossAxis()
    {
        CompareView view;
        view.resize(1200, 800);
        view.setRuns(runs_);
        auto lossAxisIsLog = [&] {
            QXYSeries* s = view.findSeries(QStringLiteral("loss/train/0"));
            const auto axes = s->attachedAxes();
            return std::any_of(axes.begin(), axes.end(), [](QAbstractAxis* a) { return a->type() == QAbstractAxis::AxisTypeLogValue; });
        };
        QVERIFY(!lossAxisIsLog());
        view.setLogLoss(true);
        QVERIFY(lossAxisIsLog());
        QCOMPARE(view.findSeries(QStringLiteral("loss/train/0"))->count(), static_cast<int>(runs_[0].folder.history.size()));
        view.setRuns(runs_); // kept for the next runs compared
        QVERIFY(lossAxisIsLog());
        view.setLogLoss(false);
        QVERIFY(!lossAxisIsLog());
    }

    void multiClassRunsCompareOnTheMacroAverageRoc()
    {
        QList<ComparedRun> runs{{QStringLiteral("a"), trained(tmp_.path(), blobsConfig(), QStringLiteral("k1"))}};
        RunConfig other = blobsConfig();
        other.training.optimizer.lr = 0.05;
        runs.append({QStringLiteral("b"), trained(tmp_.path(), other, QStringLiteral("k2"))});
        QCOMPARE(runs[0].folder.roc.size(), std::size_t(10));
        CompareView view;
        view.resize(1200, 800);
        view.setRuns(runs);
        for (int r = 0; r < 2; ++r) {
            std::vector<RocCurve> perClass;
            for (const auto& c : runs[r].folder.roc)
                perClass.push_back(RocCurve{c.x, c.y, {}});
            const RocCurve macro = macroAverageRoc(perClass);
            QXYSeries* s = view.findSeries(QStringLiteral("roc/roc/%1").arg(r));
            QVERIFY(s);
            QCOMPARE(s->count(), int(macro.fpr.size()));
            QCOMPARE(s->at(s->count() - 1), QPointF(macro.fpr.back(), macro.tpr.back()));
        }
        QVERIFY(view.charts().at(4)->title().contains("macro average"));
        QVERIFY(view.charts().at(5)->title().contains("vs rest"));
    }

    void legendNamesEachRunOnce()
    {
        CompareView view;
        view.resize(1200, 800);
        view.setRuns(runs_);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (QChart* chart : view.charts()) {
            QStringList names;
            for (QLegendMarker* m : chart->legend()->markers())
                if (m->isVisible())
                    names << m->label();
            QCOMPARE(names, (QStringList{QStringLiteral("base"), QStringLiteral("fast"), QStringLiteral("deep")}));
        }
    }

    void tableListsMetricsAndDifferences()
    {
        CompareView view;
        view.setRuns(runs_);
        QTableWidget* t = view.table();
        QCOMPARE(t->columnCount(), 3);
        auto row = [t](const QString& label) {
            for (int r = 0; r < t->rowCount(); ++r)
                if (t->verticalHeaderItem(r)->text() == label)
                    return r;
            return -1;
        };
        const int lr = row(QStringLiteral("lr")), hidden = row(QStringLiteral("hidden"));
        QVERIFY(lr >= 0 && hidden >= 0);
        QCOMPARE(t->item(lr, 0)->text(), QStringLiteral("0.01"));
        QCOMPARE(t->item(lr, 1)->text(), QStringLiteral("0.1"));
        QCOMPARE(t->item(hidden, 2)->text(), QStringLiteral("[6,6]"));
        QVERIFY(row(QStringLiteral("activation")) < 0); // the same everywhere: not listed
        QVERIFY(row(QStringLiteral("ROC AUC")) >= 0);
        QCOMPARE(t->item(row(QStringLiteral("status")), 0)->text(), QStringLiteral("finished"));
    }

    void exports_data()
    {
        QTest::addColumn<QString>("format");
        for (const char* f : {"png", "svg", "pdf", "csv"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void exports()
    {
        QFETCH(QString, format);
        CompareView view;
        view.resize(1200, 800);
        view.setRuns(runs_);
        ExportFormat f;
        QVERIFY(exportFormatFromString(format, &f));
        QTemporaryDir out;
        const QString path = QDir(out.path()).filePath(QStringLiteral("compare.") + format);
        QString error;
        QVERIFY2(exportView(view, path, f, {}, &error), qPrintable(error));
        QVERIFY(QFileInfo(path).size() > 100);
        if (format == QLatin1String("csv")) {
            const QString csv = view.csvData();
            QVERIFY(csv.startsWith(QStringLiteral("chart,run,series,x,y\n")));
            QVERIFY(csv.contains(QStringLiteral("\nloss,fast,val,1,")));
        }
    }

private:
    QTemporaryDir tmp_;
    QList<ComparedRun> runs_;
};

QTEST_MAIN(TestCompareView)
#include "test_compare_view.moc"
