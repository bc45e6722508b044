#include "share/git_repository.h"

#include "share/credential_helper.h"

#include <git2.h>

#include <cctype>
#include <cstdlib>
#include <mutex>

namespace ps::share {

namespace {

void initLibgit2()
{
    static std::once_flag once;
    std::call_once(once, [] { git_libgit2_init(); });
}

void check(int code, const std::string &what)
{
    if (code >= 0)
        return;
    const git_error *error = git_error_last();
    throw ShareError(what + ": " + (error && error->message ? error->message : "git error " + std::to_string(code)));
}

template <typename T, void (*Free)(T *)>
struct Owned
{
    T *ptr = nullptr;
    Owned() = default;
    Owned(const Owned &) = delete;
    Owned &operator=(const Owned &) = delete;
    ~Owned()
    {
        if (ptr)
            Free(ptr);
    }
    T **out() { return &ptr; }
    T *get() const { return ptr; }
};

using Remote = Owned<git_remote, git_remote_free>;
using Commit = Owned<git_commit, git_commit_free>;
using Tree = Owned<git_tree, git_tree_free>;
using TreeEntry = Owned<git_tree_entry, git_tree_entry_free>;
using Blob = Owned<git_blob, git_blob_free>;
using Index = Owned<git_index, git_index_free>;
using Signature = Owned<git_signature, git_signature_free>;
using Revwalk = Owned<git_revwalk, git_revwalk_free>;
using Config = Owned<git_config, git_config_free>;
using Reference = Owned<git_reference, git_reference_free>;

std::string hex(const git_oid &oid)
{
    char text[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(text, sizeof text, &oid);
    return text;
}

git_oid oidOf(const std::string &id)
{
    git_oid oid;
    check(git_oid_fromstr(&oid, id.c_str()), "reading the commit id " + id);
    return oid;
}

// Credentials from the user's own setup: the ssh agent, then the usual key files; for https, the
// git credential helpers. None is stored anywhere by us. Each is tried once, so a refused one
// ends the attempt.
struct CredentialState
{
    int attempts = 0;
    bool askedHelper = false;
};

int credentials(git_credential **out, const char *url, const char *userFromUrl, unsigned int allowed, void *payload)
{
    auto *state = static_cast<CredentialState *>(payload);
    const char *user = userFromUrl ? userFromUrl : "git";
    ++state->attempts;
    if (allowed & GIT_CREDENTIAL_USERNAME)
        return git_credential_username_new(out, user);
    if (allowed & GIT_CREDENTIAL_SSH_KEY) {
        if (state->attempts == 1)
            return git_credential_ssh_key_from_agent(out, user);
        const char *home = std::getenv("HOME");
        if (home && state->attempts <= 3) {
            const std::string key = std::string(home) + (state->attempts == 2 ? "/.ssh/id_ed25519" : "/.ssh/id_rsa");
            if (std::filesystem::exists(key))
                return git_credential_ssh_key_new(out, user, (key + ".pub").c_str(), key.c_str(), nullptr);
        }
    }
    if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && !state->askedHelper && url) {
        state->askedHelper = true; // once: a refused token is not offered again
        if (const auto found = credentialFromHelper(url))
            return git_credential_userpass_plaintext_new(
                out, found->username.empty() ? user : found->username.c_str(), found->password.c_str());
    }
    return GIT_PASSTHROUGH; // nothing more to offer: libgit2 reports the authentication failure
}

git_remote_callbacks callbacksWith(CredentialState &state)
{
    git_remote_callbacks callbacks;
    git_remote_init_callbacks(&callbacks, GIT_REMOTE_CALLBACKS_VERSION); // the macro leaves fields out
    callbacks.credentials = credentials;
    callbacks.payload = &state;
    return callbacks;
}

} // namespace

struct GitRepository::Handle
{
    git_repository *repo = nullptr;
    ~Handle()
    {
        if (repo)
            git_repository_free(repo);
    }
    // An anonymous remote on the URL this repository keeps: libgit2 1.5's git_remote_lookup leaks
    // a PCRE2 match block each time a config regex does not match (fixed upstream later).
    void remote(Remote &out) const
    {
        Config config;
        check(git_repository_config(config.out(), repo), "reading the repository's settings");
        git_buf url = GIT_BUF_INIT;
        check(git_config_get_string_buf(&url, config.get(), "remote.origin.url"), "finding the remote");
        const std::string text(url.ptr, url.size);
        git_buf_dispose(&url);
        // Neither url.*.insteadOf nor a default refspec: each is a config regex (the refspec is
        // always given here).
        git_remote_create_options options;
        git_remote_create_options_init(&options, GIT_REMOTE_CREATE_OPTIONS_VERSION);
        options.repository = repo;
        options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
        check(git_remote_create_with_opts(out.out(), text.c_str(), &options), "reaching " + text);
    }
    void setRemote(const std::string &url) const
    {
        Config config;
        check(git_repository_config(config.out(), repo), "reading the repository's settings");
        check(git_config_set_string(config.get(), "remote.origin.url", url.c_str()), "pointing origin at " + url);
    }
    void commitOf(const std::string &id, Commit &out) const
    {
        const git_oid oid = oidOf(id);
        check(git_commit_lookup(out.out(), repo, &oid), "reading commit " + id);
    }
    void treeOf(const std::string &id, Tree &out) const
    {
        Commit found;
        commitOf(id, found);
        check(git_commit_tree(out.out(), found.get()), "reading commit " + id);
    }
};

GitRepository::GitRepository(std::unique_ptr<Handle> handle)
    : m_handle(std::move(handle))
{ }
GitRepository::GitRepository(GitRepository &&) noexcept = default;
GitRepository &GitRepository::operator=(GitRepository &&) noexcept = default;
GitRepository::~GitRepository() = default;

GitRepository GitRepository::openOrCreate(const std::filesystem::path &path, const std::string &remote)
{
    initLibgit2();
    auto handle = std::make_unique<Handle>();
    if (git_repository_open_bare(&handle->repo, path.string().c_str()) != 0)
        check(git_repository_init(&handle->repo, path.string().c_str(), 1), "making the repository " + path.string());
    handle->setRemote(remote);
    return GitRepository(std::move(handle));
}

GitRepository GitRepository::open(const std::filesystem::path &path)
{
    initLibgit2();
    auto handle = std::make_unique<Handle>();
    check(git_repository_open_bare(&handle->repo, path.string().c_str()), "opening " + path.string());
    return GitRepository(std::move(handle));
}

std::string GitRepository::remoteUrl() const
{
    return setting("remote.origin.url").value_or("");
}

std::optional<std::string> GitRepository::setting(const std::string &key) const
{
    Config config;
    check(git_repository_config(config.out(), m_handle->repo), "reading the repository's settings");
    git_buf value = GIT_BUF_INIT;
    if (git_config_get_string_buf(&value, config.get(), key.c_str()) < 0)
        return std::nullopt;
    std::string text(value.ptr, value.size);
    git_buf_dispose(&value);
    return text;
}

void GitRepository::setSetting(const std::string &key, const std::string &value)
{
    Config config;
    check(git_repository_config(config.out(), m_handle->repo), "reading the repository's settings");
    check(git_config_set_string(config.get(), key.c_str(), value.c_str()), "saving " + key);
}

std::optional<std::string> GitRepository::remoteDefaultBranch()
{
    Remote remote;
    m_handle->remote(remote);
    CredentialState state;
    const git_remote_callbacks callbacks = callbacksWith(state);
    check(git_remote_connect(remote.get(), GIT_DIRECTION_FETCH, &callbacks, nullptr, nullptr),
        "connecting to " + remoteUrl());
    git_buf name = GIT_BUF_INIT;
    const int found = git_remote_default_branch(&name, remote.get());
    git_remote_disconnect(remote.get());
    if (found < 0)
        return std::nullopt; // an empty repository has no HEAD yet
    std::string branch(name.ptr, name.size);
    git_buf_dispose(&name);
    if (branch.starts_with("refs/heads/"))
        branch.erase(0, 11);
    return branch;
}

std::optional<std::string> GitRepository::fetch(const std::string &branch)
{
    Remote remote;
    m_handle->remote(remote);
    CredentialState state;
    git_fetch_options options;
    git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
    options.callbacks = callbacksWith(state);
    std::string refspec = "+refs/heads/" + branch + ":refs/remotes/origin/" + branch;
    char *specs[] = {refspec.data()};
    const git_strarray refspecs {specs, 1};
    check(git_remote_fetch(remote.get(), &refspecs, &options, nullptr), "fetching from " + remoteUrl());
    git_oid tip;
    if (git_reference_name_to_id(&tip, m_handle->repo, ("refs/remotes/origin/" + branch).c_str()) < 0)
        return std::nullopt;
    return hex(tip);
}

void GitRepository::push(const std::string &commit, const std::string &branch)
{
    const git_oid oid = oidOf(commit);
    Reference local;
    check(git_reference_create(local.out(), m_handle->repo, ("refs/heads/" + branch).c_str(), &oid, 1, "promptsmith push"),
        "setting the branch " + branch);
    Remote remote;
    m_handle->remote(remote);
    CredentialState state;
    git_push_options options;
    git_push_options_init(&options, GIT_PUSH_OPTIONS_VERSION);
    options.callbacks = callbacksWith(state);
    options.callbacks.push_update_reference = [](const char *, const char *status, void *payload) {
        if (status)
            static_cast<CredentialState *>(payload)->attempts = -1; // the remote refused the update
        return 0;
    };
    std::string refspec = "refs/heads/" + branch + ":refs/heads/" + branch;
    char *specs[] = {refspec.data()};
    const git_strarray refspecs {specs, 1};
    check(git_remote_push(remote.get(), &refspecs, &options), "pushing to " + remoteUrl());
    if (state.attempts == -1)
        throw ShareError("the remote refused the push to " + branch + " (it moved meanwhile: pull, then push again)");
    Reference tracking;
    check(git_reference_create(tracking.out(), m_handle->repo, ("refs/remotes/origin/" + branch).c_str(), &oid, 1,
              "promptsmith push"),
        "noting what the remote holds");
}

GitCommit GitRepository::commit(const std::string &id) const
{
    Commit found;
    m_handle->commitOf(id, found);
    GitCommit result;
    result.id = hex(*git_commit_id(found.get()));
    for (unsigned int i = 0; i < git_commit_parentcount(found.get()); ++i)
        result.parents.push_back(hex(*git_commit_parent_id(found.get(), i)));
    const git_signature *author = git_commit_author(found.get());
    result.author = {author->name ? author->name : "", author->email ? author->email : "", author->when.time};
    const char *message = git_commit_message(found.get());
    result.message = message ? message : "";
    return result;
}

std::vector<GitCommit> GitRepository::commitsBetween(const std::string &from, const std::string &to) const
{
    Revwalk walk;
    check(git_revwalk_new(walk.out(), m_handle->repo), "walking the history");
    check(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE), "walking the history");
    const git_oid tip = oidOf(to);
    check(git_revwalk_push(walk.get(), &tip), "walking from " + to);
    if (!from.empty()) {
        const git_oid start = oidOf(from);
        check(git_revwalk_hide(walk.get(), &start), "walking from " + from);
    }
    std::vector<GitCommit> commits;
    git_oid next;
    while (git_revwalk_next(&next, walk.get()) == 0)
        commits.push_back(commit(hex(next)));
    return commits;
}

