// Export of the views: PNG (1×, 2×, DPI), SVG, PDF and CSV files that are
// complete and valid; failures that name the file and leave an existing file
// untouched; "export all" and renderRunCharts (the CLI's --charts).
//
// Set HYPERSCOPE_KEEP_CHARTS=DIR to keep the rendered charts of a spiral and
// a 10-class blobs run in DIR for a look.

#include "view_testing.h"

#include "chart_export.h"
#include "io/config_json.h"
#include "views/loss_view.h"
#include "views/weights_view.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>
#endif

using namespace hs;

class TestExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void formats();
    void hiddenViewExportsAtItsSize();
    void pngScaleAndDpi();
    void csvHasOneRowPerEpoch();
    void failureNamesTheFile();
    void readOnlyFolderKeepsTheOldFile();
    void fullDiskKeepsTheOldFile();
    void exportAllWritesEveryViewAndTheConfig();
    void renderRunChartsWritesSevenFiles_data();
    void renderRunChartsWritesSevenFiles();
    void keepChartsForALook();

private:
    RunModel model_;
    std::unique_ptr<LossView> loss_;
};

void TestExport::initTestCase()
{
    testing::trainInto(model_, testing::circleConfig());
    loss_ = std::make_unique<LossView>(&model_);
    loss_->resize(900, 600);
    loss_->show();
    QVERIFY(QTest::qWaitForWindowExposed(loss_.get()) || true);
}

void TestExport::formats()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    const QString png = dir.filePath("loss.png"), svg = dir.filePath("loss.svg"), pdf = dir.filePath("loss.pdf"),
                  csv = dir.filePath("loss.csv");
    QVERIFY2(exportView(*loss_, png, ExportFormat::Png, {}, &error), qPrintable(error));
    QVERIFY2(exportView(*loss_, svg, ExportFormat::Svg, {}, &error), qPrintable(error));
    QVERIFY2(exportView(*loss_, pdf, ExportFormat::Pdf, {}, &error), qPrintable(error));
    QVERIFY2(exportView(*loss_, csv, ExportFormat::Csv, {}, &error), qPrintable(error));

    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(900, 600));
    // Not blank: the curves put coloured pixels on the white page.
    int coloured = 0;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3) {
            const QColor c = image.pixelColor(x, y);
            coloured += c.saturation() > 80 ? 1 : 0;
        }
    QVERIFY2(coloured > 100, qPrintable(QString::number(coloured)));

    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QFile svgFile(svg);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    const QByteArray svgText = svgFile.readAll();
    QVERIFY(svgText.contains("<text")); // text stays text
    QVERIFY(svgText.contains("epoch"));

    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    const QByteArray pdfBytes = pdfFile.readAll();
    QVERIFY(pdfBytes.startsWith("%PDF"));
    QVERIFY(pdfBytes.size() > 2000);
    QVERIFY(pdfBytes.trimmed().endsWith("%%EOF"));

    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    QVERIFY(csvFile.readLine().startsWith("epoch,train_loss,val_loss"));
    // No temporary files are left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 4);
}

void TestExport::hiddenViewExportsAtItsSize()
{
    // Never shown (like a tile behind a maximized view): still laid out
    // across the whole picture, not crammed into a default-sized corner.
    RunModel model;
    testing::trainInto(model, testing::circleConfig());
    LossView view(&model);
    view.resize(1000, 700);
    QVERIFY(!view.isVisible());
    const QImage image = renderImage(view);
    QCOMPARE(image.size(), QSize(1000, 700));
    int right = 0, bottom = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            if (image.pixelColor(x, y).saturation() > 80) {
                right += x > 800 ? 1 : 0;
                bottom += y > 450 ? 1 : 0;
            }
    QVERIFY2(right > 50, qPrintable(QString::number(right)));   // the curves reach the right edge
    QVERIFY2(bottom > 50, qPrintable(QString::number(bottom))); // the accuracy chart is drawn below
}

