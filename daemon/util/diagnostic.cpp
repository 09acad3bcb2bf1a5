#include "daemon/util/diagnostic.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "daemon/util/redact.h"
#include "daemon/util/utf8.h"

namespace newsmon::util {
namespace {

constexpr std::string_view k_cut = "...";

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The source line with its URLs redacted, and the caret's column (1-based, 0 for none)
// moved by what the redaction took out before it.
std::pair<std::string, std::size_t> redacted_line(const std::string& line, int column) {
  std::string whole = redact_urls_in(line);
  if (column <= 0) return {std::move(whole), 0};
  const auto split = std::min(line.size(), static_cast<std::size_t>(column - 1));
  const std::string before = redact_urls_in(line.substr(0, split));
  // A URL that runs past the caret is redacted whole: the caret stays inside it.
  const std::size_t caret =
      whole.compare(0, before.size(), before) == 0 ? before.size() : std::min(split, whole.size());
  return {std::move(whole), caret + 1};
}

// At most k_line_window bytes of the line around the caret, cut at character
// boundaries and marked where cut; the caret is moved to match.
std::pair<std::string, std::size_t> line_window(std::string line, std::size_t caret) {
  if (line.size() <= Diagnostic::k_line_window) return {std::move(line), caret};
  const std::size_t half = Diagnostic::k_line_window / 2;
  const std::size_t at = caret > 0 ? std::min(caret - 1, line.size()) : 0;
  std::size_t begin = at > half ? at - half : 0;
  std::size_t end = std::min(line.size(), begin + Diagnostic::k_line_window);
  begin = end - std::min(end, Diagnostic::k_line_window);
  // A character has at most three continuation bytes: a line that is not UTF-8 moves a
  // cut no further, so the window keeps its size and the caret stays inside it.
  for (int i = 0; i < 3 && begin > 0 && is_continuation(line[begin]); ++i) ++begin;
  for (int i = 0; i < 3 && end < line.size() && is_continuation(line[end]); ++i) --end;
  std::string shown = begin > 0 ? std::string(k_cut) : std::string();
  shown.append(line, begin, end - begin);
  if (end < line.size()) shown += k_cut;
  if (caret == 0) return {std::move(shown), 0};
  const std::size_t offset = std::clamp(at, begin, end) - begin;
  return {std::move(shown), offset + (begin > 0 ? k_cut.size() : 0) + 1};
}

}  // namespace

std::string Diagnostic::format() const {
  std::string out = file.string();
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  std::string_view text = message;
  if (line == 0 && text.size() > out.size() && text.substr(0, out.size()) == out &&
      text.substr(out.size(), 2) == ": ") {
    text.remove_prefix(out.size() + 2);
  }
  out += ": error: ";
  out += truncate_utf8(redact_urls_in(text), k_max_message, k_cut);
  if (!source_line.empty()) {
    auto [redacted, redacted_caret] = redacted_line(source_line, column);
    const auto [shown, caret] = line_window(std::move(redacted), redacted_caret);
    out += "\n  " + shown;
    if (caret > 0) out += "\n  " + std::string(caret - 1, ' ') + "^";
  }
  return out;
}

std::string format_all(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& diagnostic : diagnostics) {
    out += diagnostic.format();
    out += '\n';
  }
  return out;
}

}  // namespace newsmon::util
