#pragma once
// Small helpers shared by the config panel's implementation files
// (config_panel.cpp, config_panel_data.cpp, config_panel_training.cpp) and
// its network editor:
// layout shortcuts and the marking of fields that validate() names.
// Not a public interface.

#include "config_panel_texts.h"

#include <QColor>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QMenu>
#include <QPalette>
#include <QString>
#include <QToolButton>
#include <QWidget>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>

namespace hs::config_detail {

using namespace config_text;

inline QString q(const std::string& s) { return QString::fromStdString(s); }

inline bool isOneOf(const std::string& v, std::initializer_list<const char*> names)
{
    return std::any_of(names.begin(), names.end(), [&](const char* n) { return v == n; });
}

// Tints a control whose value validate() complained about.
inline void markInvalid(QWidget* w, bool bad)
{
    if (!bad) {
        w->setPalette(QPalette()); // nothing resolved: inherit again
        return;
    }
    QPalette p = w->palette();
    p.setColor(QPalette::Base, QColor(255, 222, 222));
    p.setColor(QPalette::Button, QColor(255, 222, 222));
    w->setPalette(p);
}

// Whether `message` mentions `key` as a whole key (not "model.init" inside "model.init_scale").
inline bool mentions(const QString& message, const QString& key)
{
    for (qsizetype at = message.indexOf(key); at >= 0; at = message.indexOf(key, at + 1)) {
        const qsizetype end = at + key.size();
        if (end >= message.size())
            return true;
        const QChar c = message.at(end);
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('[')))
            return true;
        if (c == QLatin1Char('.') && (end + 1 >= message.size() || !message.at(end + 1).isLetter()))
            return true; // end of a sentence
    }
    return false;
}

inline double roundedFraction(double v) { return std::round(v * 1e9) / 1e9; }

inline QToolButton* valuesButton(const QString& tip, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setText(QStringLiteral("▾"));
    b->setToolTip(tip);
    b->setPopupMode(QToolButton::InstantPopup);
    b->setMenu(new QMenu(b));
    return b;
}

inline QWidget* hbox(QWidget* parent, std::initializer_list<QWidget*> widgets, int stretchIndex = 0)
{
    auto* w = new QWidget(parent);
    auto* h = new QHBoxLayout(w);
    h->setContentsMargins(0, 0, 0, 0);
    h->setSpacing(2);
    int i = 0;
    for (QWidget* child : widgets)
        h->addWidget(child, i++ == stretchIndex ? 1 : 0);
    return w;
}

inline QFormLayout* newForm(QGroupBox* box)
{
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setContentsMargins(6, 6, 6, 6);
    form->setVerticalSpacing(4);
    return form;
}

} // namespace hs::config_detail
