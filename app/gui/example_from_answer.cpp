#include "example_from_answer.h"

#include "examples_model.h"
#include "examples_panel.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "stale_answers.h"

#include <QInputDialog>
#include <QTabWidget>

namespace ps::app {

ExampleFromAnswer::ExampleFromAnswer(widgets::ResponseArea *area,
    widgets::PromptWorkbench *workbench, const StaleAnswers *asked, QObject *parent)
    : QObject(parent)
    , m_area(area)
    , m_workbench(workbench)
    , m_asked(asked)
{
    connect(m_area, &widgets::ResponseArea::addAsExampleRequested, this, &ExampleFromAnswer::addFrom);
}

void ExampleFromAnswer::addFrom(int paneId)
{
    const widgets::ResponsePane *pane = m_area->paneById(paneId);
    if (!pane || pane->answerText().isEmpty())
        return;
    const QString prompt = QString::fromStdString(m_asked->promptAskedOf(paneId));
    if (prompt != m_workbench->promptName()) {
        emit statusMessage(tr("That answer is to %1, not to %2: open %1 to keep it as its example")
                               .arg(prompt, m_workbench->promptName()));
        return;
    }
    auto *dialog = new QInputDialog(m_workbench->window());
    dialog->setObjectName(QStringLiteral("exampleFromAnswerDialog"));
    dialog->setWindowTitle(tr("Add as Example"));
    dialog->setLabelText(tr("The ideal output of the new example — edit the answer into the one "
                            "you want the model to give:"));
    dialog->setOption(QInputDialog::UsePlainTextEditForTextInput);
    dialog->setTextValue(pane->answerText());
    dialog->setOkButtonText(tr("Add Example"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const nlohmann::json values = m_asked->valuesAskedOf(paneId);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, values, prompt](const QString &output) {
        if (prompt != m_workbench->promptName())
            return; // another prompt was opened while the dialog was up
        model::Example example;
        example.input = values.is_object() ? values : nlohmann::json::object();
        example.output = output.toStdString();
        widgets::ExamplesPanel *examples = m_workbench->examples();
        examples->model()->appendExamples({example}, tr("Add an example from an answer"));
        m_workbench->tabs()->setCurrentWidget(examples);
        examples->selectRows({examples->model()->rowCount() - 1});
        emit statusMessage(tr("Added as example %1 — Ctrl+Z takes it out again")
                               .arg(examples->model()->rowCount()));
    });
    dialog->open();
}

} // namespace ps::app
