// https remotes get the user's token from their own git credential helper, as git asks it, and
// nothing when there is none (never a prompt on a terminal).
#include "share/credential_helper.h"

#include <QTemporaryDir>
#include <QtTest>

class TestCredentialHelper : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    void useConfig(const QByteArray &text)
    {
        const QString file = m_home.filePath(QStringLiteral("gitconfig"));
        QFile config(file);
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(text);
        config.close();
        qputenv("GIT_CONFIG_GLOBAL", file.toUtf8());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty())
            QSKIP("git is not installed: there is no credential helper to ask");
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("GIT_CONFIG_NOSYSTEM", "1");
    }

    void theHelpersTokenIsUsed()
    {
        useConfig("[credential]\n\thelper = \"!f() { test \\\"$1\\\" = get && echo username=alice && echo password=token-123; }; f\"\n");
        const auto found = ps::share::credentialFromHelper("https://git.example.invalid/team/prompts.git");
        QVERIFY(found);
        QCOMPARE(QString::fromStdString(found->username), QStringLiteral("alice"));
        QCOMPARE(QString::fromStdString(found->password), QStringLiteral("token-123"));
    }

    void noHelperMeansNoCredential()
    {
        useConfig("");
        QVERIFY(!ps::share::credentialFromHelper("https://git.example.invalid/team/prompts.git"));
    }
};

QTEST_APPLESS_MAIN(TestCredentialHelper)
#include "test_credential_helper.moc"
