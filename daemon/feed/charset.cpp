#include "daemon/feed/charset.h"

#include <array>
#include <vector>

#include <fmt/format.h>

#include "daemon/feed/iconv.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"

namespace newsmon::feed {
namespace {

using util::to_lower_ascii;
using util::trim;

bool is_utf8_name(std::string_view name) {
  return name == "utf-8" || name == "utf8";
}

bool is_wide_unicode_name(std::string_view name) {
  constexpr std::array<std::string_view, 14> k_names{
      "u16",    "utf-16",          "utf16",           "utf_16", "u32",       "utf-32", "utf32",
      "utf_32", "iso-10646-ucs-2", "iso-10646-ucs-4", "csucs4", "csunicode", "ucs-2",  "ucs-4"};
  for (auto known : k_names) {
    if (name == known) return true;
  }
  return false;
}

// Names feeds use that iconv spells differently; iconv knows the rest itself.
constexpr std::pair<std::string_view, std::string_view> k_charset_aliases[] = {
    {"gb2312", "gb18030"},  // a superset, as feedparser reads it
    {"x-gbk", "gb18030"},
    {"latin-1", "iso-8859-1"},
    {"x-sjis", "shift_jis"},
    {"shift-jis", "shift_jis"},
    {"ms_kanji", "shift_jis"},
    {"x-euc-jp", "euc-jp"},
    {"ascii", "us-ascii"},
    {"utf8", "utf-8"},
    {"cp-is", "ibm861"},
    {"macroman", "macintosh"},
    {"mac-roman", "macintosh"},
    {"x-mac-roman", "macintosh"},
    {"maccentraleurope", "mac-centraleurope"},
    {"maclatin2", "mac-centraleurope"},
    {"maciceland", "mac-is"},
    {"maccyrillic", "mac-cyrillic"},
    {"ebcdic-cp-be", "ibm500"},
    {"ebcdic-cp-ch", "ibm500"},
    {"ms-cyrl", "windows-1251"},
    {"ms-ansi", "windows-1252"},
    {"ms-ee", "windows-1250"},
    {"ms-greek", "windows-1253"},
    {"ms-turk", "windows-1254"},
    {"ms-hebr", "windows-1255"},
    {"ms-arab", "windows-1256"},
    {"winbaltrim", "windows-1257"},
};

// IANA charset names are printable ASCII letters, digits and a few marks. iconv ignores
// other bytes ("ms-an\xFAsi" opens as MS-ANSI), so a name holding them is no name at all:
// it must not be chosen and then reported as the encoding, bytes that are not UTF-8.
bool is_charset_name(std::string_view name) {
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '(' ||
                    c == ')';
    if (!ok) return false;
  }
  return true;
}

// The spelling used to compare and open charsets; empty when `name` is not a charset name.
std::string normalise_charset(std::string_view name) {
  if (!is_charset_name(trim(name))) return {};
  std::string lower = to_lower_ascii(trim(name));
  for (char& c : lower) {
    if (c == '_' && !lower.starts_with("shift")) c = '-';
  }
  for (const auto& [alias, canonical] : k_charset_aliases) {
    if (lower == alias) return std::string(canonical);
  }
  return lower;
}

bool is_application_xml(std::string_view type) {
  return type == "application/xml" || type == "application/xml-dtd" ||
         type == "application/xml-external-parsed-entity" ||
         (type.starts_with("application/") && type.ends_with("+xml"));
}

// RFC 3023 as feedparser applies it: which encoding the media type says to use.
std::string rfc3023_encoding(const ContentType& type, std::string_view xml_encoding) {
  if (type.media_type.empty()) return xml_encoding.empty() ? "utf-8" : std::string(xml_encoding);
  if (is_application_xml(type.media_type)) {
    if (!type.charset.empty()) return type.charset;
    return xml_encoding.empty() ? "utf-8" : std::string(xml_encoding);
  }
  if (type.media_type.starts_with("text/")) {
    return type.charset.empty() ? "us-ascii" : type.charset;
  }
  return xml_encoding.empty() ? "utf-8" : std::string(xml_encoding);
}

std::optional<std::string> decode_as(std::string_view body, std::string_view charset,
                                     InvalidBytes invalid) {
  if (is_utf8_name(charset)) {
    if (util::is_valid_utf8(body)) return std::string(body);
    if (invalid == InvalidBytes::fail) return std::nullopt;
    return util::repair_utf8(body);
  }
  auto converter = Iconv::to_utf8(charset);
  if (!converter) {
    // iconv spells some charsets differently ("windows-874" is "CP874").
    if (charset.starts_with("windows-")) {
      converter = Iconv::to_utf8(fmt::format("cp{}", charset.substr(8)));
    } else if (charset.starts_with("x-")) {
      converter = Iconv::to_utf8(charset.substr(2));
    } else if (charset.starts_with("cs")) {
      converter = Iconv::to_utf8(charset.substr(2));
    }
    if (!converter) return std::nullopt;
  }
  auto text = converter->convert(body, invalid);
  if (text && !util::is_valid_utf8(*text)) return util::repair_utf8(*text);
  return text;
}

std::vector<std::string> candidate_list(std::initializer_list<std::string_view> names) {
  std::vector<std::string> out;
  for (auto name : names) {
    std::string normal = normalise_charset(name);
    if (normal.empty()) continue;  // iconv would open "" as the locale's charset
    bool seen = false;
    for (const auto& existing : out) seen = seen || existing == normal;
    if (!seen) out.push_back(std::move(normal));
  }
  return out;
}

// The XML declaration's encoding, read through the encoding the first bytes revealed.
std::string declared_encoding(std::string_view body, const Sniffed& sniffed) {
  if (sniffed.encoding.empty() || sniffed.encoding == "utf-8") {
    return xml_declared_encoding(body);
  }
  auto converter = Iconv::to_utf8(sniffed.encoding);
  if (!converter) return {};
  const auto start = converter->convert(body.substr(0, std::min<std::size_t>(body.size(), 512)),
                                        InvalidBytes::replace);
  std::string declared = start ? xml_declared_encoding(*start) : std::string();
  if (is_wide_unicode_name(declared)) declared = sniffed.encoding;
  return declared;
}

DecodedDocument decode_json(std::string_view body, const Sniffed& sniffed,
                            const ContentType& type) {
  for (const auto& candidate : candidate_list({sniffed.encoding, type.charset})) {
    if (auto text = decode_as(body, candidate, InvalidBytes::fail)) {
      return {std::move(*text), candidate, {}};
    }
  }
  const bool valid = util::is_valid_utf8(body);
  return {util::repair_utf8(body), "utf-8",
          valid ? std::string() : "invalid UTF-8 sequences replaced with U+FFFD"};
}

// A UTF-8 document with a few broken bytes is still UTF-8: reading it all as
// windows-1252 would garble every correct non-ASCII character to save a few wrong ones.
bool mostly_utf8(std::string_view body) {
  const auto counts = util::count_utf8_sequences(body);
  return counts.valid_multibyte > counts.invalid;
}

}  // namespace