bool GitRepository::isAncestor(const std::string &ancestor, const std::string &descendant) const
{
    if (ancestor == descendant)
        return true;
    const git_oid a = oidOf(ancestor);
    const git_oid d = oidOf(descendant);
    const int result = git_graph_descendant_of(m_handle->repo, &d, &a);
    check(result, "comparing histories");
    return result == 1;
}

std::optional<std::string> GitRepository::readFile(const std::string &commit, const std::string &path) const
{
    Tree tree;
    m_handle->treeOf(commit, tree);
    TreeEntry entry;
    if (git_tree_entry_bypath(entry.out(), tree.get(), path.c_str()) < 0)
        return std::nullopt;
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB)
        return std::nullopt;
    Blob blob;
    check(git_blob_lookup(blob.out(), m_handle->repo, git_tree_entry_id(entry.get())), "reading " + path);
    return std::string(static_cast<const char *>(git_blob_rawcontent(blob.get())), std::size_t(git_blob_rawsize(blob.get())));
}

std::vector<std::string> GitRepository::listFolder(const std::string &commit, const std::string &path) const
{
    Tree root;
    m_handle->treeOf(commit, root);
    Tree folder;
    if (path.empty()) {
        check(git_tree_dup(folder.out(), root.get()), "reading the tree");
    } else {
        TreeEntry entry;
        if (git_tree_entry_bypath(entry.out(), root.get(), path.c_str()) < 0 || git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE)
            return {};
        check(git_tree_lookup(folder.out(), m_handle->repo, git_tree_entry_id(entry.get())), "reading " + path);
    }
    std::vector<std::string> names;
    for (std::size_t i = 0; i < git_tree_entrycount(folder.get()); ++i)
        names.emplace_back(git_tree_entry_name(git_tree_entry_byindex(folder.get(), i)));
    return names;
}

