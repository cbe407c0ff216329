// MainWindow, continued: config files, recent files, lesson presets and
// chart export (the File and Presets menus).
#include "main_window.h"

#include "chart_export.h"
#include "config_panel.h"
#include "history_dock.h"
#include "io/config_json.h"
#include "io/presets.h"
#include "run_history.h"
#include "run_model.h"
#include "view_grid.h"
#include "views/confusion_view.h"
#include "views/curves_view.h"
#include "views/decision_boundary_view.h"
#include "views/gradient_view.h"
#include "views/learning_rate_view.h"
#include "views/loss_view.h"
#include "views/weights_view.h"

#include <QAbstractButton>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSaveFile>
#include <QSettings>
#include <QShortcut>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>


#include <algorithm>
#include <cmath>

namespace hs {

namespace {

constexpr int kMaxRecent = 8;

struct PresetInfo {
    QString name;         // file name without .json
    QString title;
    QString description;
    QString text;         // the JSON
};

// The engine's compiled-in lesson presets: the same list as the CLI's --preset.
QList<PresetInfo> readPresets()
{
    QList<PresetInfo> out;
    for (const Preset& preset : presetCatalog()) {
        PresetInfo p;
        p.name = QString::fromStdString(preset.name);
        p.title = QString::fromStdString(preset.title);
        p.description = QString::fromStdString(preset.description);
        p.text = QString::fromStdString(preset.json);
        if (p.title.isEmpty())
            p.title = p.name;
        out << p;
    }
    return out;
}

} // namespace

void MainWindow::loadPresetsMenu()
{
    presetsMenu_->clear();
    const QList<PresetInfo> presets = readPresets();
    if (presets.isEmpty()) {
        presetsMenu_->addAction(tr("(no presets installed)"))->setEnabled(false);
        return;
    }
    // The curriculum's order (DESIGN.md), by file-name prefix; anything
    // else goes last.
    struct Section {
        QString title;
        QStringList prefixes;
    };
    const QList<Section> sections{
        {tr("Learning rate and optimizers"),
         {QStringLiteral("lr_too_low"), QStringLiteral("lr_well"), QStringLiteral("lr_"), QStringLiteral("schedule_"),
          QStringLiteral("optimizer_")}},
        {tr("Batch size"), {QStringLiteral("batch_")}},
        {tr("Overfitting and regularization"),
         {QStringLiteral("overfitting"), QStringLiteral("l1_"), QStringLiteral("l2_"), QStringLiteral("dropout"),
          QStringLiteral("early_stopping")}},
        {tr("Gradients and initialization"),
         {QStringLiteral("vanishing_sigmoid"), QStringLiteral("vanishing_"), QStringLiteral("exploding_gradients"),
          QStringLiteral("exploding_"), QStringLiteral("zero_init")}},
        {tr("Evaluation"), {QStringLiteral("imbalanced"), QStringLiteral("breast_cancer"), QStringLiteral("digits")}},
    };
    auto rank = [&](const QString& name) {
        for (int s = 0; s < sections.size(); ++s)
            for (int p = 0; p < sections[s].prefixes.size(); ++p)
                if (name.startsWith(sections[s].prefixes[p]))
                    return std::pair{s, p};
        return std::pair{static_cast<int>(sections.size()), 0};
    };
    QList<PresetInfo> sorted = presets;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const PresetInfo& a, const PresetInfo& b) {
        const auto ra = rank(a.name), rb = rank(b.name);
        return ra != rb ? ra < rb : a.name < b.name;
    });
    int section = -1;
    for (const PresetInfo& p : sorted) {
        const int s = rank(p.name).first;
        if (s != section) {
            section = s;
            presetsMenu_->addSection(s < sections.size() ? sections[s].title : tr("More"));
        }
        QAction* a = presetsMenu_->addAction(p.title);
        a->setObjectName(QStringLiteral("preset_") + p.name);
        a->setData(p.name);
        a->setStatusTip(p.description);
        a->setToolTip(p.description);
        const QString name = p.name;
        connect(a, &QAction::triggered, this, [this, name] { loadPreset(name); });
    }
}

