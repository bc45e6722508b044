#pragma once

#include "eval/dataset.h"
#include "model/version_content.h"

#include <filesystem>
#include <mutex>
#include <optional>
#include <map>
#include <string>
#include <string_view>

// The project's images: each stored once by the SHA-256 of its bytes, named by that hash in the
// versions whose messages show it.
namespace ps::store {

class Database;
class Project;

class ImageStore
{
public:
    // The largest image taken: what the providers accept (OpenAI and Anthropic take up to 20 MB
    // and 5 MB a request's image; a larger file is refused before it reaches the project).
    static constexpr std::size_t kMaxImageBytes = std::size_t(20) << 20;

    explicit ImageStore(const Project &project);

    // Stores `bytes` (nothing when the same bytes are there) and returns its reference. BadInput
    // when they are not a PNG, JPEG, GIF or WebP image, or larger than kMaxImageBytes.
    model::ImageRef add(std::string_view bytes);
    std::optional<std::string> bytes(const std::string &sha256) const;
    bool contains(const std::string &sha256) const;

private:
    Database &m_db;
};

// A list of images as a content file or a dataset gives them — a file path (relative to
// `folder`), {"path": FILE, "detail"?}, a URL, {"url": URL}, or an image already stored
// ({"sha256": ...}) — as the stored references a version or a case keeps: each file is read and
// added to `images`. Throws StoreError BadInput naming `where` ("images[1]") and the file.
nlohmann::json storeImageEntries(const nlohmann::json &entries, const std::filesystem::path &folder,
    ImageStore &images, const std::string &where);

// The stored images something shows, by hash (URLs are not stored, so not collected).
using ShownImages = std::map<std::string, model::ImageRef>;
// A version's: its messages' and its examples'.
void collectShownImages(const model::VersionContent &content, ShownImages &shown);
// A dataset case's own (its "images" as stored: {"sha256", "media_type", ...}).
void collectShownImages(const eval::DatasetCase &datasetCase, ShownImages &shown);

// The images of the project file a window has open, for the dispatcher's imageBytes: each read
// through a read-only connection of its own, so it is safe from any thread and follows the file
// when another project is opened.
class ImageFileReader
{
public:
    void setProject(const std::filesystem::path &path);
    std::optional<std::string> operator()(const std::string &sha256) const;

private:
    mutable std::mutex m_mutex;
    std::filesystem::path m_path;
};

} // namespace ps::store
