// ConfigPanel: exact round trips, one field per control, validate() messages
// shown inline, fields shown only where they apply, tooltips everywhere.

#include "config_panel.h"
#include "io/config_json.h"
#include "network_editor.h"
#include "sci_spin_box.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

using namespace hs;

namespace {

// Every section away from its defaults, with values a spin box cannot show exactly.
RunConfig everythingChanged()
{
    RunConfig c;
    c.data.dataset = "blobs";
    c.data.samples = 1234;
    c.data.noise = 0.123456789;
    c.data.classes = 5;
    c.data.dimensions = 7;
    c.data.positiveFraction = 0.2;
    c.data.path = "/tmp/some data.csv";
    c.data.labelColumn = "target";
    c.data.split = {0.6, 0.25, 0.15};
    c.data.normalize = "minmax";
    c.data.seed = 9'223'372'036'854'775'807ULL;
    c.model.hidden = {3, 17, 5};
    c.model.activation = "leaky_relu";
    c.model.leakySlope = 0.05;
    c.model.eluAlpha = 0.7;
    c.model.init = "he_normal";
    c.model.initScale = 0.25;
    c.model.batchNorm = true;
    c.model.residual = true;
    c.model.dropout = 0.125;
    auto& t = c.training;
    t.epochs = 77;
    t.batchSize = 0;
    t.shuffle = false;
    t.seed = 123456789;
    t.optimizer.type = "rmsprop";
    t.optimizer.lr = 0.0123456789;
    t.optimizer.momentum = 0.3;
    t.optimizer.nesterov = false;
    t.optimizer.beta1 = 0.8;
    t.optimizer.beta2 = 0.95;
    t.optimizer.eps = 3e-9;
    t.optimizer.rho = 0.9;
    t.optimizer.weightDecay = 1e-4;
    t.schedule.type = "multistep";
    t.schedule.stepSize = 7;
    t.schedule.gamma = 0.3;
    t.schedule.milestones = {5, 9, 40};
    t.schedule.decayRate = 0.7;
    t.schedule.decaySteps = 3.5;
    t.schedule.period = 12;
    t.schedule.restarts = true;
    t.schedule.periodMult = 2.0;
    t.schedule.minLr = 1e-5;
    t.schedule.maxLr = 0.3;
    t.schedule.cycleEpochs = 2.5;
    t.schedule.warmupEpochs = 3.0;
    t.schedule.warmupStartFactor = 0.2;
    t.schedule.monitor = "train_loss";
    t.schedule.factor = 0.5;
    t.schedule.patience = 4;
    t.schedule.cooldown = 2;
    t.schedule.threshold = 1e-3;
    t.l1 = 1e-5;
    t.l2 = 3e-4;
    t.earlyStopping.enabled = true;
    t.earlyStopping.monitor = "val_accuracy";
    t.earlyStopping.patience = 6;
    t.earlyStopping.minDelta = 1e-3;
    t.earlyStopping.restoreBest = false;
    t.clipNorm = 1.5;
    t.clipValue = 0.25;
    t.threads = 2;
    return c;
}

template <typename T>
T* fieldOf(ConfigPanel& panel, const char* key)
{
    auto* w = qobject_cast<T*>(panel.field(QString::fromLatin1(key)));
    if (!w)
        qFatal("no field %s", key);
    return w;
}

void selectData(QComboBox* combo, const char* value)
{
    const int i = combo->findData(QString::fromLatin1(value));
    QVERIFY(i >= 0);
    combo->setCurrentIndex(i);
}

} // namespace

class TestConfigPanel : public QObject {
    Q_OBJECT
private slots:
    void startsWithTheDefaultConfig();
    void roundTripsTheDefault();
    void roundTripsEverySectionChanged();
    void controlsShowTheConfig();
    void eachControlEditsItsOwnField();
    void validateMessagesShowInline();
    void badValueFromAFileIsReported();
    void fieldsFollowTheChosenOptions();
    void optimizerSwitchAppliesItsDefaults();
    void datasetChoosesTheTask();
    void splitStaysSummingToOne();
    void networkEditorAddsRemovesAndResizes();
    void everyControlHasATooltip();
    void sciSpinBoxStepsOneTwoFive();
};

