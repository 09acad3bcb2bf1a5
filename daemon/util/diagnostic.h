#pragma once
// A problem in a user's file (configuration, feeds, rules), located precisely, rendered
// the way compilers do so editors can jump to it.

#include <filesystem>
#include <string>
#include <vector>

namespace newsmon::util {

struct Diagnostic {
  /// The most of a source line format() shows: a window this many bytes wide around the
  /// column, so a minified or machine-written file never floods a terminal or the journal.
  static constexpr std::size_t k_line_window = 120;
  /// The most of a message format() shows.
  static constexpr std::size_t k_max_message = 1000;

  std::filesystem::path file;
  int line = 0;    ///< 1-based; 0 when the problem concerns the whole file
  int column = 0;  ///< 1-based; 0 when unknown
  std::string message;
  std::string source_line;  ///< the offending line, shown with a caret under the column

  /// "FILE:LINE:COL: error: MESSAGE", then the source line and a caret when known. A
  /// message about the whole file that starts with its name ("FILE: cannot open: ...", as
  /// util::read_file words it) does not name it a second time. URLs in the message and the
  /// line are shown redacted (util/redact.h); a long line is cut to a window around the
  /// column, "..." marking each cut.
  std::string format() const;
};

/// All diagnostics, one after another.
std::string format_all(const std::vector<Diagnostic>& diagnostics);

}  // namespace newsmon::util
