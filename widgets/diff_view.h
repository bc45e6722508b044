#pragma once

#include "diff/version_diff.h"

#include <QWidget>

class QLabel;
class QTextBrowser;

// Two versions side by side in words: each message with its changed words marked (removed
// struck through, added highlighted), the parameters as a before/after table, and the examples
// added, removed and changed. The same diff `version diff` prints, from the same core code.
namespace ps::widgets {

class DiffView final : public QWidget
{
    Q_OBJECT
public:
    explicit DiffView(QWidget *parent = nullptr);

    void showDiff(const QString &title, const diff::VersionDiff &diff);
    QString title() const;
    // The diff as shown, as plain text (for copying and tests).
    QString plainText() const;
    QTextBrowser *browser() const { return m_text; }

private:
    QLabel *m_title = nullptr;
    QTextBrowser *m_text = nullptr;
};

} // namespace ps::widgets
