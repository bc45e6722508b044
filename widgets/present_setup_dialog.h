#pragma once

#include <QDialog>
#include <QList>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QVBoxLayout;

// View ▸ Present…: what the demo shows — a saved version of the open prompt, the target that
// answers, which variables the audience may change, and the options (conversation, badges).
namespace ps::widgets {

class PresentSetupDialog final : public QDialog
{
    Q_OBJECT
public:
    struct Version
    {
        int number = 0;
        QString label; // "v3 · production"
    };

    PresentSetupDialog(const QString &prompt, const QList<Version> &versions, int chosenVersion,
        const QStringList &targets, const QString &chosenTarget, const QStringList &variables,
        QWidget *parent = nullptr);

    int version() const;
    QString target() const;
    QStringList exposed() const;
    bool conversation() const;
    bool showCost() const;
    bool showFallback() const;

private:
    QComboBox *m_version;
    QComboBox *m_target;
    QList<QCheckBox *> m_variables;
    QCheckBox *m_conversation;
    QCheckBox *m_cost;
    QCheckBox *m_fallback;
};

} // namespace ps::widgets
