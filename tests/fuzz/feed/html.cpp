// HTML to plain text (both paths) and feed discovery in HTML pages.

#include <string>

#include "daemon/feed/parse.h"
#include "daemon/feed/text.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"
#include "tests/fuzz/fuzz.h"

namespace newsmon::fuzz {
namespace {

// TextBuilder's promise (daemon/feed/text.h): white space collapsed to single spaces and
// line breaks, trimmed, no control characters but '\n', C1 controls read as windows-1252.
void check_plain_text(std::string_view text) {
  require(util::is_valid_utf8(text), "plain text is valid UTF-8");
  if (text.empty()) return;
  require(text.front() != ' ' && text.front() != '\n', "plain text has no leading space");
  require(text.back() != ' ' && text.back() != '\n', "plain text has no trailing space");
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    require(byte >= 0x20 || byte == '\n', "plain text has no control character");
    const bool space = byte == ' ' || byte == '\n';
    const bool next_space = i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\n');
    require(!(space && next_space), "plain text has no run of white space");
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    require(!(byte == 0xC2 && next >= 0x80 && next <= 0x9F), "plain text has no C1 control");
  }
}

}  // namespace

void feed_html(std::string_view input) {
  // Fragments reach html_to_text from a decoded document, so always as valid UTF-8.
  const std::string fragment = util::repair_utf8(input);
  const std::string text = feed::html_to_text(fragment);
  check_plain_text(text);
  if (const auto fast = feed::html_to_text_fast(fragment)) {
    require(*fast == feed::html_to_text_full(fragment),
            "the fast path gives what the full HTML parse gives");
  }
  // Discovery reads a whole response body, whatever its bytes.
  for (const auto& link : feed::discover_feed_links(input, "https://fuzz.example.org/news/")) {
    require(!link.empty(), "a discovered feed link is not empty");
  }
}

}  // namespace newsmon::fuzz
