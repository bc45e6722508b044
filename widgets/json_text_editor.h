#pragma once

#include "eval/schema_text_check.h"

#include <nlohmann/json.hpp>

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QPlainTextEdit;

// JSON typed by the user (a schema, a tools list), checked as typed: a problem is underlined
// where it is and said below; only valid JSON is handed on.
namespace ps::widgets {

class JsonTextEditor final : public QWidget
{
    Q_OBJECT
public:
    using Check = std::function<std::optional<eval::TextProblem>(std::string_view text)>;

    // `valid` is what the line below says when the text passes, e.g. "✓ valid schema"; `empty`
    // what it says when there is no text, which is valid (null) only when `emptyIsValid`.
    JsonTextEditor(Check check, const QString &valid, const QString &empty, bool emptyIsValid,
        QWidget *parent = nullptr);

    // Shows `value` (pretty-printed) unless the text typed already means it: the cursor stays.
    void setJson(const nlohmann::json &value);
    QString text() const;
    // "line 4, column 23: …" while the text cannot be used; "" when it can.
    QString problem() const { return m_problem; }
    QPlainTextEdit *editor() const { return m_editor; }
    QLabel *statusLabel() const { return m_status; }

signals:
    // The user typed text that passes the check; `value` is what it means (null: no text).
    void validJsonEdited(const nlohmann::json &value);

private:
    void recheck(bool typed);
    void markAt(const util::TextPosition &position);

    Check m_check;
    QString m_valid;
    QString m_empty;
    bool m_emptyIsValid;
    QString m_problem;
    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_status = nullptr;
    bool m_showing = false; // text set by code, not typed
};

} // namespace ps::widgets
