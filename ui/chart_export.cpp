#include "chart_export.h"

#include "io/config_json.h"
#include "run_model.h"
#include "views/confusion_view.h"
#include "views/curves_view.h"
#include "views/decision_boundary_view.h"
#include "views/exportable_view.h"
#include "views/gradient_view.h"
#include "views/learning_rate_view.h"
#include "views/loss_view.h"
#include "views/weights_view.h"

#include <QAction>
#include <QBuffer>
#include <QClipboard>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QImageWriter>
#include <QMessageBox>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

#include <memory>

namespace hs {

namespace {

constexpr QSize kChartSize(1200, 800);

QString failure(const QString& path, const QString& reason)
{
    return QCoreApplication::translate("hs::export", "Could not write “%1”: %2")
        .arg(QDir::toNativeSeparators(path), reason);
}

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

QSize drawingSize(ExportableView& view, const ExportOptions& options)
{
    if (options.size.isValid() && !options.size.isEmpty())
        return options.size;
    const QSize s = view.widget()->size();
    return s.isEmpty() ? kChartSize : s;
}

int logicalDpi(ExportableView& view)
{
    const int dpi = view.widget()->logicalDpiX();
    return dpi > 0 ? dpi : 96;
}

// Opens `file` for writing; on failure explains why.
bool openForWriting(QSaveFile& file, QString* error)
{
    if (file.open(QIODevice::WriteOnly))
        return true;
    QString reason = file.errorString();
    const QFileInfo dir(QFileInfo(file.fileName()).absolutePath());
    if (!dir.exists())
        reason = QCoreApplication::translate("hs::export", "the folder “%1” does not exist")
                     .arg(QDir::toNativeSeparators(dir.absoluteFilePath()));
    else if (!dir.isWritable())
        reason = QCoreApplication::translate("hs::export", "the folder “%1” is not writable (%2)")
                     .arg(QDir::toNativeSeparators(dir.absoluteFilePath()), reason);
    return fail(error, failure(file.fileName(), reason));
}

bool commit(QSaveFile& file, QString* error)
{
    if (file.commit())
        return true;
    return fail(error, failure(file.fileName(), file.errorString()));
}

bool writeBytes(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!openForWriting(file, error))
        return false;
    // A short write is retried, so that the second attempt reports the
    // reason (disk full, file too large) that the first one swallowed.
    qint64 done = 0;
    while (done < bytes.size()) {
        const qint64 n = file.write(bytes.constData() + done, bytes.size() - done);
        if (n <= 0) {
            const QString reason = file.errorString();
            file.cancelWriting();
            return fail(error, failure(path, reason));
        }
        done += n;
    }
    return commit(file, error);
}

} // namespace

bool exportFormatFromString(const QString& text, ExportFormat* format)
{
    const QString t = text.trimmed().toLower();
    ExportFormat f;
    if (t == QLatin1String("png"))
        f = ExportFormat::Png;
    else if (t == QLatin1String("svg"))
        f = ExportFormat::Svg;
    else if (t == QLatin1String("pdf"))
        f = ExportFormat::Pdf;
    else if (t == QLatin1String("csv"))
        f = ExportFormat::Csv;
    else
        return false;
    if (format)
        *format = f;
    return true;
}

QString extensionOf(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png: return QStringLiteral("png");
    case ExportFormat::Svg: return QStringLiteral("svg");
    case ExportFormat::Pdf: return QStringLiteral("pdf");
    case ExportFormat::Csv: return QStringLiteral("csv");
    }
    return {};
}

