#include "parameters_panel.h"

#include "json_text_editor.h"
#include "prompt_editor.h"

#include "eval/schema_text_check.h"
#include "util/json_depth.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace ps::widgets {

namespace {

using nlohmann::json;

// Below the range's real start: the spin box's "provider default" (nothing is sent).
constexpr double kUnsetFraction = -0.1;
constexpr const char *kBudgetKey = "thinking_budget";
constexpr const char *kDefaultSchemaName = "response";

// A schema to start from when "JSON schema" is picked with nothing typed yet.
const json &starterSchema()
{
    static const json schema = {{"type", "object"},
        {"properties", {{"answer", {{"type", "string"}}}}}, {"required", {"answer"}},
        {"additionalProperties", false}};
    return schema;
}

QDoubleSpinBox *fractionBox(double maximum, QWidget *parent)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setRange(kUnsetFraction, maximum);
    box->setSingleStep(0.1);
    box->setDecimals(2);
    box->setSpecialValueText(QObject::tr("provider default"));
    box->setValue(kUnsetFraction);
    return box;
}

QLabel *caption(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(QStringLiteral("paramCaption"));
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

// Stop sequences one per line, with \n and \t written as such.
QString stopText(const std::vector<std::string> &stop)
{
    QStringList lines;
    for (const std::string &sequence : stop) {
        QString line = QString::fromStdString(sequence);
        line.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('\n'), QStringLiteral("\\n"))
            .replace(QLatin1Char('\t'), QStringLiteral("\\t"));
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

std::vector<std::string> stopSequences(const QString &text)
{
    std::vector<std::string> stop;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.isEmpty())
            continue;
        QString sequence;
        for (qsizetype i = 0; i < line.size(); ++i) {
            if (line[i] == QLatin1Char('\\') && i + 1 < line.size()) {
                const QChar next = line[++i];
                sequence += next == QLatin1Char('n')   ? QChar(QLatin1Char('\n'))
                    : next == QLatin1Char('t')         ? QChar(QLatin1Char('\t'))
                                                       : next;
            } else {
                sequence += line[i];
            }
        }
        stop.push_back(sequence.toStdString());
    }
    return stop;
}

QString formatType(const model::Params &params)
{
    return params.responseFormat.is_object()
        ? QString::fromStdString(params.responseFormat.value("type", std::string("text")))
        : QStringLiteral("text");
}

} // namespace

ParametersPanel::ParametersPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    m_columns = new QBoxLayout(QBoxLayout::TopToBottom, content);
    m_columns->setContentsMargins(8, 8, 8, 8);
    m_columns->setSpacing(16);
    m_columns->addWidget(buildSampling(), 1);
    m_columns->addWidget(buildFormatAndTools(), 1);
    scroll->setWidget(content);
    outer->addWidget(scroll);
    // One history: Ctrl+Z in any field undoes the last change to the prompt, as in the cards.
    for (QWidget *field : std::initializer_list<QWidget *> {m_temperature, m_topP, m_maxTokens,
             m_seed, m_stop, m_effort, m_budget, m_schemaName, m_schema->editor(),
             m_tools->editor()})
        leaveUndoToTheWindow(field);
    showParams({});
}