namespace {

// git needs an e-mail address; a version's author has only a name. The .invalid domain can
// never reach anyone (RFC 2606).
std::string emailOf(const GitAuthor &author)
{
    if (!author.email.empty())
        return author.email;
    std::string local;
    for (const char c : author.name)
        local += std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(static_cast<unsigned char>(c))) : '.';
    return (local.empty() ? "unknown" : local) + "@promptsmith.invalid";
}

} // namespace

std::string GitRepository::commitFiles(const std::string &parent, const std::map<std::string, std::string> &files,
    const GitAuthor &author, const GitAuthor &committer, const std::string &message)
{
    Index index;
    check(git_index_new(index.out()), "preparing a commit");
    Commit parentCommit;
    Tree parentTree;
    if (!parent.empty()) {
        m_handle->commitOf(parent, parentCommit);
        check(git_commit_tree(parentTree.out(), parentCommit.get()), "reading commit " + parent);
        check(git_index_read_tree(index.get(), parentTree.get()), "reading commit " + parent);
    }
    for (const auto &[path, text] : files) {
        git_oid blob;
        check(git_blob_create_from_buffer(&blob, m_handle->repo, text.data(), text.size()), "writing " + path);
        git_index_entry entry {};
        entry.mode = GIT_FILEMODE_BLOB;
        entry.id = blob;
        entry.path = path.c_str();
        check(git_index_add(index.get(), &entry), "adding " + path);
    }
    git_oid treeId;
    check(git_index_write_tree_to(&treeId, index.get(), m_handle->repo), "writing the tree");
    if (parentTree.get() && git_oid_equal(&treeId, git_tree_id(parentTree.get())))
        return parent; // nothing changed
    Tree tree;
    check(git_tree_lookup(tree.out(), m_handle->repo, &treeId), "reading the tree");
    Signature authorSignature;
    Signature committerSignature;
    check(git_signature_new(authorSignature.out(), author.name.empty() ? "unknown" : author.name.c_str(),
              emailOf(author).c_str(), author.time, 0),
        "signing as " + author.name);
    check(git_signature_new(committerSignature.out(), committer.name.empty() ? "unknown" : committer.name.c_str(),
              emailOf(committer).c_str(), committer.time, 0),
        "signing as " + committer.name);
    const git_commit *parents[] = {parentCommit.get()};
    git_oid id;
    check(git_commit_create(&id, m_handle->repo, nullptr, authorSignature.get(), committerSignature.get(), "UTF-8",
              message.c_str(), tree.get(), parentCommit.get() ? 1 : 0, parentCommit.get() ? parents : nullptr),
        "committing");
    return hex(id);
}

} // namespace ps::share
