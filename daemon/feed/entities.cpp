#include "daemon/feed/entities.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>
#include <vector>

#include "daemon/util/ascii.h"

namespace newsmon::feed {
namespace {

struct NamedReference {
  std::string_view name;
  std::string_view text;
  bool legacy;
};

constexpr NamedReference k_references[] = {
#include "daemon/feed/html_entities.inc"
};

// The longest name in the table ("CounterClockwiseContourIntegral") bounds the scan.
constexpr std::size_t k_longest_name = 32;

// windows-1252's meaning of 0x80-0x9F, which HTML applies to numeric references there.
constexpr std::array<char16_t, 32> k_windows_1252_c1{
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

const NamedReference* find_reference(std::string_view name) {
  const auto* end = std::end(k_references);
  const auto* found = std::lower_bound(
      std::begin(k_references), end, name,
      [](const NamedReference& reference, std::string_view key) { return reference.name < key; });
  return (found != end && found->name == name) ? found : nullptr;
}

bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_xml_predefined(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

// Markup characters must stay references, or the XML parser would read them as markup.
void append_for_xml(std::string& out, std::string_view text) {
  if (text.size() == 1 && std::strchr("<>&\"'", text[0]) != nullptr) {
    out += "&#";
    out += std::to_string(static_cast<int>(text[0]));
    out += ';';
    return;
  }
  out += text;
}

// Tracks whether a position lies inside a CDATA section or a comment, scanning forward
// only as far as asked, so the whole rewrite stays linear.
class MarkupSections {
 public:
  explicit MarkupSections(std::string_view document) : m_document(document) {}

  /// Whether `position` is inside a CDATA section or comment. Positions must not decrease.
  bool inside(std::size_t position) {
    while (m_scanned < position) {
      if (!m_closer.empty()) {
        const auto end = m_document.find(m_closer, m_scanned);
        if (end == std::string_view::npos || end >= position) return true;
        m_scanned = end + m_closer.size();
        m_closer = {};
        continue;
      }
      const auto open = m_document.find("<!", m_scanned);
      if (open == std::string_view::npos || open >= position) {
        m_scanned = position;
        return false;
      }
      if (m_document.compare(open, 9, "<![CDATA[") == 0 && ends(m_cdata, open + 9)) {
        m_closer = m_cdata.closer;
        m_scanned = open + 9;
      } else if (m_document.compare(open, 4, "<!--") == 0 && ends(m_comment, open + 4)) {
        m_closer = m_comment.closer;
        m_scanned = open + 4;
      } else {
        m_scanned = open + 2;
      }
    }
    return !m_closer.empty();
  }

 private:
  struct Kind {
    std::string_view closer;
    bool unterminated = false;  ///< no closer after some position, so none after any later
  };

  // Whether a section opened before `from` ends. One that never does is an error the XML
  // parser recovers from by reading on after it as markup, so what follows is not inside
  // it. Once a search fails none is repeated, which keeps the scan linear.
  bool ends(Kind& kind, std::size_t from) {
    if (!kind.unterminated && m_document.find(kind.closer, from) == std::string_view::npos) {
      kind.unterminated = true;
    }
    return !kind.unterminated;
  }

  Kind m_cdata{"]]>"};
  Kind m_comment{"-->"};
  std::string_view m_document;
  std::size_t m_scanned = 0;
  std::string_view m_closer;
};

// Declared entities: name to replacement, the replacement already safe to insert in text
// and in attribute values.
using DeclaredEntities = std::vector<std::pair<std::string, std::string>>;

std::string_view internal_subset(std::string_view document) {
  const auto doctype = document.substr(0, 65536).find("<!DOCTYPE");
  if (doctype == std::string_view::npos) return {};
  const auto open = document.find('[', doctype);
  const auto close_tag = document.find('>', doctype);
  if (open == std::string_view::npos || open > close_tag) return {};
  const auto close = document.find("]>", open);
  if (close == std::string_view::npos) return {};
  return document.substr(open + 1, close - open - 1);
}

DeclaredEntities declared_entities(std::string_view document) {
  DeclaredEntities entities;
  std::string_view subset = internal_subset(document);
  for (auto at = subset.find("<!ENTITY"); at != std::string_view::npos;
       at = subset.find("<!ENTITY", at + 1)) {
    std::size_t position = at + 8;
    while (position < subset.size() && is_xml_space(subset[position])) ++position;
    const std::size_t name_start = position;
    while (position < subset.size() &&
           (util::is_ascii_alnum(subset[position]) || subset[position] == '_' ||
            subset[position] == '-' || subset[position] == '.' || subset[position] == ':')) {
      ++position;
    }
    const auto name = subset.substr(name_start, position - name_start);
    while (position < subset.size() && is_xml_space(subset[position])) ++position;
    if (name.empty() || position >= subset.size()) continue;
    const char quote = subset[position];
    if (quote != '"' && quote != '\'') continue;  // SYSTEM, PUBLIC, parameter entities
    const auto end = subset.find(quote, position + 1);
    if (end == std::string_view::npos) break;
    const auto value = subset.substr(position + 1, end - position - 1);
    if (value.find_first_of("<&%") != std::string_view::npos) continue;
    std::string safe;
    for (char c : value) {
      if (c == '"') {
        safe += "&quot;";
      } else if (c == '\'') {
        safe += "&apos;";
      } else {
        safe += c;
      }
    }
    entities.emplace_back(std::string(name), std::move(safe));
  }
  return entities;
}

const std::string* find_declared(const DeclaredEntities& entities, std::string_view name) {
  for (const auto& [declared, value] : entities) {
    if (declared == name) return &value;
  }
  return nullptr;
}

struct Replacement {
  std::string text;
  bool declared = false;  ///< declared by the document, not one of HTML's
};

// The reference starting at text[amp] ("&name;", "&#233;", "&#xE9;"), or an empty view
// when none does.
std::string_view reference_at(std::string_view text, std::size_t amp) {
  std::size_t end = amp + 1;
  if (end < text.size() && text[end] == '#') {
    ++end;
    const bool hex = end < text.size() && (text[end] == 'x' || text[end] == 'X');
    if (hex) ++end;
    const std::size_t digits = end;
    while (end < text.size() &&
           (hex ? util::is_ascii_hex_digit(text[end]) : util::is_ascii_digit(text[end]))) {
      ++end;
    }
    if (end == digits) return {};
  } else {
    while (end < text.size() && end - amp <= k_longest_name && util::is_ascii_alnum(text[end]))
      ++end;
    if (end == amp + 1) return {};
  }
  if (end >= text.size() || text[end] != ';') return {};
  return text.substr(amp, end + 1 - amp);
}

// A numeric reference to no character (NUL, a surrogate, past U+10FFFF) becomes U+FFFD, as
// in HTML: pugixml would write its value as bytes that are not UTF-8, or end the text at NUL.
std::optional<Replacement> invalid_character_reference(std::string_view number) {
  const bool hex = number[0] == 'x' || number[0] == 'X';
  std::uint64_t value = 0;
  for (const char c : hex ? number.substr(1) : number) {
    value = std::min<std::uint64_t>(
        value * (hex ? 16 : 10) + static_cast<unsigned>(util::hex_digit_value(c)), 0x110000);
  }
  if (value != 0 && value <= 0x10FFFF && (value < 0xD800 || value > 0xDFFF)) return std::nullopt;
  return Replacement{"&#xFFFD;", false};
}

// What a reference ("&...;") is rewritten to, or nullopt to leave it to the XML parser.
std::optional<Replacement> replacement_for(std::string_view reference,
                                           const DeclaredEntities& declared) {
  const std::string_view name = reference.substr(1, reference.size() - 2);
  if (name[0] == '#') return invalid_character_reference(name.substr(1));
  if (is_xml_predefined(name)) return std::nullopt;
  if (const std::string* own = declared.empty() ? nullptr : find_declared(declared, name)) {
    return Replacement{*own, true};
  }
  const auto* html = find_reference(name);
  if (html == nullptr) return std::nullopt;
  Replacement replacement;
  append_for_xml(replacement.text, html->text);
  return replacement;
}

// What expansion may still add: declared entities at most the document's size again (one
// entity used many times must not turn a small feed into a large one), and all references
// together no more than takes the document to max_size.
class ExpansionBudget {
 public:
  ExpansionBudget(std::size_t document_size, std::size_t max_size)
      : m_declared_left(document_size),
        m_growth_left(max_size > document_size ? max_size - document_size : 0) {}

  /// Takes the bytes of one replacement; false, taking nothing, when they do not fit.
  bool take(bool declared, std::size_t replacement_size, std::size_t reference_size) {
    const std::size_t growth =
        replacement_size > reference_size ? replacement_size - reference_size : 0;
    if ((declared && replacement_size > m_declared_left) || growth > m_growth_left) return false;
    if (declared) m_declared_left -= replacement_size;
    m_growth_left -= growth;
    return true;
  }

 private:
  std::size_t m_declared_left;
  std::size_t m_growth_left;
};

}  // namespace

std::optional<std::string_view> html_entity(std::string_view name) {
  const auto* reference = find_reference(name);
  if (reference == nullptr) return std::nullopt;
  return reference->text;
}

std::vector<std::pair<std::string_view, std::string_view>> html_entities() {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  out.reserve(std::size(k_references));
  for (const auto& reference : k_references) out.emplace_back(reference.name, reference.text);
  return out;
}

std::size_t legacy_html_entity_prefix(std::string_view text) {
  std::size_t length = 0;
  while (length < text.size() && length < k_longest_name && util::is_ascii_alnum(text[length]))
    ++length;
  for (; length > 0; --length) {
    const auto* reference = find_reference(text.substr(0, length));
    if (reference != nullptr && reference->legacy) return length;
  }
  return 0;
}

char32_t html_numeric_reference(std::uint64_t value) {
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0xFFFD;
  if (value >= 0x80 && value <= 0x9F) return k_windows_1252_c1[value - 0x80];
  return static_cast<char32_t>(value);
}

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    code_point = 0xFFFD;
  }
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

EntityExpansion expand_entities_for_xml(std::string& document, std::size_t max_size) {
  const std::string_view text(document);
  const DeclaredEntities declared = declared_entities(text);
  ExpansionBudget budget(text.size(), max_size);
  MarkupSections sections(text);
  std::string out;
  std::size_t copied = 0;  // text[0, copied) is already in `out`
  EntityExpansion expansion;
  for (std::size_t amp = text.find('&'); amp != std::string_view::npos;
       amp = text.find('&', amp + 1)) {
    const std::string_view reference = reference_at(text, amp);
    if (reference.empty()) continue;
    const auto replacement = replacement_for(reference, declared);
    if (!replacement || sections.inside(amp)) continue;
    if (!budget.take(replacement->declared, replacement->text.size(), reference.size())) {
      ++expansion.refused;
      continue;
    }
    if (out.empty()) out.reserve(text.size());
    out.append(text.substr(copied, amp - copied));
    out += replacement->text;
    copied = amp + reference.size();
    ++expansion.rewritten;
  }
  if (expansion.rewritten > 0) {
    out.append(text.substr(copied));
    document = std::move(out);
  }
  return expansion;
}

}  // namespace newsmon::feed
