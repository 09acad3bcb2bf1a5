#pragma once
// The console's style sheet, script and icon, compiled into the binary from
// daemon/web/assets/ (see embed_assets.cmake): nothing is fetched from anywhere else.

#include <string_view>

namespace newsmon::web {

struct Asset {
  std::string_view name;  ///< "app.css"
  std::string_view content_type;
  std::string_view body;
};

/// The asset with this file name; nullptr when there is none.
const Asset* find_asset(std::string_view name);

}  // namespace newsmon::web
