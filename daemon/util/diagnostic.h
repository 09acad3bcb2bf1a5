#pragma once
// A problem in a user's file (configuration, feeds, rules), located precisely, rendered
// the way compilers do so editors can jump to it.

#include <filesystem>
#include <string>
#include <vector>

namespace newsmon::util {

struct Diagnostic {
  std::filesystem::path file;
  int line = 0;    ///< 1-based; 0 when the problem concerns the whole file
  int column = 0;  ///< 1-based; 0 when unknown
  std::string message;
  std::string source_line;  ///< the offending line, shown with a caret under the column

  /// "FILE:LINE:COL: error: MESSAGE", then the source line and a caret when known. A
  /// message about the whole file that starts with its name ("FILE: cannot open: ...", as
  /// util::read_file words it) does not name it a second time.
  std::string format() const;
};

/// All diagnostics, one after another.
std::string format_all(const std::vector<Diagnostic>& diagnostics);

}  // namespace newsmon::util