void TestConfigPanel::startsWithTheDefaultConfig()
{
    ConfigPanel panel;
    QCOMPARE(configToText(panel.config()), configToText(RunConfig{}));
    QVERIFY(panel.isValid());
    QVERIFY(panel.problemsLabel()->isHidden());
}

void TestConfigPanel::roundTripsTheDefault()
{
    ConfigPanel panel;
    panel.setConfig(everythingChanged());
    QSignalSpy changed(&panel, &ConfigPanel::configChanged);
    panel.setConfig(RunConfig{});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(configToText(panel.config()), configToText(RunConfig{}));
}

void TestConfigPanel::roundTripsEverySectionChanged()
{
    const RunConfig c = everythingChanged();
    QVERIFY2(configToText(c) != configToText(RunConfig{}), "the test config must differ from the default");
    ConfigPanel panel;
    panel.setConfig(c);
    QCOMPARE(configToText(panel.config()), configToText(c));
    // Through the JSON text as well, as File > Open does.
    const ConfigParse parsed = configFromText(configToText(c));
    panel.setConfig(RunConfig{});
    panel.setConfig(parsed.config);
    QCOMPARE(configToText(panel.config()), configToText(c));
}

void TestConfigPanel::controlsShowTheConfig()
{
    ConfigPanel panel;
    panel.setConfig(everythingChanged());
    QCOMPARE(fieldOf<QComboBox>(panel, "data.dataset")->currentData().toString(), QStringLiteral("blobs"));
    QCOMPARE(fieldOf<QSpinBox>(panel, "data.samples")->value(), 1234);
    QCOMPARE(fieldOf<QLineEdit>(panel, "data.seed")->text(), QStringLiteral("9223372036854775807"));
    QCOMPARE(fieldOf<QComboBox>(panel, "training.optimizer.type")->currentData().toString(), QStringLiteral("rmsprop"));
    QCOMPARE(fieldOf<QDoubleSpinBox>(panel, "training.optimizer.lr")->text(), QStringLiteral("0.0123457"));
    QCOMPARE(fieldOf<QSpinBox>(panel, "training.batch_size")->text(), QStringLiteral("full batch"));
    QCOMPARE(fieldOf<QLineEdit>(panel, "training.schedule.milestones")->text(), QStringLiteral("5, 9, 40"));
    QCOMPARE(fieldOf<QSpinBox>(panel, "training.epochs")->value(), 77);
    QVERIFY(fieldOf<QCheckBox>(panel, "training.early_stopping.enabled")->isChecked());
    NetworkEditor* net = panel.networkEditor();
    QCOMPARE(net->layerCount(), 3);
    QCOMPARE(net->widthSpin(0)->value(), 3);
    QCOMPARE(net->widthSpin(1)->value(), 17);
    QCOMPARE(net->widthSpin(2)->value(), 5);
}

