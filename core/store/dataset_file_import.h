#pragma once

#include "model/dataset_record.h"

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

// Importing a dataset file (CSV or JSONL) as a dataset's next revision, with each case's images
// stored in the project: the one use case `dataset import` and the window's Dataset tab drive.
namespace ps::store {

class Project;

struct DatasetFileImport
{
    std::string name; // the dataset
    std::filesystem::path file; // where the text came from: names errors, anchors relative image paths
    // Called every so often with the cases stored so far (from the importing thread).
    std::function<void(int stored)> progress;

    // Reads `text` whole before anything is stored: a case's image files are stored first (the
    // cases' import holds the project for its one transaction), then the cases in one
    // transaction keeping their references. Throws eval::DatasetError for a malformed file and
    // StoreError (BadInput, naming the case and the image) for an unreadable or foreign image.
    model::DatasetRecord run(const Project &project, std::string_view text) const;
};

} // namespace ps::store
