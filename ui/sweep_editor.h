#pragma once
// What a search varies and how: one row per knob (a config key, grid values
// or a random range — uniform, log-uniform or whole numbers), the random
// draws, k-fold, the ranking metric, parallel jobs, the seed and the output
// folder. Rows are read with the CLI's own parsers (io/sweep.h), so
// "0.01, 0.1, 1", "[8], [16,16]" and "1e-4 : 1" mean what they mean to
// `hyperscope-cli sweep --grid / --random`.

#include "io/sweep.h"

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace hs {

class SweepEditor : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Grid, Uniform, LogUniform, Integer };

    explicit SweepEditor(QWidget* parent = nullptr);

    /// The axes and options (without the base config); false with `error`
    /// naming the row when a row cannot be read.
    bool readSpec(SweepSpec* spec, QString* error) const;
    /// Shows a search's axes and options (e.g. a sweep folder's sweep.json).
    void setSpec(const SweepSpec& spec);

    void clearAxes();
    void addAxis(const QString& key, Mode mode, const QString& values);
    int axisCount() const;

    int jobs() const;
    void setJobs(int jobs);
    QString outputDirectory() const;
    void setOutputDirectory(const QString& dir);
    /// Keys drawn log-uniformly (their charts use log axes).
    QStringList logKeys() const;
    /// Trials the current rows make (0 when a row cannot be read).
    int trialCount() const;

    QSpinBox* trialsBox() const { return trials_; }
    QSpinBox* foldsBox() const { return folds_; }
    QComboBox* metricBox() const { return metric_; }

    /// Lets the rows be edited or not (while a search runs).
    void setEditable(bool editable);

signals:
    void changed();

private:
    void updateSummary();
    void browse();

    QTableWidget* axes_ = nullptr;
    QSpinBox* trials_ = nullptr;
    QSpinBox* folds_ = nullptr;
    QSpinBox* jobs_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QComboBox* metric_ = nullptr;
    QLineEdit* out_ = nullptr;
    QLabel* summary_ = nullptr;
    QList<QWidget*> editors_;
};

} // namespace hs
