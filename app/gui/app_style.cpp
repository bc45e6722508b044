#include "app_style.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace ps::app {

namespace {

const QColor kAccent(0x3d, 0x6b, 0xf2);

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xf4, 0xf5, 0xf8));
    p.setColor(QPalette::WindowText, QColor(0x1d, 0x22, 0x2c));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf8, 0xfa));
    p.setColor(QPalette::Text, QColor(0x1d, 0x22, 0x2c));
    p.setColor(QPalette::PlaceholderText, QColor(0x7a, 0x82, 0x91));
    p.setColor(QPalette::Button, QColor(0xfb, 0xfb, 0xfc));
    p.setColor(QPalette::ButtonText, QColor(0x1d, 0x22, 0x2c));
    p.setColor(QPalette::Mid, QColor(0xd9, 0xdd, 0xe4));
    p.setColor(QPalette::Midlight, QColor(0xe7, 0xea, 0xef));
    p.setColor(QPalette::Dark, QColor(0xb8, 0xbe, 0xc9));
    p.setColor(QPalette::Highlight, kAccent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0x1d, 0x22, 0x2c));
    p.setColor(QPalette::ToolTipText, Qt::white);
    p.setColor(QPalette::Link, kAccent);
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0xa0, 0xa6, 0xb1));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0xa0, 0xa6, 0xb1));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0xa0, 0xa6, 0xb1));
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x1e, 0x21, 0x27));
    p.setColor(QPalette::WindowText, QColor(0xe4, 0xe7, 0xec));
    p.setColor(QPalette::Base, QColor(0x26, 0x2a, 0x31));
    p.setColor(QPalette::AlternateBase, QColor(0x2c, 0x30, 0x38));
    p.setColor(QPalette::Text, QColor(0xe4, 0xe7, 0xec));
    p.setColor(QPalette::PlaceholderText, QColor(0x8d, 0x95, 0xa3));
    p.setColor(QPalette::Button, QColor(0x2c, 0x30, 0x38));
    p.setColor(QPalette::ButtonText, QColor(0xe4, 0xe7, 0xec));
    p.setColor(QPalette::Mid, QColor(0x3a, 0x3f, 0x48));
    p.setColor(QPalette::Midlight, QColor(0x33, 0x38, 0x40));
    p.setColor(QPalette::Dark, QColor(0x14, 0x16, 0x1a));
    p.setColor(QPalette::Highlight, kAccent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7d, 0xa2, 0xff));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6b, 0x72, 0x7f));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6b, 0x72, 0x7f));
    return p;
}

// Only structure and the accent: colours come from the palette, so light and dark both work.
const char *kStyleSheet = R"(
QMainWindow::separator, QSplitter::handle { background: palette(window); }
QSplitter::handle:horizontal { width: 1px; background: palette(mid); }
QSplitter::handle:vertical { height: 1px; background: palette(mid); }
QToolBar { background: palette(window); border: none; border-bottom: 1px solid palette(mid);
    padding: 4px 8px; spacing: 8px; }
QToolBar QToolButton { padding: 4px 10px; border-radius: 6px; border: 1px solid palette(mid);
    background: palette(base); }
QToolBar QToolButton:hover { border-color: #3d6bf2; }
QToolBar QToolButton:checked { background: rgba(61, 107, 242, 0.18); border-color: #3d6bf2;
    font-weight: 600; }
QStatusBar { background: palette(window); border-top: 1px solid palette(mid); }
QStatusBar QLabel { padding: 0 8px; color: palette(placeholder-text); }
QStatusBar QLabel#providerHint { color: #9a5b00; }
QTreeView#projectTree { background: palette(window); border: none; padding: 4px; outline: 0; }
QTreeView#projectTree::item { padding: 3px 2px; border-radius: 4px; }
QTreeView#projectTree::item:selected { background: rgba(61, 107, 242, 0.16);
    color: palette(text); }
QWidget#promptWorkbench { background: palette(window); }
QWidget#workbenchHeader { background: palette(window); }
QLabel#promptTitle { font-size: 15pt; font-weight: 600; }
QLabel#promptState { color: palette(placeholder-text); }
QScrollArea, QWidget#conversationPage { background: palette(window); }
QFrame#messageCard { background: palette(base); border: 1px solid palette(mid);
    border-radius: 8px; }
QFrame#messageCard:focus-within { border-color: #3d6bf2; }
QFrame#messageCard QComboBox#rolePicker { border: none; background: transparent;
    font-weight: 600; padding: 2px 4px; }
QFrame#messageCard QToolButton { color: palette(placeholder-text); padding: 2px 6px;
    border-radius: 4px; }
QFrame#messageCard QToolButton:hover { background: palette(midlight); color: palette(text); }
QPushButton { padding: 5px 12px; border-radius: 6px; border: 1px solid palette(mid);
    background: palette(base); }
QPushButton:hover { border-color: #3d6bf2; }
QPushButton:default { background: #3d6bf2; color: white; border-color: #3d6bf2; }
QPushButton#addMessageButton { color: #3d6bf2; border-style: dashed; font-weight: 600; }
QPushButton#addMessageButton::menu-indicator { image: none; width: 0; }
QTabWidget::pane { border: none; border-top: 1px solid palette(mid); background: palette(base); }
QTabBar::tab { padding: 6px 14px; border: none; background: transparent;
    color: palette(placeholder-text); }
QTabBar::tab:selected { color: palette(text); border-bottom: 2px solid #3d6bf2; }
QPlainTextEdit, QLineEdit, QTextBrowser { border: 1px solid palette(mid); border-radius: 6px;
    background: palette(base); padding: 2px; }
QPlainTextEdit:focus, QLineEdit:focus { border-color: #3d6bf2; }
QTextBrowser#answerView { border: none; border-radius: 0; padding: 0; }
QLabel#emptyState { color: palette(placeholder-text); font-size: 11pt; }
QScrollBar:vertical { background: transparent; width: 10px; margin: 0; }
QScrollBar:horizontal { background: transparent; height: 10px; margin: 0; }
QScrollBar::handle { background: palette(mid); border-radius: 4px; margin: 1px; }
QScrollBar::handle:hover { background: palette(dark); }
QScrollBar::handle:vertical { min-height: 28px; }
QScrollBar::handle:horizontal { min-width: 28px; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; border: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
QHeaderView::section { background: palette(window); border: none;
    border-bottom: 1px solid palette(mid); padding: 4px 8px; }
)";

} // namespace

void applyAppStyle(QApplication &app)
{
    const bool dark = app.palette().color(QPalette::Window).lightness() < 110;
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    app.setPalette(dark ? darkPalette() : lightPalette());
    app.setStyleSheet(QString::fromLatin1(kStyleSheet));
}

} // namespace ps::app