QImage renderImage(ExportableView& view, const ExportOptions& options)
{
    const QSize size = drawingSize(view, options);
    const double scale = options.dpi > 0 ? options.dpi / 96.0 : std::max(0.1, options.scale);
    QImage image((QSizeF(size) * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return image;
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        view.renderTo(painter, QRectF(QPointF(0, 0), QSizeF(size)));
    }
    if (options.dpi > 0) {
        const int dpm = int(std::lround(options.dpi / 0.0254));
        image.setDotsPerMeterX(dpm);
        image.setDotsPerMeterY(dpm);
    }
    return image;
}

bool exportView(ExportableView& view, const QString& path, ExportFormat format, const ExportOptions& options,
                QString* error)
{
    switch (format) {
    case ExportFormat::Csv:
        return writeBytes(path, view.csvData().toUtf8(), error);
    case ExportFormat::Png: {
        const QImage image = renderImage(view, options);
        if (image.isNull())
            return fail(error, failure(path, QCoreApplication::translate("hs::export", "the image is too large")));
        // Encoded in memory first: file errors then come from the file
        // (libpng only says "write error").
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "png");
        if (!writer.write(image))
            return fail(error, failure(path, writer.errorString()));
        return writeBytes(path, bytes, error);
    }
    case ExportFormat::Svg: {
        const QSize size = drawingSize(view, options);
        QSaveFile file(path);
        if (!openForWriting(file, error))
            return false;
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setResolution(logicalDpi(view));
        svg.setTitle(view.title());
        svg.setDescription(QStringLiteral("Hyperscope"));
        QPainter painter;
        if (!painter.begin(&svg)) {
            file.cancelWriting();
            return fail(error, failure(path, QCoreApplication::translate("hs::export", "cannot start the SVG")));
        }
        view.renderTo(painter, QRectF(QPointF(0, 0), QSizeF(size)));
        painter.end();
        return commit(file, error);
    }
    case ExportFormat::Pdf: {
        const QSize size = drawingSize(view, options);
        const int dpi = logicalDpi(view);
        QSaveFile file(path);
        if (!openForWriting(file, error))
            return false;
        {
            QPdfWriter pdf(&file);
            pdf.setResolution(dpi);
            pdf.setCreator(QStringLiteral("Hyperscope"));
            pdf.setTitle(view.title());
            const QSizeF points(size.width() * 72.0 / dpi, size.height() * 72.0 / dpi);
            pdf.setPageSize(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            QPainter painter;
            if (!painter.begin(&pdf)) {
                file.cancelWriting();
                return fail(error, failure(path, QCoreApplication::translate("hs::export", "cannot start the PDF")));
            }
            view.renderTo(painter, QRectF(QPointF(0, 0), QSizeF(size)));
            painter.end();
        }
        return commit(file, error);
    }
    }
    return fail(error, failure(path, QStringLiteral("unknown format")));
}

void copyToClipboard(ExportableView& view)
{
    ExportOptions options;
    options.scale = 2.0;
    QImage image = renderImage(view, options);
    image.setDevicePixelRatio(1.0);
    if (auto* clipboard = QGuiApplication::clipboard())
        clipboard->setImage(image);
}

bool exportAll(const QList<ExportableView*>& views, const RunModel& model, const QString& dir, ExportFormat format,
               const ExportOptions& options, QString* error, QStringList* written)
{
    if (!QDir().mkpath(dir))
        return fail(error, QCoreApplication::translate("hs::export", "Could not create the folder “%1”")
                               .arg(QDir::toNativeSeparators(dir)));
    const QDir d(dir);
    for (ExportableView* view : views) {
        const QString path = d.filePath(view->fileStem() + '.' + extensionOf(format));
        if (!exportView(*view, path, format, options, error))
            return false;
        if (written)
            *written << path;
    }
    const QString configPath = d.filePath(QStringLiteral("config.json"));
    const std::string text = configToText(model.setup().config);
    if (!writeBytes(configPath, QByteArray::fromStdString(text), error))
        return false;
    if (written)
        *written << configPath;
    return true;
}

bool renderRunCharts(RunModel& model, const QString& dir, const QString& format, QString* error, QStringList* written)
{
    ExportFormat f;
    if (!exportFormatFromString(format, &f))
        return fail(error, QCoreApplication::translate("hs::export", "Unknown chart format “%1” (use png, svg or pdf)")
                               .arg(format));
    if (!QDir().mkpath(dir))
        return fail(error, QCoreApplication::translate("hs::export", "Could not create the folder “%1”")
                               .arg(QDir::toNativeSeparators(dir)));
    std::vector<std::unique_ptr<QWidget>> owned;
    QList<ExportableView*> views;
    auto add = [&](auto* view) {
        owned.emplace_back(view);
        views << view;
    };
    add(new LossView(&model));
    add(new LearningRateView(&model));
    add(new GradientView(&model));
    add(new ConfusionView(&model));
    add(new CurvesView(&model));
    add(new DecisionBoundaryView(&model));
    add(new WeightsView(&model));
    for (auto& w : owned) {
        w->setAttribute(Qt::WA_DontShowOnScreen);
        w->resize(kChartSize);
        w->show();
    }
    // Deliver the layout requests the first show posted, once (not a loop).
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const QDir d(dir);
    ExportOptions options;
    options.size = kChartSize;
    for (ExportableView* view : views) {
        const QString path = d.filePath(view->fileStem() + '.' + extensionOf(f));
        if (!exportView(*view, path, f, options, error))
            return false;
        if (written)
            *written << path;
    }
    return true;
}

QList<QAction*> exportActions(ExportableView* view, QWidget* parent)
{
    static QString lastDir = QDir::homePath();
    auto save = [view, parent](ExportFormat format, const QString& filter, double scale) {
        const QString suggested = QDir(lastDir).filePath(view->fileStem() + '.' + extensionOf(format));
        const QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Export %1").arg(view->title()),
                                                          suggested, filter);
        if (path.isEmpty())
            return;
        lastDir = QFileInfo(path).absolutePath();
        ExportOptions options;
        options.scale = scale;
        QString error;
        if (!exportView(*view, path, format, options, &error))
            QMessageBox::warning(parent, QObject::tr("Export failed"), error);
    };
    QList<QAction*> actions;
    auto make = [&](const QString& text, auto slot) {
        auto* a = new QAction(text, parent);
        QObject::connect(a, &QAction::triggered, parent, slot);
        actions << a;
        return a;
    };
    make(QObject::tr("Export PNG…"), [save] { save(ExportFormat::Png, QObject::tr("PNG image (*.png)"), 1.0); });
    make(QObject::tr("Export PNG (2×)…"), [save] { save(ExportFormat::Png, QObject::tr("PNG image (*.png)"), 2.0); });
    make(QObject::tr("Export SVG…"), [save] { save(ExportFormat::Svg, QObject::tr("SVG drawing (*.svg)"), 1.0); });
    make(QObject::tr("Export PDF…"), [save] { save(ExportFormat::Pdf, QObject::tr("PDF document (*.pdf)"), 1.0); });
    make(QObject::tr("Export CSV…"), [save] { save(ExportFormat::Csv, QObject::tr("CSV table (*.csv)"), 1.0); });
    auto* sep = new QAction(parent);
    sep->setSeparator(true);
    actions << sep;
    make(QObject::tr("Copy image"), [view] { copyToClipboard(*view); });
    return actions;
}

void installExportMenu(ExportableView* view)
{
    QWidget* w = view->widget();
    w->setContextMenuPolicy(Qt::ActionsContextMenu);
    w->addActions(exportActions(view, w));
}

} // namespace hs