void TestExport::pngScaleAndDpi()
{
    QTemporaryDir dir;
    QString error;
    ExportOptions two;
    two.scale = 2.0;
    QVERIFY2(exportView(*loss_, dir.filePath("x2.png"), ExportFormat::Png, two, &error), qPrintable(error));
    QCOMPARE(QImage(dir.filePath("x2.png")).size(), QSize(1800, 1200));
    ExportOptions dpi;
    dpi.dpi = 300;
    dpi.size = QSize(600, 400);
    QVERIFY2(exportView(*loss_, dir.filePath("dpi.png"), ExportFormat::Png, dpi, &error), qPrintable(error));
    const QImage image(dir.filePath("dpi.png"));
    QCOMPARE(image.size(), QSize(1875, 1250));
    QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), 300);
}

void TestExport::csvHasOneRowPerEpoch()
{
    const QStringList lines = loss_->csvData().split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), QStringLiteral("epoch,train_loss,val_loss,train_accuracy,val_accuracy,lr,lr_reduced"));
    QCOMPARE(lines.size(), 1 + int(model_.history().size()));
    QVERIFY(lines.at(1).startsWith("1,"));
}

void TestExport::failureNamesTheFile()
{
    QTemporaryDir dir;
    // A "folder" that is a file: writing below it fails for every user.
    QFile blocker(dir.filePath("not-a-folder"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QString error;
    const QString bad = dir.filePath("not-a-folder/loss.png");
    QVERIFY(!exportView(*loss_, bad, ExportFormat::Png, {}, &error));
    QVERIFY2(error.contains("loss.png"), qPrintable(error));
    QVERIFY2(error.contains("Could not write"), qPrintable(error));
    qInfo("%s", qPrintable(error));

}

void TestExport::readOnlyFolderKeepsTheOldFile()
{
#ifdef Q_OS_UNIX
    if (::geteuid() == 0)
        QSKIP("running as root: folder permissions do not apply (fullDiskKeepsTheOldFile covers keeping the old file)");
    QTemporaryDir dir;
    QString error;
    // A read-only folder with an existing file in it.
    const QString folder = dir.filePath("readonly");
    QVERIFY(QDir().mkpath(folder));
    const QString existing = folder + "/loss.svg";
    QFile old(existing);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old content");
    old.close();
    QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    error.clear();
    const bool ok = exportView(*loss_, existing, ExportFormat::Svg, {}, &error);
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QVERIFY(!ok);
    QVERIFY2(error.contains("loss.svg") && error.contains("not writable"), qPrintable(error));
    qInfo("%s", qPrintable(error));
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("old content"));
    QCOMPARE(QDir(folder).entryList(QDir::Files).size(), 1);
#endif
}

void TestExport::fullDiskKeepsTheOldFile()
{
#ifdef Q_OS_UNIX
    // RLIMIT_FSIZE makes writes past 4 KiB fail with EFBIG, like a full
    // disk, for every user (root included).
    QTemporaryDir dir;
    const QString existing = dir.filePath("loss.pdf");
    QFile old(existing);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old content");
    old.close();

    struct rlimit saved {};
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
    auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = saved;
    small.rlim_cur = 4096;
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
    QString pdfError, pngError;
    const bool pdfOk = exportView(*loss_, existing, ExportFormat::Pdf, {}, &pdfError);
    const bool pngOk = exportView(*loss_, dir.filePath("new.png"), ExportFormat::Png, {}, &pngError);
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    qInfo("%s", qPrintable(pdfError));
    qInfo("%s", qPrintable(pngError));
    QVERIFY(!pdfOk);
    QVERIFY2(pdfError.contains("loss.pdf"), qPrintable(pdfError));
    QVERIFY(!pngOk);
    QVERIFY2(pngError.contains("new.png"), qPrintable(pngError));
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("old content"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"loss.pdf"}); // no half file, no temp file
#else
    QSKIP("POSIX only");
#endif
}

