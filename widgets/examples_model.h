#pragma once

#include "model/version_content.h"

#include <QAbstractTableModel>
#include <QStringList>

// The few-shot examples of the prompt document as a table: enabled, one column per input
// variable, the ideal output, tags and note. Every edit (a cell, a drag, a checkbox) becomes
// one undoable change of the document; undo and redo show here.
namespace ps::widgets {

class ImageThumbnails;
class PromptDocument;

class ExamplesModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit ExamplesModel(PromptDocument *document, QObject *parent = nullptr);

    // The variables the templates use: a column each, before any other input names.
    void setVariables(const QStringList &names);
    QStringList inputColumns() const { return m_inputs; }

    // Column numbers around the input columns.
    static constexpr int EnabledColumn = 0;
    int outputColumn() const { return 1 + int(m_inputs.size()); }
    int imagesColumn() const { return outputColumn() + 1; }
    int tagsColumn() const { return outputColumn() + 2; }
    int noteColumn() const { return outputColumn() + 3; }

    // The pictures the images column shows (kind and size without one); must outlive this.
    void setThumbnails(const ImageThumbnails *thumbnails);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;

    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
        const QModelIndex &parent) override;

    // The edits the panel's buttons and keys make, each one undo step.
    void addExample(int row);
    void duplicateExamples(const QList<int> &rows);
    void removeExamples(const QList<int> &rows);
    void setExamplesEnabled(const QList<int> &rows, bool enabled);
    // Moves `rows` (any order) together so the first lands at `to`; returns where they are now.
    QList<int> moveExamples(const QList<int> &rows, int to);
    void appendExamples(const std::vector<model::Example> &examples, const QString &what);
    void setMode(model::ExamplesMode mode);
    void setImages(int row, std::vector<model::ImageRef> images, const QString &what);

private:
    const std::vector<model::Example> &examples() const;
    void change(std::vector<model::Example> examples, const QString &what);
    void refresh();
    static QString cellText(const nlohmann::json &value);

    PromptDocument *m_document;
    const ImageThumbnails *m_thumbnails = nullptr;
    QStringList m_inputs;
    std::size_t m_shownRows = 0;
};

} // namespace ps::widgets
