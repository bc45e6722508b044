#pragma once

#include <Qsci/qscilexercustom.h>

// Colours the template language in an editor: {{variables}}, {{#sections}}/{{/sections}}, {{!
// comments}}.
namespace ps::widgets {

class TemplateLexer final : public QsciLexerCustom
{
    Q_OBJECT
public:
    enum Style { Default = 0, Variable = 1, Section = 2, Comment = 3, Brace = 4 };

    explicit TemplateLexer(QObject *parent = nullptr);

    const char *language() const override { return "Mustache"; }
    QString description(int style) const override;
    void styleText(int start, int end) override;

    // The style of each byte of `utf8` (one entry per byte); exposed for tests.
    static QByteArray styles(const QByteArray &utf8);
};

} // namespace ps::widgets
