#include "examples_model.h"

#include "image_thumbnails.h"
#include "prompt_document.h"

#include <QDataStream>
#include <QIcon>
#include <QPixmap>
#include <QIODevice>
#include <QMimeData>

#include <algorithm>
#include <set>

namespace ps::widgets {

namespace {

// The rows a drag carries, within this window only.
const QString kRowsMime = QStringLiteral("application/x-promptsmith-example-rows");

std::vector<std::string> splitTags(const QString &text)
{
    std::vector<std::string> tags;
    for (const QString &tag : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!tag.trimmed().isEmpty())
            tags.push_back(tag.trimmed().toStdString());
    return tags;
}

QString joinTags(const std::vector<std::string> &tags)
{
    QStringList list;
    for (const std::string &tag : tags)
        list << QString::fromStdString(tag);
    return list.join(QStringLiteral(", "));
}

} // namespace

ExamplesModel::ExamplesModel(PromptDocument *document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    connect(m_document, &PromptDocument::loaded, this, [this] {
        beginResetModel();
        m_shownRows = examples().size();
        endResetModel();
    });
    connect(m_document, &PromptDocument::examplesChanged, this, &ExamplesModel::refresh);
}

const std::vector<model::Example> &ExamplesModel::examples() const
{
    return m_document->content().examples;
}

void ExamplesModel::setVariables(const QStringList &names)
{
    QStringList inputs = names;
    for (const model::Example &example : examples())
        for (const auto &[key, value] : example.input.items())
            if (!inputs.contains(QString::fromStdString(key)))
                inputs << QString::fromStdString(key);
    if (inputs == m_inputs)
        return;
    beginResetModel();
    m_inputs = inputs;
    endResetModel();
}

void ExamplesModel::refresh()
{
    // The same rows changed in place keep the selection; a new count is a new table.
    if (examples().size() == m_shownRows) {
        if (m_shownRows > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        setVariables(m_inputs); // an import may bring input names
        return;
    }
    beginResetModel();
    m_shownRows = examples().size();
    endResetModel();
    setVariables(m_inputs);
}

int ExamplesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shownRows);
}

int ExamplesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : noteColumn() + 1;
}

QString ExamplesModel::cellText(const nlohmann::json &value)
{
    if (value.is_null())
        return {};
    return value.is_string() ? QString::fromStdString(value.get<std::string>())
                             : QString::fromStdString(value.dump());
}

void ExamplesModel::setThumbnails(const ImageThumbnails *thumbnails)
{
    m_thumbnails = thumbnails;
    connect(thumbnails, &ImageThumbnails::added, this, [this] {
        if (rowCount() > 0)
            emit dataChanged(index(0, imagesColumn()), index(rowCount() - 1, imagesColumn()), {Qt::DecorationRole});
    });
}

