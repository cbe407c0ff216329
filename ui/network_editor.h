#pragma once
// The network part of the config panel: one row per hidden layer (width
// spin box, −/+ to change it by one, × to remove the layer), buttons to add
// and remove layers, and the layer options (activation, initialization,
// batch norm, residual connections, dropout). Edits a ModelConfig; the task
// is left as given (the data section chooses it).

#include "train/run_config.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace hs {

class NetworkEditor : public QWidget {
    Q_OBJECT
public:
    explicit NetworkEditor(QWidget* parent = nullptr);

    /// Shows `model` (exactly: values are kept even where a widget rounds
    /// them for display). Does not emit changed().
    void setModelConfig(const ModelConfig& model);
    const ModelConfig& modelConfig() const { return model_; }

    /// Marks the widgets of these config keys ("model.hidden[1]",
    /// "model.dropout", …) as invalid; an empty list clears the marks.
    void markInvalid(const QStringList& keys);

    /// For tests and keyboard users.
    int layerCount() const { return static_cast<int>(model_.hidden.size()); }
    QSpinBox* widthSpin(int layer) const;
    QToolButton* addLayerButton() const { return addLayer_; }
    QToolButton* removeLayerButton() const { return removeLayer_; }

    /// Largest width the spin boxes offer.
    static constexpr int kMaxWidth = 65536;
    /// Most hidden layers the editor adds (the engine accepts 256).
    static constexpr int kMaxLayers = 256;

signals:
    /// The user changed something (not emitted by setModelConfig()).
    void changed();

private:
    struct Row {
        QWidget* widget;
        QLabel* label;
        QToolButton* minus;
        QSpinBox* width;
        QToolButton* plus;
        QToolButton* remove;
    };

    void rebuildRows();
    void updateRow(int i);
    void updateVisibility();
    void edited();
    void setWidth(int layer, int width);
    void insertLayer(int at, int width);
    void removeLayerAt(int at);

    ModelConfig model_;
    std::vector<Row> rows_;
    QVBoxLayout* rowsLayout_ = nullptr;
    QLabel* summary_ = nullptr;
    QToolButton* addLayer_ = nullptr;
    QToolButton* removeLayer_ = nullptr;
    QFormLayout* form_ = nullptr;
    QComboBox* activation_ = nullptr;
    QDoubleSpinBox* leakySlope_ = nullptr;
    QDoubleSpinBox* eluAlpha_ = nullptr;
    QComboBox* init_ = nullptr;
    QDoubleSpinBox* initScale_ = nullptr;
    QCheckBox* batchNorm_ = nullptr;
    QCheckBox* residual_ = nullptr;
    QDoubleSpinBox* dropout_ = nullptr;
};

} // namespace hs