void TestConfigPanel::eachControlEditsItsOwnField()
{
    const RunConfig c = everythingChanged();
    ConfigPanel panel;
    panel.setConfig(c);
    QSignalSpy changed(&panel, &ConfigPanel::configChanged);

    RunConfig expected = c;
    expected.training.optimizer.lr = 0.05;
    fieldOf<QDoubleSpinBox>(panel, "training.optimizer.lr")->setValue(0.05);
    QCOMPARE(configToText(panel.config()), configToText(expected));

    expected.training.epochs = 500;
    fieldOf<QSpinBox>(panel, "training.epochs")->setValue(500);
    QCOMPARE(configToText(panel.config()), configToText(expected));

    expected.training.schedule.type = "cosine";
    selectData(fieldOf<QComboBox>(panel, "training.schedule.type"), "cosine");
    QCOMPARE(configToText(panel.config()), configToText(expected));

    expected.model.hidden[1] = 18;
    panel.networkEditor()->widthSpin(1)->setValue(18);
    QCOMPARE(configToText(panel.config()), configToText(expected));

    expected.training.seed = 99;
    auto* seed = fieldOf<QLineEdit>(panel, "training.seed");
    seed->setText(QStringLiteral("99"));
    emit seed->editingFinished();
    QCOMPARE(configToText(panel.config()), configToText(expected));

    expected.training.schedule.milestones = {3, 8};
    auto* milestones = fieldOf<QLineEdit>(panel, "training.schedule.milestones");
    milestones->setText(QStringLiteral("3,8"));
    emit milestones->editingFinished();
    QCOMPARE(configToText(panel.config()), configToText(expected));
    QCOMPARE(changed.count(), 6);
}

void TestConfigPanel::validateMessagesShowInline()
{
    ConfigPanel panel;
    panel.show();
    QSignalSpy validity(&panel, &ConfigPanel::validityChanged);
    // No validation set, then early stopping on the validation loss.
    fieldOf<QDoubleSpinBox>(panel, "data.split.val")->setValue(0.0);
    QVERIFY(panel.isValid());
    fieldOf<QCheckBox>(panel, "training.early_stopping.enabled")->setChecked(true);
    QVERIFY(!panel.isValid());
    QCOMPARE(validity.count(), 1);
    QCOMPARE(validity.first().at(0).toBool(), false);
    QVERIFY(panel.problemsLabel()->isVisible());
    QVERIFY2(panel.problemsLabel()->text().contains(QStringLiteral("training.early_stopping.monitor")),
             qPrintable(panel.problemsLabel()->text()));
    QCOMPARE(panel.problems(), [&] {
        QStringList expected;
        for (const auto& p : panel.config().validate())
            expected << QString::fromStdString(p);
        return expected;
    }());
    // The named control is tinted.
    auto* monitor = panel.field(QStringLiteral("training.early_stopping.monitor"));
    QVERIFY(monitor->palette().color(QPalette::Base) != panel.field(QStringLiteral("training.epochs"))->palette().color(QPalette::Base));

    fieldOf<QDoubleSpinBox>(panel, "data.split.val")->setValue(0.2);
    QVERIFY(panel.isValid());
    QCOMPARE(validity.count(), 2);
    QVERIFY(!panel.problemsLabel()->isVisible());
}

void TestConfigPanel::badValueFromAFileIsReported()
{
    ConfigPanel panel;
    RunConfig c;
    c.training.optimizer.lr = -1.0;
    c.model.hidden = {8, 0};
    panel.setConfig(c);
    QVERIFY(!panel.isValid());
    QCOMPARE(configToText(panel.config()), configToText(c)); // kept, not clamped
    const QString text = panel.problems().join(QLatin1Char('\n'));
    QVERIFY2(text.contains(QStringLiteral("training.optimizer.lr = -1")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("model.hidden[1] = 0")), qPrintable(text));
    QCOMPARE(panel.problems().size(), 2);
}

