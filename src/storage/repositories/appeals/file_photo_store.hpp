#pragma once
// Appeal photos as files under a data directory: <dir>/photos/<first two characters>/<name>, written
// to a temporary file, flushed to disk and renamed into place, so a reader never sees half a photo.
// Names must be IsValidPhotoName (server-chosen), so nothing a client sends becomes a path.
// An empty directory gives a store that answers kUnavailable (photos not configured). Thread-safe.
#include <memory>
#include <string>

#include "domain/appeals/photo.hpp"

namespace wangge::storage {

std::unique_ptr<appeals::PhotoStore> MakeFilePhotoStore(std::string data_dir);

}  // namespace wangge::storage
