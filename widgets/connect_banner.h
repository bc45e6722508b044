#pragma once

#include <QFrame>
#include <QStringList>

class QHBoxLayout;
class QLabel;

// The panes' offer while only the built-in echo provider answers: connect a real model from a
// preset, or use a server found running on this machine. It asks; the app opens the providers
// dialog on the choice.
namespace ps::widgets {

class ConnectBanner final : public QFrame
{
    Q_OBJECT
public:
    explicit ConnectBanner(QWidget *parent = nullptr);

    // A server found answering on this machine ("Ollama", with its models counted).
    void addLocalServer(const QString &presetName, int models);
    QStringList localServers() const { return m_local; }

signals:
    // "" for a provider of no preset (the dialog's own Add menu).
    void presetChosen(const QString &presetName);
    void dismissed();

private:
    QHBoxLayout *m_buttons = nullptr;
    QLabel *m_found = nullptr;
    QStringList m_local;
};

} // namespace ps::widgets