void TestConfigPanel::fieldsFollowTheChosenOptions()
{
    ConfigPanel panel;
    panel.show();
    auto visible = [&](const char* key) { return panel.field(QString::fromLatin1(key))->isVisibleTo(&panel); };
    auto* type = fieldOf<QComboBox>(panel, "training.optimizer.type");
    selectData(type, "sgd");
    QVERIFY(visible("training.optimizer.momentum"));
    QVERIFY(visible("training.optimizer.nesterov"));
    QVERIFY(!visible("training.optimizer.betas[0]"));
    selectData(type, "adam");
    QVERIFY(!visible("training.optimizer.momentum"));
    QVERIFY(visible("training.optimizer.betas[0]"));
    QVERIFY(visible("training.optimizer.eps"));
    QVERIFY(!visible("training.optimizer.rho"));
    selectData(type, "rmsprop");
    QVERIFY(visible("training.optimizer.momentum"));
    QVERIFY(visible("training.optimizer.rho"));

    auto* schedule = fieldOf<QComboBox>(panel, "training.schedule.type");
    selectData(schedule, "constant");
    QVERIFY(!visible("training.schedule.gamma"));
    QVERIFY(visible("training.schedule.warmup_epochs"));
    selectData(schedule, "step");
    QVERIFY(visible("training.schedule.step_size"));
    QVERIFY(visible("training.schedule.gamma"));
    QVERIFY(!visible("training.schedule.period"));
    selectData(schedule, "cosine");
    QVERIFY(visible("training.schedule.period"));
    QVERIFY(!visible("training.schedule.period_mult"));
    fieldOf<QCheckBox>(panel, "training.schedule.restarts")->setChecked(true);
    QVERIFY(visible("training.schedule.period_mult"));
    selectData(schedule, "plateau");
    QVERIFY(visible("training.schedule.factor"));
    QVERIFY(visible("training.schedule.monitor"));
    QVERIFY(!visible("training.schedule.step_size"));

    auto* dataset = fieldOf<QComboBox>(panel, "data.dataset");
    selectData(dataset, "blobs");
    QVERIFY(visible("data.classes"));
    QVERIFY(visible("data.dimensions"));
    QVERIFY(!visible("data.path"));
    selectData(dataset, "csv");
    QVERIFY(visible("data.path"));
    QVERIFY(visible("data.label_column"));
    QVERIFY(!visible("data.samples"));

    QVERIFY(!panel.field(QStringLiteral("training.early_stopping.patience"))->isEnabled());
    fieldOf<QCheckBox>(panel, "training.early_stopping.enabled")->setChecked(true);
    QVERIFY(panel.field(QStringLiteral("training.early_stopping.patience"))->isEnabled());
}

void TestConfigPanel::optimizerSwitchAppliesItsDefaults()
{
    ConfigPanel panel;
    auto* type = fieldOf<QComboBox>(panel, "training.optimizer.type");
    selectData(type, "momentum");
    QCOMPARE(panel.config().training.optimizer.momentum, 0.9);
    QVERIFY(!panel.config().training.optimizer.nesterov);
    selectData(type, "nesterov");
    QVERIFY(panel.config().training.optimizer.nesterov);
    QVERIFY(panel.isValid());
    selectData(type, "adagrad");
    QCOMPARE(panel.config().training.optimizer.eps, 1e-10);
    selectData(type, "adamw");
    QCOMPARE(panel.config().training.optimizer.eps, 1e-8);
    QCOMPARE(panel.config().training.optimizer.weightDecay, 0.01);
    // The same defaults the JSON reader gives a bare {"type": "adamw"}.
    const ConfigParse parsed = configFromText(R"({"training": {"optimizer": {"type": "adamw"}}})");
    QCOMPARE(configToText(panel.config()), configToText(parsed.config));
}

void TestConfigPanel::datasetChoosesTheTask()
{
    ConfigPanel panel;
    auto* dataset = fieldOf<QComboBox>(panel, "data.dataset");
    selectData(dataset, "ripple");
    QCOMPARE(panel.config().model.task, std::string("regression"));
    QCOMPARE(fieldOf<QComboBox>(panel, "model.task")->currentData().toString(), QStringLiteral("regression"));
    QVERIFY(panel.isValid());
    selectData(dataset, "moons");
    QCOMPARE(panel.config().model.task, std::string("classification"));
    QVERIFY(panel.isValid());
}

void TestConfigPanel::splitStaysSummingToOne()
{
    ConfigPanel panel;
    fieldOf<QDoubleSpinBox>(panel, "data.split.val")->setValue(0.2);
    QCOMPARE(panel.config().data.split.train, 0.65);
    fieldOf<QDoubleSpinBox>(panel, "data.split.train")->setValue(0.5);
    QCOMPARE(panel.config().data.split.test, 0.3);
    QCOMPARE(fieldOf<QDoubleSpinBox>(panel, "data.split.test")->value(), 0.3);
    QVERIFY(panel.isValid());
}

