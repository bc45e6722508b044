#pragma once

#include <QString>
#include <QStringList>

#include <vector>

// A dataset revision as the grid edits it: a column per variable, then expected, tags,
// assertions and note. The app makes it from the stored cases and back; fields the grid does
// not show travel along untouched.
namespace ps::widgets {

struct DatasetRow
{
    QStringList values; // one per variable, in DatasetTable::variables' order
    QString expected;
    QString tags; // comma-separated
    QString assertions; // the JSON array as written ("" for none)
    QString note;
    QString hidden; // a JSON object of what the grid does not show (messages, other keys)

    bool operator==(const DatasetRow &) const = default;
};

struct DatasetTable
{
    QString name;
    int revision = 0;
    qint64 datasetId = 0;
    QString source;
    QStringList variables;
    std::vector<DatasetRow> rows;
};

} // namespace ps::widgets
