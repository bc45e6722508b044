#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QsciScintilla;

// The Ctrl+F / Ctrl+H bar: finds and replaces in one editor at a time.
namespace ps::widgets {

class FindReplaceBar final : public QWidget
{
    Q_OBJECT
public:
    explicit FindReplaceBar(QWidget *parent = nullptr);

    void setEditor(QsciScintilla *editor);
    // Shows the bar (with the replace row when asked) and focuses the search field.
    void open(bool withReplace);

    bool findNext(bool forward = true);
    void replaceOne();
    int replaceAll();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QPointer<QsciScintilla> m_editor;
    QLineEdit *m_find = nullptr;
    QLineEdit *m_replace = nullptr;
    QCheckBox *m_case = nullptr;
    QWidget *m_replaceRow = nullptr;
    QLabel *m_result = nullptr;
};

} // namespace ps::widgets
