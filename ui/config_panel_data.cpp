// The Data and Network groups of the config panel.
#include "config_panel.h"

#include "config_panel_detail.h"
#include "data/bundled.h"
#include "data/generators.h"
#include "network_editor.h"
#include "optim/optimizer.h"
#include "optim/schedule.h"
#include "sci_spin_box.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace hs {

using namespace config_detail;

QGroupBox* ConfigPanel::buildData()
{
    auto* box = new QGroupBox(tr("Data"), this);
    box->setToolTip(tr("What the network learns from, and how it is split and scaled."));
    auto* form = dataForm_ = newForm(box);

    dataset_ = new QComboBox(this);
    registerField(QStringLiteral("data.dataset"), dataset_);
    for (const auto& g : generatorCatalog()) {
        dataset_->addItem(datasetTitle(q(g.name)), q(g.name));
        dataset_->setItemData(dataset_->count() - 1, q(g.description), Qt::ToolTipRole);
    }
    dataset_->insertSeparator(dataset_->count());
    for (const auto& b : bundledDatasetNames()) {
        dataset_->addItem(datasetTitle(q(b)), q(b));
        dataset_->setItemData(dataset_->count() - 1, bundledDescription(q(b)), Qt::ToolTipRole);
    }
    dataset_->insertSeparator(dataset_->count());
    dataset_->addItem(tr("CSV file…"), QStringLiteral("csv"));
    dataset_->setItemData(dataset_->count() - 1, tr("Your own table: one row per sample, numeric feature columns and a label column."),
                          Qt::ToolTipRole);
    row(form, tr("Data set"), dataset_,
        tr("The data to learn: 2-D toy problems (their decision boundary is drawn live), real bundled sets, or a CSV "
           "file of your own."));
    connect(dataset_, &QComboBox::currentIndexChanged, this, [this] {
        setDataset(dataset_->currentData().toString().toStdString());
    });

    datasetInfo_ = new QLabel(this);
    datasetInfo_->setWordWrap(true);
    datasetInfo_->setToolTip(tr("What the chosen data set looks like."));
    QFont small = datasetInfo_->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    datasetInfo_->setFont(small);
    datasetInfo_->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(datasetInfo_);

    csvPath_ = new QLineEdit(this);
    registerField(QStringLiteral("data.path"), csvPath_);
    csvPath_->setPlaceholderText(tr("path/to/data.csv"));
    auto* browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    browse->setToolTip(tr("Choose a CSV file."));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString start = config_.data.path.empty() ? QString() : QFileInfo(q(config_.data.path)).absolutePath();
        const QString file = QFileDialog::getOpenFileName(this, tr("Open a CSV data file"), start,
                                                          tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
        if (file.isEmpty())
            return;
        csvPath_->setText(file);
        emit csvPath_->editingFinished();
    });
    csvPathRow_ = hbox(this, {csvPath_, browse});
    row(form, tr("CSV file"), csvPathRow_,
        tr("The CSV file to read: a header row, then one sample per row. Feature columns must be numeric."));
    csvPath_->setToolTip(csvPathRow_->toolTip());
    connect(csvPath_, &QLineEdit::editingFinished, this, [this] {
        const std::string path = csvPath_->text().trimmed().toStdString();
        if (path == config_.data.path)
            return;
        config_.data.path = path;
        edited();
    });

    labelColumn_ = new QLineEdit(this);
    registerField(QStringLiteral("data.label_column"), labelColumn_);
    labelColumn_->setPlaceholderText(tr("last column"));
    row(form, tr("Label column"), labelColumn_,
        tr("The column with the class (or target): its header name or its 0-based index. Empty = the last column."));
    connect(labelColumn_, &QLineEdit::editingFinished, this, [this] {
        const std::string column = labelColumn_->text().trimmed().toStdString();
        if (column == config_.data.labelColumn)
            return;
        config_.data.labelColumn = column;
        edited();
    });

    task_ = combo(QStringLiteral("model.task"), {QStringLiteral("classification"), QStringLiteral("regression")});
    row(form, tr("Task"), task_,
        tr("Classification predicts a class (softmax, cross-entropy); regression predicts a number (mean squared "
           "error). Set by the toy data sets; choose it for CSV files."));
    connect(task_, &QComboBox::currentIndexChanged, this, [this] {
        config_.model.task = task_->currentData().toString().toStdString();
        edited();
    });

    samples_ = intSpin(QStringLiteral("data.samples"), 4, 10'000'000, tr(" samples"));
    samples_->setSingleStep(100);
    row(form, tr("Samples"), samples_,
        tr("How many points to generate, before the split. Few samples make overfitting easy to see."));
    connect(samples_, &QSpinBox::valueChanged, this, [this](int v) {
        config_.data.samples = v;
        edited();
    });

    noise_ = realSpin(QStringLiteral("data.noise"), 0.0, 100.0, 3, 0.05);
    row(form, tr("Noise"), noise_,
        tr("Standard deviation of the Gaussian noise added to each coordinate (or to the target), in data units "
           "(shapes span about −1…1). More noise blurs the classes."));
    connect(noise_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.data.noise = v;
        edited();
    });

    classes_ = intSpin(QStringLiteral("data.classes"), 2, 100, tr(" classes"));
    row(form, tr("Classes"), classes_, tr("Number of classes (spiral arms or blobs). More classes: a harder problem and a bigger confusion matrix."));
    connect(classes_, &QSpinBox::valueChanged, this, [this](int v) {
        config_.data.classes = v;
        edited();
    });

    dimensions_ = intSpin(QStringLiteral("data.dimensions"), 1, 1024, tr(" dims"));
    row(form, tr("Dimensions"), dimensions_,
        tr("Input features of the blobs. Only 2-D data gets a decision-boundary picture."));
    connect(dimensions_, &QSpinBox::valueChanged, this, [this](int v) {
        config_.data.dimensions = v;
        edited();
    });

    positiveFraction_ = realSpin(QStringLiteral("data.positive_fraction"), 0.01, 0.5, 3, 0.01);
    row(form, tr("Positive share"), positiveFraction_,
        tr("Share of samples in the rare class 1. At 5 %, predicting \"always 0\" is 95 % accurate: look at recall, "
           "precision and the P-R curve instead."));
    connect(positiveFraction_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        config_.data.positiveFraction = v;
        edited();
    });

    splitTrain_ = realSpin(QStringLiteral("data.split.train"), 0.0, 1.0, 3, 0.05);
    splitVal_ = realSpin(QStringLiteral("data.split.val"), 0.0, 1.0, 3, 0.05);
    splitTest_ = realSpin(QStringLiteral("data.split.test"), 0.0, 1.0, 3, 0.05);
    splitTrain_->setToolTip(tr("Share of samples the network trains on. Changing it adjusts the test share."));
    splitVal_->setToolTip(tr("Share held out to watch overfitting (validation loss) and for early stopping. Changing it adjusts the training share."));
    splitTest_->setToolTip(tr("Share kept for the final, unbiased metrics (confusion matrix, ROC). Changing it adjusts the training share."));
    splitRow_ = hbox(this, {splitTrain_, splitVal_, splitTest_}, -1);
    form->addRow(tr("Train / val / test"), splitRow_);
    splitRow_->setToolTip(tr("How the samples are divided: training, validation and test shares, summing to 1 "
                             "(stratified by class)."));
    form->labelForField(splitRow_)->setToolTip(splitRow_->toolTip());
    connect(splitTrain_, &QDoubleSpinBox::valueChanged, this, [this](double v) { setSplit(0, v); });
    connect(splitVal_, &QDoubleSpinBox::valueChanged, this, [this](double v) { setSplit(1, v); });
    connect(splitTest_, &QDoubleSpinBox::valueChanged, this, [this](double v) { setSplit(2, v); });

    normalize_ = combo(QStringLiteral("data.normalize"), {QStringLiteral("none"), QStringLiteral("zscore"), QStringLiteral("minmax")});
    normalize_->setItemData(0, tr("Use the features as they are."), Qt::ToolTipRole);
    normalize_->setItemData(1, tr("Subtract the mean and divide by the standard deviation of each feature."), Qt::ToolTipRole);
    normalize_->setItemData(2, tr("Scale each feature to 0…1."), Qt::ToolTipRole);
    row(form, tr("Normalize"), normalize_,
        tr("Feature scaling, fitted on the training part only. Unscaled features of very different sizes slow "
           "gradient descent down (try \"none\" on breast cancer)."));
    connect(normalize_, &QComboBox::currentIndexChanged, this, [this] {
        config_.data.normalize = normalize_->currentData().toString().toStdString();
        edited();
    });

    QWidget* seed = seedEdit(QStringLiteral("data.seed"), &dataSeed_);
    row(form, tr("Data seed"), seed,
        tr("Seed of the data generation and the split. Same seed, same points; change it to see how much the result "
           "depends on the sample."));
    dataSeed_->setToolTip(seed->toolTip());
    connect(dataSeed_, &QLineEdit::editingFinished, this, [this] {
        bool ok = false;
        const quint64 v = dataSeed_->text().toULongLong(&ok);
        if (ok && v != config_.data.seed) {
            config_.data.seed = v;
            edited();
        }
    });
    return box;
}

QGroupBox* ConfigPanel::buildNetwork()
{
    auto* box = new QGroupBox(tr("Network"), this);
    box->setToolTip(tr("The shape of the network: hidden layers and their options."));
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    network_ = new NetworkEditor(box);
    network_->setObjectName(QStringLiteral("model"));
    layout->addWidget(network_);
    connect(network_, &NetworkEditor::changed, this, [this] {
        const std::string task = config_.model.task;
        config_.model = network_->modelConfig();
        config_.model.task = task; // chosen in the data section
        edited();
    });
    return box;
}

} // namespace hs