void TestConfigPanel::networkEditorAddsRemovesAndResizes()
{
    ConfigPanel panel;
    NetworkEditor* net = panel.networkEditor();
    QCOMPARE(net->layerCount(), 2);
    QTest::mouseClick(net->addLayerButton(), Qt::LeftButton);
    QCOMPARE(net->layerCount(), 3);
    QCOMPARE(panel.config().model.hidden, (std::vector<int>{8, 8, 8}));
    net->widthSpin(2)->stepBy(3);
    QCOMPARE(panel.config().model.hidden, (std::vector<int>{8, 8, 11}));
    QTest::mouseClick(net->removeLayerButton(), Qt::LeftButton);
    QVERIFY(net->widthSpin(2) == nullptr);
    QCOMPARE(panel.config().model.hidden, (std::vector<int>{8, 8}));
    QTest::mouseClick(net->removeLayerButton(), Qt::LeftButton);
    QTest::mouseClick(net->removeLayerButton(), Qt::LeftButton);
    QCOMPARE(panel.config().model.hidden, std::vector<int>{});
    QVERIFY(!net->removeLayerButton()->isEnabled());
    QVERIFY(panel.isValid()); // no hidden layer: a linear model
}

void TestConfigPanel::everyControlHasATooltip()
{
    ConfigPanel panel;
    panel.setConfig(everythingChanged());
    int controls = 0;
    for (QWidget* w : panel.findChildren<QWidget*>()) {
        // Skip the inner parts of composite widgets (a spin box's line edit, a combo's popup).
        QWidget* parent = w->parentWidget();
        if (qobject_cast<QAbstractSpinBox*>(parent) || qobject_cast<QComboBox*>(parent) || w->inherits("QComboBoxPrivateContainer"))
            continue;
        const bool control = qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w)
                             || qobject_cast<QAbstractButton*>(w) || qobject_cast<QLineEdit*>(w);
        if (!control)
            continue;
        ++controls;
        QVERIFY2(!w->toolTip().isEmpty(),
                 qPrintable(QStringLiteral("%1 (%2, \"%3\") has no tooltip")
                                .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                                     qobject_cast<QAbstractButton*>(w) ? qobject_cast<QAbstractButton*>(w)->text() : QString())));
    }
    QVERIFY(controls > 60);
}

void TestConfigPanel::sciSpinBoxStepsOneTwoFive()
{
    QCOMPARE(SciSpinBox::nextUp(0.01, 1e-6), 0.02);
    QCOMPARE(SciSpinBox::nextUp(0.02, 1e-6), 0.05);
    QCOMPARE(SciSpinBox::nextUp(0.05, 1e-6), 0.1);
    QCOMPARE(SciSpinBox::nextUp(0.03, 1e-6), 0.05);
    QCOMPARE(SciSpinBox::nextUp(0.0, 1e-6), 1e-6);
    QCOMPARE(SciSpinBox::nextDown(0.01, 1e-6), 0.005);
    QCOMPARE(SciSpinBox::nextDown(0.005, 1e-6), 0.002);
    QCOMPARE(SciSpinBox::nextDown(0.003, 1e-6), 0.002);
    QCOMPARE(SciSpinBox::nextDown(1e-6, 1e-6), 0.0);
    SciSpinBox box;
    box.setRange(1e-6, 10.0);
    box.setValue(0.001);
    box.stepBy(2);
    QCOMPARE(box.value(), 0.005);
    box.stepBy(-3);
    QCOMPARE(box.value(), 0.0005);
    QCOMPARE(box.text(), QStringLiteral("0.0005"));
    box.setValue(3e-6);
    QCOMPARE(box.text(), QStringLiteral("3e-06"));
}

QTEST_MAIN(TestConfigPanel)
#include "test_config_panel.moc"
