#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

// The Targets tab of Settings ▸ Providers and Targets: every target with its provider and model;
// the selected one's model, parameter overrides, fallback and low-confidence threshold edited,
// or the target removed. It shows and asks; the app writes.
namespace ps::widgets {

struct TargetRow
{
    QString id;
    QString provider;
    QString model;
    QString params; // the overrides as JSON text, "{}" for none
    QString fallback; // "" for none
    std::optional<double> fallbackBelowLogprob; // fall back on confidence below this
};

class TargetsPage final : public QWidget
{
    Q_OBJECT
public:
    explicit TargetsPage(QWidget *parent = nullptr);

    // Keeps the target being edited selected, and what is typed, when it is still listed.
    void setTargets(const QList<TargetRow> &targets);
    void selectTarget(const QString &id);

    QListWidget *list() const { return m_list; }
    QLineEdit *modelEdit() const { return m_model; }
    QLineEdit *paramsEdit() const { return m_params; }
    QComboBox *fallbackBox() const { return m_fallback; }
    QDoubleSpinBox *thresholdBox() const { return m_threshold; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *removeButton() const { return m_remove; }

signals:
    void saveRequested(const ps::widgets::TargetRow &target);
    void removeRequested(const QString &id);

private:
    void show(int row);
    TargetRow typed() const;

    QList<TargetRow> m_rows;
    QListWidget *m_list;
    QLabel *m_heading;
    QLineEdit *m_model;
    QLineEdit *m_params;
    QComboBox *m_fallback;
    QDoubleSpinBox *m_threshold;
    QPushButton *m_save;
    QPushButton *m_remove;
    QWidget *m_form;
};

} // namespace ps::widgets
