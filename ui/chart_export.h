#pragma once
// Export of any ExportableView: PNG (1×, 2× or a chosen DPI), SVG (text stays
// text), PDF (vector), CSV and the clipboard; "export all" of a run into a
// folder; and renderRunCharts(), which the CLI's --charts uses so that its
// charts are exactly the GUI's. Every file is written through QSaveFile:
// either the whole file appears or the old one stays untouched. Failures
// return false with a message naming the file and the reason.

#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

class QAction;
class QImage;
class QWidget;

namespace hs {

class ExportableView;
class RunModel;

enum class ExportFormat { Png, Svg, Pdf, Csv };

/// "png", "svg", "pdf", "csv" (case-insensitive) → format; false if unknown.
bool exportFormatFromString(const QString& text, ExportFormat* format);
QString extensionOf(ExportFormat format);

struct ExportOptions {
    /// Logical size of the drawing (the view's own size if empty).
    QSize size;
    /// PNG: device pixel ratio (1 = 1×, 2 = 2×). Ignored when dpi > 0.
    double scale = 1.0;
    /// PNG: a resolution in dots per inch (96 = 1×); 0 = use scale. Written
    /// into the PNG's metadata too.
    int dpi = 0;
};

/// Renders the view into an image (white background) at the given options.
QImage renderImage(ExportableView& view, const ExportOptions& options = {});

/// Writes the view to `path` in `format`. Returns false and sets *error
/// (naming the file and the reason) on failure; an existing file at `path`
/// is then left as it was.
bool exportView(ExportableView& view, const QString& path, ExportFormat format,
                const ExportOptions& options = {}, QString* error = nullptr);

/// Copies the view's image (at 2× for sharp pasting) to the clipboard.
void copyToClipboard(ExportableView& view);

/// Writes every view as DIR/<fileStem>.<ext> and the run's resolved config
/// as DIR/config.json (creating DIR). Stops at the first failure.
bool exportAll(const QList<ExportableView*>& views, const RunModel& model, const QString& dir,
               ExportFormat format, const ExportOptions& options = {}, QString* error = nullptr,
               QStringList* written = nullptr);

/// Builds the seven views offscreen at 1200 × 800 around `model`, lets them
/// draw and writes them to `dir` as png, svg or pdf (one file per view).
/// For the CLI's --charts: needs a QApplication (the offscreen platform is fine).
bool renderRunCharts(RunModel& model, const QString& dir, const QString& format, QString* error,
                     QStringList* written = nullptr);

/// Export PNG…, SVG…, PDF…, CSV… and Copy image actions for `view`, parented
/// to `parent` (which also parents their dialogs). Errors are shown in a
/// message box.
QList<QAction*> exportActions(ExportableView* view, QWidget* parent);

/// Adds exportActions() as the widget's context menu (Qt::ActionsContextMenu).
void installExportMenu(ExportableView* view);

} // namespace hs
