#pragma once

class QApplication;

// The application's look: Fusion with a calm light (or dark) palette, one accent colour and
// card-like message editors on an 8 px grid.
namespace ps::app {

void applyAppStyle(QApplication &app);

} // namespace ps::app