QWidget *ParametersPanel::buildSampling()
{
    auto *box = new QGroupBox(tr("Sampling"), this);
    auto *grid = new QGridLayout(box);
    grid->setColumnStretch(2, 1);
    int row = 0;
    const auto addRow = [&](const QString &name, QWidget *field, const QString &who) {
        auto *label = new QLabel(name, box);
        label->setBuddy(field);
        field->setAccessibleName(QString(name).remove(QLatin1Char('&')));
        grid->addWidget(label, row, 0);
        grid->addWidget(field, row, 1);
        grid->addWidget(caption(who, box), row, 2);
        ++row;
    };
    m_temperature = fractionBox(2.0, box);
    addRow(tr("&Temperature"), m_temperature, tr("all providers"));
    m_topP = fractionBox(1.0, box);
    addRow(tr("Top &p"), m_topP, tr("all providers"));
    m_maxTokens = new QSpinBox(box);
    m_maxTokens->setRange(0, 10'000'000);
    m_maxTokens->setSingleStep(64);
    m_maxTokens->setSpecialValueText(tr("provider default"));
    addRow(tr("&Max tokens"), m_maxTokens, tr("all providers"));
    m_maxTokens->setToolTip(tr("OpenAI's reasoning models get it as max_completion_tokens"));
    m_seed = new QSpinBox(box);
    m_seed->setRange(-1, std::numeric_limits<int>::max());
    m_seed->setSpecialValueText(tr("none"));
    m_seed->setValue(-1);
    addRow(tr("S&eed"), m_seed, tr("OpenAI, Gemini, Ollama"));
    m_seed->setToolTip(tr("Anthropic takes no seed; OpenAI-compatible servers mostly do"));
    m_stop = new QPlainTextEdit(box);
    m_stop->setTabChangesFocus(true);
    m_stop->setPlaceholderText(tr("one per line; \\n for a line break"));
    m_stop->setFixedHeight(m_stop->fontMetrics().lineSpacing() * 3 + 12);
    addRow(tr("&Stop"), m_stop, tr("all providers"));
    m_effort = new QComboBox(box);
    m_effort->addItem(tr("provider default"), QString());
    for (const char *effort : {"none", "minimal", "low", "medium", "high"})
        m_effort->addItem(QString::fromLatin1(effort), QString::fromLatin1(effort));
    addRow(tr("&Reasoning effort"), m_effort, tr("reasoning models"));
    m_effort->setToolTip(tr("OpenAI's o-series and GPT-5 take it as it is; Anthropic and Gemini "
                            "as a thinking budget (low 1024, medium 8192, high 24576 tokens)"));
    m_budget = new QSpinBox(box);
    m_budget->setRange(0, 200'000);
    m_budget->setSingleStep(1024);
    m_budget->setSpecialValueText(tr("from effort, or off"));
    addRow(tr("Thinking &budget"), m_budget, tr("Anthropic, Gemini"));
    m_budget->setToolTip(tr("Tokens the model may think before answering; set, it wins over "
                            "the reasoning effort"));
    m_targetNotes = new QLabel(box);
    m_targetNotes->setObjectName(QStringLiteral("targetNotes"));
    m_targetNotes->setWordWrap(true);
    grid->addWidget(m_targetNotes, row++, 0, 1, 3);
    grid->setRowStretch(row, 1);

    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        edit(Temperature, tr("Set temperature"), [value](model::Params &params) {
            params.temperature = value < 0 ? std::nullopt : std::optional<double>(value);
        });
    });
    connect(m_topP, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        edit(TopP, tr("Set top_p"), [value](model::Params &params) {
            params.topP = value < 0 ? std::nullopt : std::optional<double>(value);
        });
    });
    connect(m_maxTokens, &QSpinBox::valueChanged, this, [this](int value) {
        edit(MaxTokens, tr("Set max tokens"), [value](model::Params &params) {
            params.maxTokens = value <= 0 ? std::nullopt : std::optional<long long>(value);
        });
    });
    connect(m_seed, &QSpinBox::valueChanged, this, [this](int value) {
        edit(Seed, tr("Set seed"), [value](model::Params &params) {
            params.seed = value < 0 ? std::nullopt : std::optional<long long>(value);
        });
    });
    connect(m_stop, &QPlainTextEdit::textChanged, this, [this] {
        edit(Stop, tr("Set stop sequences"),
            [stop = stopSequences(m_stop->toPlainText())](model::Params &params) { params.stop = stop; });
    });
    connect(m_effort, &QComboBox::currentIndexChanged, this, [this] {
        const QString effort = m_effort->currentData().toString();
        edit(Effort, tr("Set reasoning effort"), [effort](model::Params &params) {
            params.reasoningEffort = effort.isEmpty()
                ? std::nullopt
                : std::optional<std::string>(effort.toStdString());
        });
    });
    connect(m_budget, &QSpinBox::valueChanged, this, [this](int value) {
        edit(Budget, tr("Set thinking budget"), [value](model::Params &params) {
            if (value > 0)
                params.extra[kBudgetKey] = value;
            else
                params.extra.erase(kBudgetKey);
        });
    });
    return box;
}

