#pragma once

#include <nlohmann/json.hpp>

#include <QFutureWatcher>
#include <QMap>
#include <QWidget>

class QGridLayout;
class QLabel;
class QPlainTextEdit;

// The Variables tab: one multi-line value per variable the prompt reads, with "Load file…".
namespace ps::widgets {

class VariablesPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit VariablesPanel(QWidget *parent = nullptr);

    // The variables to show, in order, with their declared defaults (shown as placeholders).
    // A value typed for a name that disappears is kept, in case it comes back.
    void setVariables(const QStringList &names, const QMap<QString, QString> &defaults = {});
    QStringList variableNames() const { return m_names; }

    // Replaces every remembered value without emitting valuesChanged().
    void setValues(const nlohmann::json &values);
    // The values of the listed variables that the user filled ({} for none).
    nlohmann::json values() const;
    // Every remembered value, also of variables not listed right now.
    nlohmann::json allValues() const;
    QPlainTextEdit *valueEditor(const QString &name) const;

    // Reads `path` off the GUI thread into the value of `name`.
    void loadFile(const QString &name, const QString &path);

signals:
    void valuesChanged();
    void fileLoaded(const QString &name);

private:
    void rebuild(const QMap<QString, QString> &defaults);
    // Shows the default of `name`, while nothing is typed, as the value it is.
    void markDefault(const QString &name);

    QStringList m_names;
    QMap<QString, QString> m_values;
    QMap<QString, QPlainTextEdit *> m_editors;
    QMap<QString, QLabel *> m_labels;
    QMap<QString, QString> m_defaults;
    QWidget *m_scroll = nullptr;
    QWidget *m_rows = nullptr;
    QGridLayout *m_grid = nullptr;
    QLabel *m_empty = nullptr;
};

} // namespace ps::widgets