QVariant ExamplesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || std::size_t(index.row()) >= examples().size())
        return {};
    const model::Example &example = examples()[std::size_t(index.row())];
    const int column = index.column();
    if (column == imagesColumn()) {
        const auto &images = example.images;
        if (role == Qt::DisplayRole)
            return images.empty() ? QString()
                : images.size() == 1 ? tr("1 image")
                                     : tr("%1 images").arg(images.size());
        if (role == Qt::DecorationRole && !images.empty() && m_thumbnails) {
            const QImage picture = m_thumbnails->thumbnail(QString::fromStdString(images.front().sha256));
            return picture.isNull() ? QVariant() : QVariant(QIcon(QPixmap::fromImage(picture)));
        }
        if (role == Qt::ToolTipRole) {
            if (images.empty())
                return tr("No images: Images ▸ Add Images… shows one with this example's question");
            QStringList kinds;
            for (const model::ImageRef &image : images)
                kinds << (image.url.empty() ? tr("%1 %2×%3")
                                                  .arg(QString::fromStdString(image.mediaType).section(QLatin1Char('/'), 1).toUpper())
                                                  .arg(image.width)
                                                  .arg(image.height)
                                            : QString::fromStdString(image.url));
            return m_document->content().examplesMode == model::ExamplesMode::Turns
                ? tr("%1 — sent with this example's question").arg(kinds.join(QStringLiteral(", ")))
                : tr("%1 — not sent while examples go as a section (text): choose user/assistant turns to send them")
                      .arg(kinds.join(QStringLiteral(", ")));
        }
        return {};
    }
    if (column == EnabledColumn)
        return role == Qt::CheckStateRole ? QVariant(example.enabled ? Qt::Checked : Qt::Unchecked)
            : role == Qt::ToolTipRole     ? QVariant(example.enabled
                        ? tr("Sent with the prompt; untick to keep it out without deleting it")
                        : tr("Kept, but not sent"))
                                          : QVariant();
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole)
        return {};
    QString text;
    if (column == outputColumn())
        text = QString::fromStdString(example.output);
    else if (column == tagsColumn())
        text = joinTags(example.tags);
    else if (column == noteColumn())
        text = QString::fromStdString(example.note);
    else
        text = cellText(example.input.value(m_inputs.value(column - 1).toStdString(), nlohmann::json()));
    // One line in the table; the whole text in the editor and the tooltip.
    if (role == Qt::DisplayRole)
        return text.section(QLatin1Char('\n'), 0, 0) + (text.contains(QLatin1Char('\n')) ? QStringLiteral(" …") : QString());
    return text;
}

QVariant ExamplesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    if (section == EnabledColumn)
        return tr("On");
    if (section == outputColumn())
        return tr("ideal output");
    if (section == imagesColumn())
        return tr("images");
    if (section == tagsColumn())
        return tr("tags");
    if (section == noteColumn())
        return tr("note");
    return m_inputs.value(section - 1);
}

Qt::ItemFlags ExamplesModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // between rows
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
    if (index.column() == imagesColumn())
        return flags; // changed through Images ▸ Add Images… and Remove Images
    return flags | (index.column() == EnabledColumn ? Qt::ItemIsUserCheckable : Qt::ItemIsEditable);
}

bool ExamplesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || std::size_t(index.row()) >= examples().size())
        return false;
    std::vector<model::Example> edited = examples();
    model::Example &example = edited[std::size_t(index.row())];
    const int column = index.column();
    if (column == EnabledColumn && role == Qt::CheckStateRole) {
        example.enabled = value.value<Qt::CheckState>() == Qt::Checked;
        change(std::move(edited), example.enabled ? tr("Enable example %1").arg(index.row() + 1)
                                                  : tr("Disable example %1").arg(index.row() + 1));
        return true;
    }
    if (role != Qt::EditRole)
        return false;
    const QString text = value.toString();
    if (column == outputColumn())
        example.output = text.toStdString();
    else if (column == tagsColumn())
        example.tags = splitTags(text);
    else if (column == noteColumn())
        example.note = text.toStdString();
    else if (column > EnabledColumn && column < outputColumn()) {
        const std::string name = m_inputs.value(column - 1).toStdString();
        if (text.isEmpty())
            example.input.erase(name);
        else
            example.input[name] = text.toStdString();
    }
    change(std::move(edited),
        tr("Edit %1 of example %2").arg(headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()).arg(index.row() + 1));
    return true;
}

QStringList ExamplesModel::mimeTypes() const
{
    return {kRowsMime};
}

QMimeData *ExamplesModel::mimeData(const QModelIndexList &indexes) const
{
    std::set<int> rows;
    for (const QModelIndex &index : indexes)
        rows.insert(index.row());
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    for (int row : rows)
        stream << row;
    auto *data = new QMimeData;
    data->setData(kRowsMime, bytes);
    return data;
}

