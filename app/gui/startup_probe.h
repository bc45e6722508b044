#pragma once

// For the start-up benchmark: with PS_BENCH_EXIT_AFTER_PAINT=1 set, reports when a window was
// first painted and quits the application; with PS_BENCH_EXIT_AFTER_PAINT=ready, it also
// reports when the window is ready for work, and quits then.

class QWidget;

namespace ps::app {

// Does nothing unless PS_BENCH_EXIT_AFTER_PAINT is set. Then, once `window` has been painted for
// the first time, prints "first-paint-epoch-us <N>" (microseconds since the Unix epoch, so the
// launcher can subtract its own start time) and "first-paint-ms <N>" (since this call) to
// stdout, and quits the event loop.
void installStartupProbe(QWidget *window);

// With PS_BENCH_EXIT_AFTER_PAINT=ready: prints "ready-epoch-us <N>" and quits. Called by the
// window once its project is shown and can be edited and run.
void reportStartupReady();

} // namespace ps::app