ContentType parse_content_type(std::string_view header) {
  ContentType out;
  const auto pieces = util::split(header, ';');
  if (pieces.empty()) return out;
  out.media_type = to_lower_ascii(trim(pieces[0]));
  for (std::size_t i = 1; i < pieces.size(); ++i) {
    const auto equals = pieces[i].find('=');
    if (equals == std::string_view::npos) continue;
    if (to_lower_ascii(trim(pieces[i].substr(0, equals))) != "charset") continue;
    std::string value;
    for (char c : trim(pieces[i].substr(equals + 1))) {
      if (c != '"' && c != '\'') value += c;
    }
    out.charset = to_lower_ascii(trim(value));
  }
  return out;
}

Sniffed sniff_encoding(std::string_view bytes) {
  const auto has = [&](std::string_view prefix) { return bytes.starts_with(prefix); };
  using namespace std::string_view_literals;
  if (has("\x00\x00\xFE\xFF"sv)) return {"utf-32be", 4};
  if (has("\xFF\xFE\x00\x00"sv)) return {"utf-32le", 4};
  if (has("\xFE\xFF"sv) && !has("\xFE\xFF\x00\x00"sv)) return {"utf-16be", 2};
  if (has("\xFF\xFE"sv)) return {"utf-16le", 2};
  if (has("\xEF\xBB\xBF"sv)) return {"utf-8", 3};
  if (has("\x4C\x6F\xA7\x94"sv)) return {"cp037", 0};
  if (has("\x00\x3C\x00\x3F"sv)) return {"utf-16be", 0};
  if (has("\x3C\x00\x3F\x00"sv)) return {"utf-16le", 0};
  if (has("\x00\x00\x00\x3C"sv)) return {"utf-32be", 0};
  if (has("\x3C\x00\x00\x00"sv)) return {"utf-32le", 0};
  // JSON starts with an ASCII character, which shows UTF-16 and UTF-32 without a mark.
  if (bytes.size() >= 4 && bytes[1] == '\0' && bytes[0] != '\0' && bytes[2] != '\0') {
    return {"utf-16le", 0};
  }
  if (bytes.size() >= 4 && bytes[0] == '\0' && bytes[1] != '\0') return {"utf-16be", 0};
  return {};
}