bool ExamplesModel::dropMimeData(
    const QMimeData *data, Qt::DropAction action, int row, int, const QModelIndex &parent)
{
    if (action != Qt::MoveAction || !data->hasFormat(kRowsMime))
        return false;
    QList<int> rows;
    QDataStream stream(data->data(kRowsMime));
    while (!stream.atEnd()) {
        int moved = 0;
        stream >> moved;
        rows << moved;
    }
    // Dropped on a row: before it; past the last row: at the end.
    const int target = row >= 0 ? row : parent.isValid() ? parent.row() : rowCount();
    int to = target;
    for (int moved : rows)
        if (moved < target)
            --to;
    moveExamples(rows, to);
    // The move is done, as one undo step. Returning false keeps the view from also removing
    // the dragged rows, which it does after a drop it sees as a move between models.
    return false;
}

void ExamplesModel::change(std::vector<model::Example> edited, const QString &what)
{
    m_document->setExamples(std::move(edited), m_document->content().examplesMode, what);
}

void ExamplesModel::addExample(int row)
{
    std::vector<model::Example> edited = examples();
    const auto at = std::clamp<std::size_t>(std::size_t(std::max(row, 0)), 0, edited.size());
    edited.insert(edited.begin() + std::ptrdiff_t(at), model::Example {});
    change(std::move(edited), tr("Add an example"));
}

void ExamplesModel::duplicateExamples(const QList<int> &rows)
{
    std::vector<model::Example> edited = examples();
    QList<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end(), std::greater<int>());
    for (int row : sorted)
        if (std::size_t(row) < edited.size())
            edited.insert(edited.begin() + row + 1, edited[std::size_t(row)]);
    change(std::move(edited), tr("Duplicate %n example(s)", nullptr, int(rows.size())));
}

void ExamplesModel::removeExamples(const QList<int> &rows)
{
    std::vector<model::Example> edited = examples();
    QList<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end(), std::greater<int>());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (int row : sorted)
        if (std::size_t(row) < edited.size())
            edited.erase(edited.begin() + row);
    change(std::move(edited), tr("Delete %n example(s)", nullptr, int(sorted.size())));
}

void ExamplesModel::setExamplesEnabled(const QList<int> &rows, bool enabled)
{
    std::vector<model::Example> edited = examples();
    for (int row : rows)
        if (std::size_t(row) < edited.size())
            edited[std::size_t(row)].enabled = enabled;
    change(std::move(edited), enabled ? tr("Enable %n example(s)", nullptr, int(rows.size()))
                                      : tr("Disable %n example(s)", nullptr, int(rows.size())));
}

QList<int> ExamplesModel::moveExamples(const QList<int> &rows, int to)
{
    std::vector<model::Example> edited = examples();
    QList<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::vector<model::Example> moving;
    for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) {
        if (std::size_t(*it) >= edited.size())
            continue;
        moving.insert(moving.begin(), edited[std::size_t(*it)]);
        edited.erase(edited.begin() + *it);
    }
    const auto at = std::clamp<std::size_t>(std::size_t(std::max(to, 0)), 0, edited.size());
    edited.insert(edited.begin() + std::ptrdiff_t(at), moving.begin(), moving.end());
    change(std::move(edited), tr("Move %n example(s)", nullptr, int(moving.size())));
    QList<int> now;
    for (std::size_t i = 0; i < moving.size(); ++i)
        now << int(at + i);
    return now;
}

void ExamplesModel::appendExamples(const std::vector<model::Example> &added, const QString &what)
{
    std::vector<model::Example> edited = examples();
    edited.insert(edited.end(), added.begin(), added.end());
    change(std::move(edited), what);
}

void ExamplesModel::setImages(int row, std::vector<model::ImageRef> images, const QString &what)
{
    if (row < 0 || std::size_t(row) >= examples().size())
        return;
    std::vector<model::Example> edited = examples();
    edited[std::size_t(row)].images = std::move(images);
    change(std::move(edited), what);
}

void ExamplesModel::setMode(model::ExamplesMode mode)
{
    m_document->setExamples(examples(), mode,
        mode == model::ExamplesMode::Section ? tr("Examples in the {{#examples}} section")
                                             : tr("Examples as user/assistant turns"));
}

} // namespace ps::widgets
