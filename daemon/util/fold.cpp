#include "daemon/util/fold.h"

#include <cstdlib>
#include <memory>

#include <utf8proc.h>

#include "daemon/util/ascii.h"
#include "daemon/util/utf8.h"

namespace newsmon::util {
namespace {

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* pointer) const { std::free(pointer); }
};
using MallocedText = std::unique_ptr<utf8proc_uint8_t, FreeDeleter>;

// Runs utf8proc over well-formed text and appends the result; repairs the input first
// when utf8proc rejects it, so a stray byte never loses the rest of the text.
void map_append(std::string_view text, utf8proc_option_t options, std::string& out) {
  utf8proc_uint8_t* mapped = nullptr;
  const auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                   static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
  const MallocedText owner(mapped);
  if (length < 0) {
    const std::string repaired = repair_utf8(text);
    if (repaired != text) map_append(repaired, options, out);
    return;
  }
  out.append(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

constexpr auto k_fold_options = static_cast<utf8proc_option_t>(
    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
constexpr auto k_nfkc_options =
    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);

}  // namespace

void fold_append(std::string_view text, std::string& out) {
  // Whole runs of ASCII are lower-cased directly; utf8proc sees only the runs that
  // need it, which keeps folding of mostly-English news an order of magnitude faster.
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t run = i;
    while (run < text.size() && static_cast<unsigned char>(text[run]) < 0x80) ++run;
    for (std::size_t k = i; k < run; ++k) {
      out += to_lower_ascii(text[k]);
    }
    if (run == text.size()) break;
    // A non-ASCII run extends back over a preceding letter so combining sequences such
    // as "e" + U+0301 are folded together; the letter was already appended lower-cased,
    // and stripping marks leaves it unchanged, so only the rest needs mapping.
    std::size_t end = run;
    while (end < text.size() && static_cast<unsigned char>(text[end]) >= 0x80) ++end;
    map_append(text.substr(run, end - run), k_fold_options, out);
    i = end;
  }
}

std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  fold_append(text, out);
  return out;
}

std::string nfkc(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  std::string out;
  map_append(text, k_nfkc_options, out);
  return out;
}

}  // namespace newsmon::util
