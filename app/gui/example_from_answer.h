#pragma once

#include <QObject>

namespace ps::widgets {
class PromptWorkbench;
class ResponseArea;
} // namespace ps::widgets

// A pane's "Add as example": its answer (edited first, in a dialog) and the variable values it
// answered become a few-shot example of the prompt being edited, as one undo step.
namespace ps::app {

class StaleAnswers;

class ExampleFromAnswer final : public QObject
{
    Q_OBJECT
public:
    ExampleFromAnswer(widgets::ResponseArea *area, widgets::PromptWorkbench *workbench,
        const StaleAnswers *asked, QObject *parent = nullptr);

signals:
    void statusMessage(const QString &text);

private:
    void addFrom(int paneId);

    widgets::ResponseArea *m_area;
    widgets::PromptWorkbench *m_workbench;
    const StaleAnswers *m_asked;
};

} // namespace ps::app
