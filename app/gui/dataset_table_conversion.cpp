#include "dataset_table_conversion.h"

#include "eval/dataset.h"

#include <algorithm>
#include <set>

namespace ps::app {

using nlohmann::json;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

constexpr const char *kJsonVars = "_json_vars"; // in `hidden`: vars that were not strings

} // namespace

void DatasetTableBuilder::resize(std::size_t count)
{
    m_table.rows.resize(count);
    m_layoutOfRow.resize(count);
}

std::uint32_t DatasetTableBuilder::layoutOf(const std::vector<std::string> &names)
{
    const std::lock_guard lock(m_layoutMutex);
    // Nearly every dataset has one layout; a few have a handful.
    for (std::size_t layout = 0; layout < m_layouts.size(); ++layout)
        if (m_layouts[layout] == names)
            return std::uint32_t(layout);
    m_layouts.push_back(names);
    return std::uint32_t(m_layouts.size() - 1);
}

void DatasetTableBuilder::add(std::size_t index, const eval::DatasetCase &item)
{
    widgets::DatasetRow &row = m_table.rows[index];
    std::vector<std::string> names; // sorted: the vars are a std::map
    names.reserve(item.vars.size());
    json jsonVars = json::array();
    row.values.reserve(qsizetype(item.vars.size()));
    for (auto value = item.vars.begin(); value != item.vars.end(); ++value) {
        names.push_back(value.key());
        if (value->is_string())
            row.values << qs(value->get_ref<const std::string &>());
        else {
            row.values << qs(value->dump());
            jsonVars.push_back(value.key());
        }
    }
    m_layoutOfRow[index] = layoutOf(names);
    row.expected = qs(item.expected.value_or(""));
    QStringList tags;
    for (const std::string &tag : item.tags)
        tags << qs(tag);
    row.tags = tags.join(QStringLiteral(", "));
    row.assertions = item.assertions.empty() ? QString() : qs(item.assertions.dump());
    json hidden = item.extra.is_object() ? item.extra : json::object();
    if (const auto note = hidden.find("note"); note != hidden.end() && note->is_string()) {
        row.note = qs(note->get_ref<const std::string &>());
        hidden.erase(note);
    }
    if (!item.messages.empty())
        hidden["messages"] = item.messages;
    if (!jsonVars.empty())
        hidden[kJsonVars] = std::move(jsonVars);
    row.hidden = hidden.empty() ? QString() : qs(hidden.dump());
}

widgets::DatasetTable DatasetTableBuilder::finish()
{
    std::set<std::string> all;
    for (const std::vector<std::string> &layout : m_layouts)
        all.insert(layout.begin(), layout.end());
    const std::vector<std::string> variables(all.begin(), all.end());
    for (const std::string &variable : variables)
        m_table.variables << qs(variable);
    // Rows whose variables are not all of the table's move their values to the table's columns.
    std::vector<std::vector<int>> columnsOf(m_layouts.size());
    for (std::size_t layout = 0; layout < m_layouts.size(); ++layout)
        if (m_layouts[layout] != variables)
            for (const std::string &name : m_layouts[layout])
                columnsOf[layout].push_back(int(
                    std::lower_bound(variables.begin(), variables.end(), name) - variables.begin()));
    for (std::size_t index = 0; index < m_table.rows.size(); ++index) {
        const std::vector<int> &columns = columnsOf[m_layoutOfRow[index]];
        if (columns.empty())
            continue;
        QStringList placed(qsizetype(variables.size()));
        QStringList &values = m_table.rows[index].values;
        for (qsizetype i = 0; i < values.size(); ++i)
            placed[columns[std::size_t(i)]] = std::move(values[i]);
        values = std::move(placed);
    }
    m_layouts.clear();
    m_layoutOfRow.clear();
    return std::move(m_table);
}

widgets::DatasetTable datasetTable(const std::vector<eval::DatasetCase> &cases)
{
    DatasetTableBuilder builder;
    builder.resize(cases.size());
    for (std::size_t index = 0; index < cases.size(); ++index)
        builder.add(index, cases[index]);
    return builder.finish();
}

eval::DatasetCase datasetCase(const widgets::DatasetTable &table, const widgets::DatasetRow &row, int line)
{
    json hidden = row.hidden.isEmpty() ? json::object() : json::parse(row.hidden.toStdString());
    const json jsonVars = hidden.value(kJsonVars, json::array());
    hidden.erase(kJsonVars);
    json item = {{"vars", json::object()}};
    for (int i = 0; i < table.variables.size(); ++i) {
        const std::string name = table.variables[i].toStdString();
        const std::string text = row.values.value(i).toStdString();
        const bool wasJson = std::find(jsonVars.begin(), jsonVars.end(), json(name)) != jsonVars.end();
        json parsed = wasJson ? json::parse(text, nullptr, false) : json();
        item["vars"][name] = wasJson && !parsed.is_discarded() ? parsed : json(text);
    }
    if (!row.expected.isEmpty())
        item["expected"] = row.expected.toStdString();
    json tags = json::array();
    for (const QString &tag : row.tags.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!tag.trimmed().isEmpty())
            tags.push_back(tag.trimmed().toStdString());
    item["tags"] = tags;
    if (!row.assertions.trimmed().isEmpty()) {
        const json assertions = json::parse(row.assertions.toStdString(), nullptr, false);
        if (!assertions.is_array())
            throw eval::DatasetError(table.name.toStdString(), line,
                "the assertions are not a JSON array such as "
                "[{\"type\": \"icontains\", \"value\": \"billing\"}]");
        item["assert"] = assertions;
    }
    if (!row.note.isEmpty())
        item["note"] = row.note.toStdString();
    for (const auto &[key, value] : hidden.items())
        item[key] = value;
    try {
        return eval::DatasetCase::fromJson(item);
    } catch (const eval::DatasetError &error) {
        throw eval::DatasetError(table.name.toStdString(), line, error.reason());
    }
}

std::vector<eval::DatasetCase> datasetCases(const widgets::DatasetTable &table)
{
    std::vector<eval::DatasetCase> cases;
    cases.reserve(table.rows.size());
    int line = 0;
    for (const widgets::DatasetRow &row : table.rows)
        cases.push_back(datasetCase(table, row, ++line));
    return cases;
}


} // namespace ps::app