std::string xml_declared_encoding(std::string_view start) {
  if (!start.starts_with("<?")) return {};
  const auto end = start.find("?>");
  if (end == std::string_view::npos) return {};
  const auto declaration = start.substr(0, end);
  const auto key = declaration.find("encoding=");
  if (key == std::string_view::npos) return {};
  const auto value = declaration.substr(key + 9);
  if (value.empty() || (value[0] != '"' && value[0] != '\'')) return {};
  const auto close = value.find(value[0], 1);
  if (close == std::string_view::npos) return {};
  return to_lower_ascii(value.substr(1, close - 1));
}

DecodedDocument decode_document(std::string_view bytes, std::string_view content_type,
                                DocumentSyntax syntax) {
  const Sniffed sniffed = sniff_encoding(bytes);
  const std::string_view body = bytes.substr(sniffed.bom_length);
  const ContentType type = parse_content_type(content_type);
  if (syntax == DocumentSyntax::json) return decode_json(body, sniffed, type);

  std::string xml_encoding = normalise_charset(declared_encoding(body, sniffed));
  // Without a declaration, UTF-16 and UTF-32 show only in the first bytes (XML appendix F).
  if (xml_encoding.empty() && sniffed.encoding.starts_with("utf-")) {
    xml_encoding = sniffed.encoding;
  }
  std::string chosen = normalise_charset(rfc3023_encoding(type, xml_encoding));
  // Servers often label every response with a default single-byte charset; a document
  // that declares UTF-8 and is valid UTF-8 with non-ASCII text is what it says it is.
  if ((chosen == "iso-8859-1" || chosen == "windows-1252" || chosen == "us-ascii") &&
      xml_encoding == "utf-8" && util::is_valid_utf8(body) && !util::is_ascii(body)) {
    chosen = "utf-8";
  }
  const auto candidates = candidate_list(
      {chosen, xml_encoding, sniffed.encoding, "utf-8", "windows-1252", "iso-8859-2"});
  for (const auto& candidate : candidates) {
    auto text = decode_as(body, candidate, InvalidBytes::fail);
    if (!text && is_utf8_name(candidate) && mostly_utf8(body)) {
      return {util::repair_utf8(body), candidate, "invalid UTF-8 sequences replaced with U+FFFD"};
    }
    if (!text) continue;
    std::string problem;
    if (chosen.empty()) {
      problem = fmt::format("the declared charset is not a charset name; read as {}", candidate);
    } else if (candidate != chosen) {
      problem = fmt::format("declared as {}, read as {}", chosen, candidate);
    }
    return {std::move(*text), candidate, std::move(problem)};
  }
  return {util::repair_utf8(body), "utf-8", "no encoding fits; invalid bytes replaced with U+FFFD"};
}

}  // namespace newsmon::feed