// ---------------------------------------------------------------- files

void MainWindow::newConfig()
{
    currentFile_.clear();
    presetTitle_.clear();
    panel_->setConfig(RunConfig{});
    savedText_ = QString::fromStdString(configToText(panel_->config()));
    hideBanner();
    updateTitle();
}

void MainWindow::openDialog()
{
    const QString start = currentFile_.isEmpty() ? QSettings().value(QStringLiteral("files/lastDir")).toString()
                                                 : QFileInfo(currentFile_).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open run configuration"), start,
                                                      tr("Run configurations (*.json);;All files (*)"));
    if (!path.isEmpty())
        openConfig(path);
}

bool MainWindow::openConfig(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        showBanner(BannerKind::Error, tr("<b>Could not open %1:</b> %2").arg(path.toHtmlEscaped(), f.errorString().toHtmlEscaped()));
        return false;
    }
    const QByteArray text = f.readAll();
    const ConfigParse parsed = configFromText(std::string_view(text.constData(), static_cast<std::size_t>(text.size())),
                                              QFileInfo(path).fileName().toStdString());
    // Out-of-range values still load (the panel lists them); unreadable
    // JSON, wrong types or unknown keys do not.
    if (!parsed.ok() && parsed.problems != parsed.config.validate()) {
        QStringList lines;
        for (const auto& p : parsed.problems)
            lines << QString::fromStdString(p).toHtmlEscaped();
        showBanner(BannerKind::Error, tr("<b>Could not read %1:</b><br>%2").arg(QFileInfo(path).fileName().toHtmlEscaped(),
                                                                               lines.join(QStringLiteral("<br>"))));
        return false;
    }
    currentFile_ = QFileInfo(path).absoluteFilePath();
    presetTitle_.clear();
    panel_->setConfig(parsed.config);
    savedText_ = QString::fromStdString(configToText(panel_->config()));
    addRecent(currentFile_);
    QSettings().setValue(QStringLiteral("files/lastDir"), QFileInfo(path).absolutePath());
    hideBanner();
    updateTitle();
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(currentFile_)), 5000);
    return true;
}

bool MainWindow::saveConfig(const QString& path)
{
    QSaveFile f(path);
    const std::string text = configToText(panel_->config());
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())
        || !f.commit()) {
        showBanner(BannerKind::Error, tr("<b>Could not save %1:</b> %2").arg(path.toHtmlEscaped(), f.errorString().toHtmlEscaped()));
        return false;
    }
    currentFile_ = QFileInfo(path).absoluteFilePath();
    savedText_ = QString::fromStdString(text);
    addRecent(currentFile_);
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(currentFile_)), 5000);
    return true;
}

bool MainWindow::save()
{
    return currentFile_.isEmpty() ? saveAs() : saveConfig(currentFile_);
}

bool MainWindow::saveAs()
{
    QString start = currentFile_;
    if (start.isEmpty()) {
        const QString dir = QSettings().value(QStringLiteral("files/lastDir"),
                                              QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
        start = QDir(dir).filePath(QStringLiteral("run.json"));
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Save run configuration"), start,
                                                tr("Run configurations (*.json);;All files (*)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    QSettings().setValue(QStringLiteral("files/lastDir"), QFileInfo(path).absolutePath());
    return saveConfig(path);
}

void MainWindow::addRecent(const QString& path)
{
    recentFiles_.removeAll(path);
    recentFiles_.prepend(path);
    while (recentFiles_.size() > kMaxRecent)
        recentFiles_.removeLast();
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    if (!recentMenu_)
        return;
    recentMenu_->clear();
    for (const QString& path : std::as_const(recentFiles_)) {
        QAction* a = recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openConfig(path); });
        a->setStatusTip(QDir::toNativeSeparators(path));
    }
    if (!recentFiles_.isEmpty()) {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("Clear List"), this, [this] {
            recentFiles_.clear();
            updateRecentMenu();
        });
    }
    recentMenu_->setEnabled(!recentFiles_.isEmpty());
}

