#pragma once
// Unicode folding for matching: text written in different case, width, accents or
// compatibility forms ("Türkiye", "TURKIYE", "ＴＵＲＫＩＹＥ") folds to one key ("turkiye").

#include <string>
#include <string_view>

namespace newsmon::util {

/// NFKC case folding followed by removal of combining marks (accents), so case, width
/// and accents no longer matter. ASCII text takes a fast path (lower-casing only).
/// Ill-formed UTF-8 is repaired (U+FFFD) first; never throws. Thread-safe.
std::string fold(std::string_view text);

/// Like fold(), appending to out instead of returning a new string.
void fold_append(std::string_view text, std::string& out);

/// NFKC without case folding or mark removal: what a case-sensitive comparison
/// should compare ("ＮＡＴＯ" becomes "NATO", "Nato" stays "Nato").
std::string nfkc(std::string_view text);

}  // namespace newsmon::util