void TestExport::exportAllWritesEveryViewAndTheConfig()
{
    QTemporaryDir dir;
    WeightsView weights(&model_);
    weights.resize(800, 600);
    QString error;
    QStringList written;
    const QString folder = dir.filePath("run/charts");
    QVERIFY2(exportAll({loss_.get(), &weights}, model_, folder, ExportFormat::Svg, {}, &error, &written),
             qPrintable(error));
    QCOMPARE(written.size(), 3);
    QVERIFY(QSvgRenderer(folder + "/loss.svg").isValid());
    QVERIFY(QSvgRenderer(folder + "/weights.svg").isValid());
    QFile config(folder + "/config.json");
    QVERIFY(config.open(QIODevice::ReadOnly));
    QVERIFY(config.readAll().contains("\"circle\""));
}

void TestExport::renderRunChartsWritesSevenFiles_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("png") << "png";
    QTest::newRow("svg") << "svg";
    QTest::newRow("pdf") << "pdf";
}

void TestExport::renderRunChartsWritesSevenFiles()
{
    QFETCH(QString, format);
    QTemporaryDir dir;
    QString error;
    QStringList written;
    QVERIFY2(renderRunCharts(model_, dir.path(), format, &error, &written), qPrintable(error));
    QCOMPARE(written.size(), 7);
    const QStringList files = QDir(dir.path()).entryList(QDir::Files);
    QCOMPARE(files.size(), 7);
    for (const QString& stem : {"loss", "learning_rate", "gradients", "confusion", "curves", "decision_boundary",
                                "weights"})
        QVERIFY2(files.contains(stem + ('.' + format)), qPrintable(stem));
    for (const QString& path : written) {
        QVERIFY(QFileInfo(path).size() > 1000);
        if (format == "png")
            QCOMPARE(QImage(path).size(), QSize(1200, 800));
        else if (format == "svg")
            QVERIFY(QSvgRenderer(path).isValid());
    }
    QVERIFY(!renderRunCharts(model_, dir.path(), "bmp", &error));
    QVERIFY(error.contains("bmp"));
}

void TestExport::keepChartsForALook()
{
    const QString keep = qEnvironmentVariable("HYPERSCOPE_KEEP_CHARTS");
    if (keep.isEmpty())
        QSKIP("set HYPERSCOPE_KEEP_CHARTS=DIR to keep rendered charts");
    QString error;
    RunModel spiral;
    testing::trainInto(spiral, RunConfig{});
    QVERIFY2(renderRunCharts(spiral, keep + "/spiral", "png", &error), qPrintable(error));
    RunModel blobs;
    RunConfig b = testing::blobsConfig();
    b.training.epochs = 40;
    testing::trainInto(blobs, b);
    QVERIFY2(renderRunCharts(blobs, keep + "/blobs10", "png", &error), qPrintable(error));
    RunModel plane;
    testing::trainInto(plane, testing::planeConfig());
    QVERIFY2(renderRunCharts(plane, keep + "/plane", "png", &error), qPrintable(error));
    QVERIFY2(renderRunCharts(spiral, keep + "/spiral_pdf", "pdf", &error), qPrintable(error));
    // The SVGs as another renderer sees them.
    QStringList svgs;
    QVERIFY2(renderRunCharts(blobs, keep + "/blobs10_svg", "svg", &error, &svgs), qPrintable(error));
    for (const QString& svg : svgs) {
        QSvgRenderer renderer(svg);
        QImage image(1200, 800, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        renderer.render(&painter);
        painter.end();
        QVERIFY(image.save(svg + ".png"));
    }
    // Every lesson preset, when asked for.
    if (qEnvironmentVariableIsSet("HYPERSCOPE_KEEP_PRESETS")) {
        const QDir presets(QStringLiteral(HYPERSCOPE_SOURCE_DIR "/resources/presets"));
        for (const QString& name : presets.entryList({"*.json"}, QDir::Files)) {
            QFile file(presets.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const auto parsed = configFromText(file.readAll().toStdString(), name.toStdString());
            QVERIFY2(parsed.ok(), qPrintable(name));
            RunModel run;
            testing::trainInto(run, parsed.config);
            QVERIFY2(renderRunCharts(run, keep + "/preset_" + QFileInfo(name).baseName(), "png", &error),
                     qPrintable(error));
        }
    }
}

QTEST_MAIN(TestExport)
#include "test_export.moc"
