#pragma once

#include <csignal>

// Ctrl+C during a long command (run, eval): noticed, so the command can cancel and store what it
// has, rather than dying mid-write.
namespace ps::cli {

// Catches SIGINT for its lifetime; the previous handler comes back afterwards. A second Ctrl+C
// ends the program at once, as a user pressing it twice expects.
class InterruptGuard
{
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

    // Whether Ctrl+C was pressed since the guard was made.
    static bool interrupted();

private:
    struct sigaction m_previous
    {
    };
};

} // namespace ps::cli
