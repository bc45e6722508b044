#pragma once

#include "model/prompt_record.h"

#include <QScrollArea>

class QLabel;
class QVBoxLayout;

// A read-only view of one saved version: its messages as cards, parameters and examples.
namespace ps::widgets {

class VersionView final : public QScrollArea
{
    Q_OBJECT
public:
    explicit VersionView(QWidget *parent = nullptr);

    void showVersion(const model::VersionRecord &version);
    void showEmptyState(const QString &text);

private:
    void clearCards();

    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QVBoxLayout *m_cards = nullptr;
};

} // namespace ps::widgets
