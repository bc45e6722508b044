#pragma once

#include "model/version_content.h"

#include <QWidget>

#include <functional>

class QBoxLayout;
class QButtonGroup;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

// The Parameters tab: sampling (temperature, top_p, max tokens, stop, seed), reasoning effort
// and thinking budget, the response format with its JSON schema, and the tools, each said with
// the providers that take it. It shows the document's parameters and emits each edit.
namespace ps::widgets {

class JsonTextEditor;

class ParametersPanel final : public QWidget
{
    Q_OBJECT
public:
    // The editor an edit came from: edits of one field merge into one undo step while typing.
    enum Field {
        Temperature = 1,
        TopP,
        MaxTokens,
        Seed,
        Stop,
        Effort,
        Budget,
        Format,
        SchemaName,
        Schema,
        Tools,
    };

    explicit ParametersPanel(QWidget *parent = nullptr);

    // Shows `params` without emitting; text being typed that already means the same stays.
    void showParams(const model::Params &params);
    // Lines about the targets in the panes: what each overrides, what its model refuses.
    void setTargetNotes(const QStringList &notes);
    QString targetNotesText() const;
    // Why the parameters typed cannot be saved ("JSON schema, line 4, column 23: …"); "" if
    // they can.
    QString problem() const;

    QDoubleSpinBox *temperatureBox() const { return m_temperature; }
    QSpinBox *maxTokensBox() const { return m_maxTokens; }
    JsonTextEditor *schemaEditor() const { return m_schema; }
    JsonTextEditor *toolsEditor() const { return m_tools; }
    // "Sent with temperature 0 · max tokens 256 · JSON schema "label" · tools: a, b"; "" when
    // every parameter is the provider's default.
    static QString summary(const model::Params &params);
    // Picks the response format: "text", "json_object" or "json_schema", as a click does.
    void chooseFormat(const QString &type);

signals:
    void paramsEdited(const ps::model::Params &params, int field, const QString &what);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    QWidget *buildSampling();
    QWidget *buildFormatAndTools();
    void edit(Field field, const QString &what, const std::function<void(model::Params &)> &change);
    void formatChosen(const QString &type);
    void updateFormatView();

    model::Params m_params; // as the document has them
    QBoxLayout *m_columns = nullptr;
    bool m_showing = false;
    QDoubleSpinBox *m_temperature = nullptr;
    QDoubleSpinBox *m_topP = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QSpinBox *m_seed = nullptr;
    QPlainTextEdit *m_stop = nullptr;
    QComboBox *m_effort = nullptr;
    QSpinBox *m_budget = nullptr;
    QButtonGroup *m_format = nullptr;
    QLineEdit *m_schemaName = nullptr;
    JsonTextEditor *m_schema = nullptr;
    QWidget *m_schemaBox = nullptr;
    JsonTextEditor *m_tools = nullptr;
    QLabel *m_toolsSummary = nullptr;
    QLabel *m_targetNotes = nullptr;
};

} // namespace ps::widgets
