#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

// The little of git sharing needs, over libgit2: a local bare repository beside the project that
// fetches from and pushes to one remote, reads files of a commit and writes commits from files in
// memory (no working tree, so nothing the user has checked out is touched).
namespace ps::share {

// What git could not do, in libgit2's words, with what was being done.
class ShareError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct GitAuthor
{
    std::string name;
    std::string email; // may be empty
    long long time = 0; // seconds since 1970, UTC
};

struct GitCommit
{
    std::string id; // hex
    std::vector<std::string> parents;
    GitAuthor author;
    std::string message;
};

class GitRepository
{
public:
    // Opens the bare repository at `path`, making it (and pointing `origin` at `remote`) when absent.
    static GitRepository openOrCreate(const std::filesystem::path &path, const std::string &remote);
    static GitRepository open(const std::filesystem::path &path); // ShareError when there is none

    GitRepository(GitRepository &&) noexcept;
    GitRepository &operator=(GitRepository &&) noexcept;
    ~GitRepository();

    std::string remoteUrl() const;
    // This repository's own settings (promptsmith.path, promptsmith.lastSync, ...).
    std::optional<std::string> setting(const std::string &key) const;
    void setSetting(const std::string &key, const std::string &value);

    // The remote's default branch (its HEAD), or nullopt for an empty remote.
    std::optional<std::string> remoteDefaultBranch();
    // Fetches `branch`; the remote's tip after it, or nullopt when the branch does not exist there.
    std::optional<std::string> fetch(const std::string &branch);
    // Pushes `commit` to the remote's `branch` (a fast-forward; refused otherwise).
    void push(const std::string &commit, const std::string &branch);

    GitCommit commit(const std::string &id) const;
    // Commits from `from` (exclusive; empty: the start) to `to`, oldest first.
    std::vector<GitCommit> commitsBetween(const std::string &from, const std::string &to) const;
    bool isAncestor(const std::string &ancestor, const std::string &descendant) const;
    // A file of a commit (`path` with '/'), or nullopt.
    std::optional<std::string> readFile(const std::string &commit, const std::string &path) const;
    // The names in a folder of a commit (files and folders), or none.
    std::vector<std::string> listFolder(const std::string &commit, const std::string &path) const;
    // A commit on `parent` (empty: the first) whose tree is the parent's with `files` written
    // (path -> text); the new commit's id. Nothing is committed when no file changes (the parent
    // is returned).
    std::string commitFiles(const std::string &parent, const std::map<std::string, std::string> &files,
        const GitAuthor &author, const GitAuthor &committer, const std::string &message);

private:
    struct Handle;
    explicit GitRepository(std::unique_ptr<Handle> handle);
    std::unique_ptr<Handle> m_handle;
};

} // namespace ps::share