QStringList MainWindow::presetNames()
{
    QStringList names;
    for (const PresetInfo& p : readPresets())
        names << p.name;
    return names;
}

bool MainWindow::loadPreset(const QString& name)
{
    for (const PresetInfo& p : readPresets()) {
        if (p.name.compare(name, Qt::CaseInsensitive) != 0 && p.title.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        const ConfigParse parsed = configFromText(p.text.toStdString(), p.name.toStdString());
        if (!parsed.ok() && parsed.problems != parsed.config.validate()) {
            showBanner(BannerKind::Error, tr("<b>The preset \"%1\" is broken:</b> %2")
                                              .arg(p.title.toHtmlEscaped(),
                                                   QString::fromStdString(parsed.problems.front()).toHtmlEscaped()));
            return false;
        }
        currentFile_.clear();
        presetTitle_ = p.title;
        panel_->setConfig(parsed.config);
        savedText_ = QString::fromStdString(configToText(panel_->config()));
        updateTitle();
        showBanner(BannerKind::Info, QStringLiteral("<b>%1</b> — %2").arg(p.title.toHtmlEscaped(), p.description.toHtmlEscaped()),
                   tr("Train"), [this] { controller_->train(); });
        statusBar()->showMessage(tr("Loaded the preset \"%1\". Press Ctrl+Return to train.").arg(p.title), 8000);
        return true;
    }
    return false;
}

// ---------------------------------------------------------------- export

void MainWindow::exportCurrent()
{
    ExportableView* view = grid_->currentView();
    if (!view)
        return;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("files/exportDir"),
                                       QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).toString();
    const QStringList filters{tr("PNG image (*.png)"), tr("SVG drawing (*.svg)"), tr("PDF document (*.pdf)"),
                              tr("CSV data (*.csv)")};
    QString filter = filters.first();
    QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(view->title()),
                                                QDir(dir).filePath(view->fileStem() + QStringLiteral(".png")),
                                                filters.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    ExportFormat format = ExportFormat::Png;
    if (!exportFormatFromString(QFileInfo(path).suffix(), &format)) {
        const int i = static_cast<int>(filters.indexOf(filter));
        const ExportFormat byFilter[] = {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf, ExportFormat::Csv};
        format = byFilter[std::max(0, i)];
        path += QLatin1Char('.') + extensionOf(format);
    }
    settings.setValue(QStringLiteral("files/exportDir"), QFileInfo(path).absolutePath());
    QString error;
    if (!exportView(*view, path, format, {}, &error))
        showBanner(BannerKind::Error, tr("<b>Export failed:</b> %1").arg(error.toHtmlEscaped()));
    else
        statusBar()->showMessage(tr("Exported %1 to %2").arg(view->title(), QDir::toNativeSeparators(path)), 8000);
}

void MainWindow::exportAllAs(const QString& formatName)
{
    ExportFormat format = ExportFormat::Png;
    if (!exportFormatFromString(formatName, &format))
        return;
    QSettings settings;
    const QString start = settings.value(QStringLiteral("files/exportDir"),
                                         QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).toString();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all views into"), start);
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("files/exportDir"), dir);
    QString error;
    QStringList written;
    if (!exportAll(views_, *model_, dir, format, {}, &error, &written))
        showBanner(BannerKind::Error, tr("<b>Export failed:</b> %1").arg(error.toHtmlEscaped()));
    else
        statusBar()->showMessage(tr("Wrote %n file(s) to %1", nullptr, static_cast<int>(written.size()))
                                     .arg(QDir::toNativeSeparators(dir)), 8000);
}

void MainWindow::copyCurrent()
{
    if (ExportableView* view = grid_->currentView()) {
        copyToClipboard(*view);
        statusBar()->showMessage(tr("Copied the %1 view to the clipboard.").arg(view->title()), 5000);
    }
}

} // namespace hs