QWidget *ParametersPanel::buildFormatAndTools()
{
    auto *column = new QWidget(this);
    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *formatBox = new QGroupBox(tr("Response format"), column);
    auto *format = new QVBoxLayout(formatBox);
    auto *choices = new QHBoxLayout;
    m_format = new QButtonGroup(this);
    for (const auto &[type, text] : {std::pair {"text", tr("Te&xt")},
             std::pair {"json_object", tr("JSON &object")},
             std::pair {"json_schema", tr("JSON s&chema")}}) {
        auto *button = new QRadioButton(text, formatBox);
        button->setObjectName(QString::fromLatin1(type));
        m_format->addButton(button);
        choices->addWidget(button);
    }
    choices->addStretch(1);
    format->addLayout(choices);
    m_schemaBox = new QWidget(formatBox);
    auto *schemaLayout = new QVBoxLayout(m_schemaBox);
    schemaLayout->setContentsMargins(0, 0, 0, 0);
    auto *nameRow = new QHBoxLayout;
    auto *nameLabel = new QLabel(tr("&Name"), m_schemaBox);
    m_schemaName = new QLineEdit(m_schemaBox);
    m_schemaName->setAccessibleName(tr("Schema name"));
    m_schemaName->setPlaceholderText(QString::fromLatin1(kDefaultSchemaName));
    nameLabel->setBuddy(m_schemaName);
    nameRow->addWidget(nameLabel);
    nameRow->addWidget(m_schemaName, 1);
    schemaLayout->addLayout(nameRow);
    m_schema = new JsonTextEditor([](std::string_view text) { return eval::checkSchemaText(text); },
        tr("✓ valid JSON Schema"), tr("The schema is empty: write one, e.g. {\"type\": \"object\"}"),
        false, m_schemaBox);
    m_schema->editor()->setAccessibleName(tr("JSON schema"));
    schemaLayout->addWidget(m_schema, 1);
    format->addWidget(m_schemaBox, 1);
    format->addWidget(caption(tr("JSON object and schema: OpenAI, Anthropic (schema only), "
                                 "Gemini and Ollama"),
        formatBox));
    layout->addWidget(formatBox, 3);

    auto *toolsBox = new QGroupBox(tr("Tools"), column);
    auto *tools = new QVBoxLayout(toolsBox);
    m_toolsSummary = new QLabel(toolsBox);
    m_toolsSummary->setWordWrap(true);
    tools->addWidget(m_toolsSummary);
    m_tools = new JsonTextEditor([](std::string_view text) { return eval::checkToolsText(text); },
        tr("✓ valid tools"),
        tr("No tools. Write a list: [{\"name\": \"lookup_order\", \"description\": \"…\", "
           "\"parameters\": {\"type\": \"object\", \"properties\": {…}}}]"),
        true, toolsBox);
    m_tools->editor()->setAccessibleName(tr("Tools as JSON"));
    tools->addWidget(m_tools, 1);
    layout->addWidget(toolsBox, 2);

    connect(m_format, &QButtonGroup::buttonClicked, this,
        [this](QAbstractButton *button) { formatChosen(button->objectName()); });
    connect(m_schemaName, &QLineEdit::textEdited, this, [this](const QString &name) {
        edit(SchemaName, tr("Set the schema's name"), [name](model::Params &params) {
            if (params.responseFormat.is_object())
                params.responseFormat["name"] = name.isEmpty()
                    ? std::string(kDefaultSchemaName)
                    : name.toStdString();
        });
    });
    connect(m_schema, &JsonTextEditor::validJsonEdited, this, [this](const json &schema) {
        edit(Schema, tr("Edit the JSON schema"), [schema](model::Params &params) {
            if (params.responseFormat.is_object())
                params.responseFormat["schema"] = schema;
        });
    });
    connect(m_tools, &JsonTextEditor::validJsonEdited, this, [this](const json &tools) {
        edit(Tools, tr("Edit the tools"), [tools](model::Params &params) {
            params.tools = tools.is_null() ? json::array() : tools;
        });
    });
    return column;
}

void ParametersPanel::chooseFormat(const QString &type)
{
    if (QAbstractButton *button = findChild<QRadioButton *>(type)) {
        button->setChecked(true);
        formatChosen(type);
    }
}

void ParametersPanel::formatChosen(const QString &type)
{
    json format;
    if (type == QStringLiteral("json_object"))
        format = {{"type", "json_object"}};
    else if (type == QStringLiteral("json_schema")) {
        const std::string name = m_schemaName->text().isEmpty()
            ? std::string(kDefaultSchemaName)
            : m_schemaName->text().toStdString();
        // What is typed in the editor is kept when it is a schema; else a start is offered.
        const json typed = m_schema->problem().isEmpty() && !m_schema->text().trimmed().isEmpty()
            ? util::parseJsonOrDiscarded(m_schema->text().toStdString())
            : starterSchema();
        format = {{"type", "json_schema"}, {"name", name}, {"schema", typed}};
    }
    edit(Format, tr("Set the response format"),
        [format](model::Params &params) { params.responseFormat = format; });
    updateFormatView();
}

void ParametersPanel::edit(
    Field field, const QString &what, const std::function<void(model::Params &)> &change)
{
    if (m_showing)
        return;
    model::Params params = m_params;
    change(params);
    if (params == m_params)
        return;
    m_params = params;
    emit paramsEdited(params, field, what);
}

