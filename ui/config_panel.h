#pragma once
// The side panel that edits every field of a RunConfig, grouped as the
// engine groups them: Data, Network, Optimizer, Schedule, Regularization,
// Stopping, Reproducibility. Fields that the chosen option does not use are
// hidden (schedule parameters per type, momentum only where an optimizer
// has one, …); every control explains itself in a tooltip.
//
// The panel holds the config by value and each control edits only its own
// field, so setConfig() → config() round-trips exactly, even values a spin
// box would round for display or ranges a control cannot show. Every change
// runs RunConfig::validate(); its messages are listed in red under the
// panel and the fields they name are tinted.
//
// Every control's objectName is its JSON key ("training.optimizer.lr"), so
// tests and the window can find it.

#include "train/run_config.h"

#include <QHash>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QScrollArea;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace hs {

class NetworkEditor;
class SciSpinBox;

class ConfigPanel : public QWidget {
    Q_OBJECT
public:
    explicit ConfigPanel(QWidget* parent = nullptr);

    RunConfig config() const { return config_; }
    /// Shows `config` (exactly; see above) and emits configChanged().
    void setConfig(const RunConfig& config);

    /// RunConfig::validate() found nothing.
    bool isValid() const { return problems_.isEmpty(); }
    /// validate()'s messages, as listed under the panel.
    QStringList problems() const { return problems_; }

    /// The control that edits a JSON key, e.g. "training.optimizer.lr".
    QWidget* field(const QString& key) const { return fields_.value(key); }
    NetworkEditor* networkEditor() const { return network_; }
    /// The red list of problems under the panel.
    QLabel* problemsLabel() const { return problemsLabel_; }

signals:
    /// After every edit and after setConfig().
    void configChanged();
    void validityChanged(bool valid);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QGroupBox* buildData();
    QGroupBox* buildNetwork();
    QGroupBox* buildOptimizer();
    QGroupBox* buildSchedule();
    QGroupBox* buildRegularization();
    QGroupBox* buildStopping();
    QGroupBox* buildReproducibility();

    // Control factories: each registers the control under its JSON key.
    QSpinBox* intSpin(const QString& key, int min, int max, const QString& suffix = {});
    QDoubleSpinBox* realSpin(const QString& key, double min, double max, int decimals, double step,
                             const QString& suffix = {});
    SciSpinBox* sciSpin(const QString& key, double min, double max, double logFloor = 1e-6);
    QComboBox* combo(const QString& key, const QStringList& names);
    QCheckBox* check(const QString& key, const QString& text);
    QWidget* seedEdit(const QString& key, QLineEdit** edit);
    void row(QFormLayout* form, const QString& label, QWidget* field, const QString& tip);
    void registerField(const QString& key, QWidget* widget);

    void showConfig();       // config_ → controls, without signals
    void edited();           // a control changed config_
    void updateVisibility();
    void updateHints();
    void validate();
    void setSplit(int which, double value);
    void setOptimizerType(const std::string& type);
    void setDataset(const std::string& name);

    RunConfig config_;
    QStringList problems_;
    QHash<QString, QWidget*> fields_;
    bool showing_ = false;

    QScrollArea* scroll_ = nullptr;
    QLabel* problemsLabel_ = nullptr;

    // Data
    QFormLayout* dataForm_ = nullptr;
    QComboBox* dataset_ = nullptr;
    QLabel* datasetInfo_ = nullptr;
    QWidget* csvPathRow_ = nullptr;
    QLineEdit* csvPath_ = nullptr;
    QLineEdit* labelColumn_ = nullptr;
    QComboBox* task_ = nullptr;
    QSpinBox* samples_ = nullptr;
    QDoubleSpinBox* noise_ = nullptr;
    QSpinBox* classes_ = nullptr;
    QSpinBox* dimensions_ = nullptr;
    QDoubleSpinBox* positiveFraction_ = nullptr;
    QWidget* splitRow_ = nullptr;
    QDoubleSpinBox* splitTrain_ = nullptr;
    QDoubleSpinBox* splitVal_ = nullptr;
    QDoubleSpinBox* splitTest_ = nullptr;
    QComboBox* normalize_ = nullptr;
    QLineEdit* dataSeed_ = nullptr;

    // Network
    NetworkEditor* network_ = nullptr;

    // Optimizer
    QFormLayout* optimizerForm_ = nullptr;
    QComboBox* optimizerType_ = nullptr;
    QWidget* lrRow_ = nullptr;
    SciSpinBox* lr_ = nullptr;
    QDoubleSpinBox* momentum_ = nullptr;
    QCheckBox* nesterov_ = nullptr;
    QDoubleSpinBox* beta1_ = nullptr;
    QDoubleSpinBox* beta2_ = nullptr;
    SciSpinBox* eps_ = nullptr;
    QDoubleSpinBox* rho_ = nullptr;
    SciSpinBox* weightDecay_ = nullptr;
    QWidget* batchRow_ = nullptr;
    QSpinBox* batchSize_ = nullptr;
    QLabel* stepsHint_ = nullptr;
    QCheckBox* shuffle_ = nullptr;
    SciSpinBox* clipNorm_ = nullptr;
    SciSpinBox* clipValue_ = nullptr;

    // Schedule
    QFormLayout* scheduleForm_ = nullptr;
    QComboBox* scheduleType_ = nullptr;
    QSpinBox* stepSize_ = nullptr;
    QDoubleSpinBox* gamma_ = nullptr;
    QLineEdit* milestones_ = nullptr;
    QDoubleSpinBox* decayRate_ = nullptr;
    QDoubleSpinBox* decaySteps_ = nullptr;
    QSpinBox* period_ = nullptr;
    QCheckBox* restarts_ = nullptr;
    QDoubleSpinBox* periodMult_ = nullptr;
    SciSpinBox* minLr_ = nullptr;
    SciSpinBox* maxLr_ = nullptr;
    QDoubleSpinBox* cycleEpochs_ = nullptr;
    QComboBox* plateauMonitor_ = nullptr;
    QDoubleSpinBox* factor_ = nullptr;
    QSpinBox* plateauPatience_ = nullptr;
    QSpinBox* cooldown_ = nullptr;
    SciSpinBox* threshold_ = nullptr;
    QDoubleSpinBox* warmupEpochs_ = nullptr;
    QDoubleSpinBox* warmupStart_ = nullptr;

    // Regularization
    SciSpinBox* l1_ = nullptr;
    SciSpinBox* l2_ = nullptr;

    // Stopping
    QSpinBox* epochs_ = nullptr;
    QCheckBox* earlyStopping_ = nullptr;
    QComboBox* esMonitor_ = nullptr;
    QSpinBox* esPatience_ = nullptr;
    SciSpinBox* esMinDelta_ = nullptr;
    QCheckBox* esRestoreBest_ = nullptr;

    // Reproducibility
    QLineEdit* trainingSeed_ = nullptr;
    QSpinBox* threads_ = nullptr;
};

} // namespace hs
