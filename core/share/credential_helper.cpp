#include "share/credential_helper.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <vector>

extern char **environ;

namespace ps::share {

namespace {

struct Pipe
{
    int fds[2] = {-1, -1};
    bool open() { return pipe2(fds, O_CLOEXEC) == 0; }
    void close(int end)
    {
        if (fds[end] >= 0)
            ::close(fds[end]);
        fds[end] = -1;
    }
    ~Pipe()
    {
        close(0);
        close(1);
    }
};

} // namespace

std::optional<HelperCredential> credentialFromHelper(const std::string &url)
{
    Pipe input;
    Pipe output;
    if (!input.open() || !output.open())
        return std::nullopt;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input.fds[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, output.fds[1], STDOUT_FILENO);
    // git's own environment, and never a prompt on a terminal that nobody watches.
    std::vector<std::string> variables;
    for (char **entry = environ; entry && *entry; ++entry)
        if (std::strncmp(*entry, "GIT_TERMINAL_PROMPT=", 20) != 0 && std::strncmp(*entry, "GIT_ASKPASS=", 12) != 0)
            variables.emplace_back(*entry);
    variables.emplace_back("GIT_TERMINAL_PROMPT=0");
    std::vector<char *> env;
    for (std::string &variable : variables)
        env.push_back(variable.data());
    env.push_back(nullptr);
    char git[] = "git";
    char credential[] = "credential";
    char fill[] = "fill";
    char *argv[] = {git, credential, fill, nullptr};
    pid_t child = 0;
    const int spawned = posix_spawnp(&child, "git", &actions, nullptr, argv, env.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return std::nullopt;
    input.close(0);
    output.close(1);
    const std::string request = "url=" + url + "\n\n";
    // A git that exits before reading would raise SIGPIPE and end the whole program: held back
    // for this write, and a pending one taken away.
    sigset_t pipeSignal;
    sigset_t previous;
    sigemptyset(&pipeSignal);
    sigaddset(&pipeSignal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous);
    const ssize_t written = ::write(input.fds[1], request.data(), request.size());
    if (written < 0 && errno == EPIPE) {
        const timespec none {};
        sigtimedwait(&pipeSignal, nullptr, &none);
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    input.close(1);
    std::string answer;
    char buffer[4096];
    for (ssize_t got; (got = ::read(output.fds[0], buffer, sizeof buffer)) > 0 && answer.size() < 65536;)
        answer.append(buffer, std::size_t(got));
    int status = 0;
    waitpid(child, &status, 0);
    if (written < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return std::nullopt;
    HelperCredential found;
    std::size_t start = 0;
    while (start < answer.size()) {
        std::size_t end = answer.find('\n', start);
        if (end == std::string::npos)
            end = answer.size();
        const std::string line = answer.substr(start, end - start);
        if (line.starts_with("username="))
            found.username = line.substr(9);
        else if (line.starts_with("password="))
            found.password = line.substr(9);
        start = end + 1;
    }
    if (found.password.empty())
        return std::nullopt;
    return found;
}

} // namespace ps::share