void ParametersPanel::showParams(const model::Params &params)
{
    m_showing = true;
    m_params = params;
    // A box is only set when its value differs: setting it rewrites the text being typed.
    const auto show = [](auto *box, auto value) {
        if (box->value() != value)
            box->setValue(value);
    };
    show(m_temperature, params.temperature.value_or(kUnsetFraction));
    show(m_topP, params.topP.value_or(kUnsetFraction));
    show(m_maxTokens, int(std::min<long long>(params.maxTokens.value_or(0), 10'000'000)));
    show(m_seed, int(std::clamp<long long>(params.seed.value_or(-1), -1,
        std::numeric_limits<int>::max())));
    if (stopSequences(m_stop->toPlainText()) != params.stop)
        m_stop->setPlainText(stopText(params.stop));
    m_effort->setCurrentIndex(
        std::max(0, m_effort->findData(QString::fromStdString(params.reasoningEffort.value_or("")))));
    const json budget = params.extra.is_object() ? params.extra.value(kBudgetKey, json()) : json();
    show(m_budget, budget.is_number_integer() ? budget.get<int>() : 0);
    if (QAbstractButton *button = findChild<QRadioButton *>(formatType(params)))
        button->setChecked(true);
    const json &format = params.responseFormat;
    if (format.is_object() && format.value("type", json()) == "json_schema") {
        const QString name = QString::fromStdString(format.value("name", std::string()));
        if (m_schemaName->text() != name)
            m_schemaName->setText(name);
        m_schema->setJson(format.value("schema", json()));
    }
    m_tools->setJson(params.tools.is_array() && params.tools.empty() ? json() : params.tools);
    updateFormatView();
    m_showing = false;
}

void ParametersPanel::updateFormatView()
{
    m_schemaBox->setVisible(formatType(m_params) == QStringLiteral("json_schema"));
    QStringList names;
    if (m_params.tools.is_array())
        for (const json &tool : m_params.tools)
            names << QString::fromStdString(tool.value("name", std::string()));
    m_toolsSummary->setText(names.isEmpty()
            ? tr("No tools: the model answers in text.")
            : tr("%n tool(s), sent with every request: %1", nullptr, int(names.size()))
                  .arg(names.join(QStringLiteral(", "))));
}

QString ParametersPanel::summary(const model::Params &params)
{
    QStringList parts;
    const QLocale c = QLocale::c();
    if (params.temperature)
        parts << tr("temperature %1").arg(c.toString(*params.temperature));
    if (params.topP)
        parts << tr("top_p %1").arg(c.toString(*params.topP));
    if (params.maxTokens)
        parts << tr("max tokens %1").arg(*params.maxTokens);
    if (!params.stop.empty())
        parts << tr("%n stop sequence(s)", nullptr, int(params.stop.size()));
    if (params.seed)
        parts << tr("seed %1").arg(*params.seed);
    if (params.reasoningEffort)
        parts << tr("reasoning %1").arg(QString::fromStdString(*params.reasoningEffort));
    const json budget = params.extra.is_object() ? params.extra.value(kBudgetKey, json()) : json();
    if (budget.is_number())
        parts << tr("thinking budget %1").arg(QString::fromStdString(budget.dump()));
    const QString format = formatType(params);
    if (format == QStringLiteral("json_object"))
        parts << tr("JSON object");
    else if (format == QStringLiteral("json_schema"))
        parts << tr("JSON schema \"%1\"")
                     .arg(QString::fromStdString(params.responseFormat.value("name", std::string())));
    QStringList tools;
    if (params.tools.is_array())
        for (const json &tool : params.tools)
            tools << QString::fromStdString(tool.value("name", std::string()));
    if (!tools.isEmpty())
        parts << tr("tools: %1").arg(tools.join(QStringLiteral(", ")));
    return parts.isEmpty() ? QString()
                           : tr("Sent with %1").arg(parts.join(QStringLiteral(" · ")));
}

void ParametersPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Side by side where there is room for both, one above the other where there is not.
    m_columns->setDirection(
        width() >= 900 ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

void ParametersPanel::setTargetNotes(const QStringList &notes)
{
    m_targetNotes->setText(notes.join(QLatin1Char('\n')));
    m_targetNotes->setVisible(!notes.isEmpty());
}

QString ParametersPanel::targetNotesText() const
{
    return m_targetNotes->isHidden() ? QString() : m_targetNotes->text();
}

QString ParametersPanel::problem() const
{
    if (formatType(m_params) == QStringLiteral("json_schema") && !m_schema->problem().isEmpty())
        return tr("JSON schema, %1").arg(m_schema->problem());
    if (!m_tools->problem().isEmpty())
        return tr("Tools, %1").arg(m_tools->problem());
    return {};
}

} // namespace ps::widgets
