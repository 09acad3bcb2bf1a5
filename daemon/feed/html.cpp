// HTML to plain text, feed discovery in HTML pages. gumbo does the HTML5 parse; a small
// tokenizer handles the common fragments (paragraphs, links, emphasis, entities) four to
// five times faster and hands anything unusual to gumbo, so the two always agree.

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daemon/feed/entities.h"
#include "daemon/feed/gumbo_input.h"
#include "daemon/feed/parse.h"
#include "daemon/feed/text.h"
#include "daemon/util/ascii.h"
#include "daemon/util/text.h"
#include "daemon/util/url.h"
#include "daemon/util/utf8.h"

namespace newsmon::feed {
namespace {

// ---- element classes shared by both paths ----

constexpr std::array<std::string_view, 38> k_block_elements{
    "address", "article", "aside",  "blockquote", "body",    "br", "center",   "dd",
    "details", "dialog",  "dir",    "div",        "dl",      "dt", "fieldset", "figcaption",
    "figure",  "footer",  "form",   "h1",         "h2",      "h3", "h4",       "h5",
    "h6",      "header",  "hgroup", "hr",         "html",    "li", "main",     "menu",
    "nav",     "ol",      "p",      "pre",        "section", "ul"};

// Elements whose content is not text a reader sees.
constexpr std::array<std::string_view, 9> k_hidden_elements{
    "script", "style", "noscript", "template", "head", "title", "iframe", "noembed", "noframes"};

// Elements the fast path leaves to gumbo: raw-text content, table fix-ups, foreign
// content, and anything else whose tree differs from its tag sequence (an <html> or
// <body> tag inside a body is merged into the one that is open, so it breaks no line;
// a form's end tag does not end it where its tag order says).
constexpr std::array<std::string_view, 21> k_full_parse_elements{
    "script",   "style",    "textarea",  "title",    "xmp",  "iframe", "noembed",
    "noframes", "noscript", "plaintext", "template", "svg",  "math",   "select",
    "option",   "optgroup", "frameset",  "head",     "html", "body",   "form"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  for (auto known : names) {
    if (known == name) return true;
  }
  return false;
}

bool is_block(std::string_view name) {
  return contains(k_block_elements, name);
}

// Elements that never have content or an end tag in HTML5.
constexpr std::array<std::string_view, 18> k_void_elements{
    "area", "base",  "basefont", "bgsound", "br",   "col",   "embed",  "frame", "hr",
    "img",  "input", "keygen",   "link",    "meta", "param", "source", "track", "wbr"};

enum class TagClass { other, block, full_parse, table };

// One hash lookup per tag instead of scanning the name lists.
TagClass classify_tag(std::string_view name) {
  static const std::unordered_map<std::string_view, TagClass> k_classes = [] {
    std::unordered_map<std::string_view, TagClass> classes;
    for (auto block : k_block_elements) classes.emplace(block, TagClass::block);
    for (auto full : k_full_parse_elements) classes[full] = TagClass::full_parse;
    for (std::string_view table :
         {"table", "caption", "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup", "col"}) {
      classes.emplace(table, TagClass::table);
    }
    return classes;
  }();
  const auto found = k_classes.find(name);
  return found == k_classes.end() ? TagClass::other : found->second;
}

// ---- the fast path ----

bool is_html_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// NUL, and the control characters gumbo's input loses or turns into a space
// (gumbo_input.h): inside a tag they change how the full path reads it, so such a tag is
// gumbo's to read.
bool is_control_in_tag(char c) {
  return (static_cast<unsigned char>(c) < 0x20 && !is_html_space(c)) || c == '\x7f';
}

class FastHtmlText {
 public:
  explicit FastHtmlText(std::string_view html) : m_html(html) {}

  std::optional<std::string> run() {
    std::size_t position = 0;
    while (position < m_html.size()) {
      std::size_t text_end = position;
      while (text_end < m_html.size() && m_html[text_end] != '<' && m_html[text_end] != '&') {
        ++text_end;
      }
      if (m_table_depth > 0 && !m_in_cell && text_end > position &&
          !is_blank(m_html.substr(position, text_end - position))) {
        return std::nullopt;  // text outside cells moves before the table in HTML5
      }
      m_builder.append(m_html.substr(position, text_end - position));
      if (text_end == m_html.size()) break;
      const auto next = m_html[text_end] == '<' ? markup(text_end) : reference(text_end);
      if (!next) return std::nullopt;
      position = *next;
    }
    return std::move(m_builder).finish();
  }

 private:
  // Returns where text resumes after the construct at `start`, nullopt to give up.
  std::optional<std::size_t> markup(std::size_t start) {
    const std::size_t after = start + 1;
    if (after >= m_html.size()) return literal(start, 1);
    const char c = m_html[after];
    if (util::is_ascii_alpha(c)) return tag(after, TagKind::start);
    if (c == '/') {
      if (after + 1 < m_html.size() && util::is_ascii_alpha(m_html[after + 1])) {
        return tag(after + 1, TagKind::end);
      }
      return std::nullopt;  // "</>" and bogus comments
    }
    if (c == '!') return comment(start);
    if (c == '?') return std::nullopt;
    return literal(start, 1);
  }

  std::optional<std::size_t> literal(std::size_t start, std::size_t length) {
    if (m_table_depth > 0 && !m_in_cell) return std::nullopt;  // moved before the table
    m_builder.append(m_html.substr(start, length));
    return start + length;
  }

  std::optional<std::size_t> comment(std::size_t start) {
    if (m_html.compare(start, 4, "<!--") != 0) return std::nullopt;
    const auto body = start + 4;
    if (m_html.compare(body, 1, ">") == 0 || m_html.compare(body, 2, "->") == 0) {
      return std::nullopt;  // "<!-->" is an empty comment, a corner gumbo handles
    }
    const auto end = m_html.find("-->", body);
    if (end == std::string_view::npos) return std::nullopt;
    if (m_html.substr(body, end - body).find("--!>") != std::string_view::npos) {
      return std::nullopt;
    }
    return end + 3;
  }

  enum class TagKind { start, end };

  std::optional<std::size_t> tag(std::size_t name_start, TagKind kind) {
    std::size_t position = name_start;
    std::string name;
    while (position < m_html.size() && !is_html_space(m_html[position]) &&
           m_html[position] != '/' && m_html[position] != '>') {
      const char c = m_html[position];
      if (is_control_in_tag(c)) return std::nullopt;
      name += util::to_lower_ascii(c);
      ++position;
    }
    const TagClass tag_class = classify_tag(name);
    if (tag_class == TagClass::full_parse) return std::nullopt;
    const auto end = skip_attributes(position);
    if (!end) return std::nullopt;
    if (tag_class == TagClass::table) return table_tag(name, kind) ? end : std::nullopt;
    if (m_table_depth > 0 && !m_in_cell) return std::nullopt;  // HTML5 would move it
    if (!track_open_elements(std::move(name), kind)) return std::nullopt;
    if (tag_class == TagClass::block) m_builder.line_break();
    return *end;
  }

  // The fast path reads a fragment in tag order, which is HTML5's tree only while every end
  // tag closes the element opened last: a stray "</ul>" is ignored by HTML5 (so no line
  // break), "</br>" is a line break, "</p>" without a <p> makes one. Anything else is
  // gumbo's to decide.
  bool track_open_elements(std::string name, TagKind kind) {
    if (kind == TagKind::start) {
      if (!contains(k_void_elements, name)) m_open.push_back(std::move(name));
      return true;
    }
    if (m_open.empty() || m_open.back() != name) return false;
    m_open.pop_back();
    return true;
  }

  // Simple tables (cells holding text and inline markup) read the same in HTML5 as in
  // their tag order; anything HTML5 would move (text or elements outside cells, nested
  // tables) goes to gumbo. Cells are separated by spaces, rows by line breaks.
  bool table_tag(std::string_view name, TagKind kind) {
    const bool start = kind == TagKind::start;
    // A table tag closes what a cell left open (a <p> that then breaks a line): gumbo's.
    if (m_in_cell && m_open.size() > m_cell_base) return false;
    if (name == "table") {
      if (start && m_table_depth > 0) return false;
      if (!start && m_table_depth == 0) return false;  // a stray end tag HTML5 ignores
      m_table_depth = start ? 1 : 0;
      m_in_cell = false;
      m_builder.line_break();
      return true;
    }
    if (name == "td" || name == "th" || name == "caption") {
      if (m_table_depth == 0) return false;
      m_in_cell = start;
      m_cell_base = m_open.size();
      if (name == "caption") {
        m_builder.line_break();
      } else {
        m_builder.word_break();
      }
      return true;
    }
    if (name == "tr" || name == "tbody" || name == "thead" || name == "tfoot") {
      if (m_table_depth == 0) return false;
      m_in_cell = false;
      if (name == "tr") m_builder.line_break();
      return true;
    }
    return (name == "colgroup" || name == "col") && m_table_depth > 0 && !m_in_cell;
  }

  static bool is_blank(std::string_view text) {
    for (char c : text) {
      if (!is_html_space(c)) return false;
    }
    return true;
  }

  // Skips attributes as the HTML tokenizer reads them; returns the position after '>'.
  // A control character in a name or an unquoted value is gumbo's: a vertical tab, for
  // one, is part of the value to HTML5 but white space to the full path.
  std::optional<std::size_t> skip_attributes(std::size_t position) {
    while (position < m_html.size()) {
      const char c = m_html[position];
      if (c == '>') return position + 1;
      if (is_html_space(c) || c == '/') {
        ++position;
        continue;
      }
      if (is_control_in_tag(c)) return std::nullopt;
      ++position;  // first character of the name, which may itself be '='
      while (position < m_html.size() && !is_html_space(m_html[position]) &&
             m_html[position] != '/' && m_html[position] != '>' && m_html[position] != '=') {
        if (is_control_in_tag(m_html[position++])) return std::nullopt;
      }
      while (position < m_html.size() && is_html_space(m_html[position])) ++position;
      if (position >= m_html.size() || m_html[position] != '=') continue;
      ++position;
      while (position < m_html.size() && is_html_space(m_html[position])) ++position;
      if (position >= m_html.size()) return std::nullopt;
      const char quote = m_html[position];
      if (quote == '"' || quote == '\'') {
        const auto close = m_html.find(quote, position + 1);
        if (close == std::string_view::npos) return std::nullopt;
        position = close + 1;
      } else {
        while (position < m_html.size() && !is_html_space(m_html[position]) &&
               m_html[position] != '>') {
          if (is_control_in_tag(m_html[position++])) return std::nullopt;
        }
      }
    }
    return std::nullopt;  // the tag never ends: gumbo decides what that means
  }

  std::optional<std::size_t> reference(std::size_t start) {
    if (m_table_depth > 0 && !m_in_cell) return std::nullopt;
    std::size_t position = start + 1;
    if (position < m_html.size() && m_html[position] == '#') return numeric(start);
    while (position < m_html.size() && util::is_ascii_alnum(m_html[position]) &&
           position - start <= 40) {
      ++position;
    }
    const auto name = m_html.substr(start + 1, position - start - 1);
    if (name.empty()) return literal(start, 1);
    if (position < m_html.size() && m_html[position] == ';') {
      if (auto text = html_entity(name)) {
        m_builder.append(*text);
        return position + 1;
      }
    }
    if (legacy_html_entity_prefix(name) > 0) return std::nullopt;
    return literal(start, 1);
  }

  std::optional<std::size_t> numeric(std::size_t start) {
    std::size_t position = start + 2;
    const bool hex =
        position < m_html.size() && (m_html[position] == 'x' || m_html[position] == 'X');
    if (hex) ++position;
    const std::size_t digits_start = position;
    std::uint64_t value = 0;
    while (position < m_html.size() && (hex ? util::is_ascii_hex_digit(m_html[position])
                                            : util::is_ascii_digit(m_html[position]))) {
      const int digit = util::hex_digit_value(m_html[position]);
      value = std::min<std::uint64_t>(value * (hex ? 16 : 10) + static_cast<unsigned>(digit),
                                      0x7FFFFFFF);
      ++position;
    }
    if (position == digits_start) return literal(start, position - start);
    if (position < m_html.size() && m_html[position] == ';') ++position;
    std::string character;
    append_utf8(character, html_numeric_reference(value));
    m_builder.append(character);
    return position;
  }

  std::string_view m_html;
  TextBuilder m_builder;
  std::vector<std::string> m_open;  ///< elements open outside tables, innermost last
  int m_table_depth = 0;
  bool m_in_cell = false;
  std::size_t m_cell_base = 0;  ///< m_open's size when the current cell began
};

// ---- gumbo ----

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};
using GumboDocument = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

// gumbo's tree points into `html`, which must outlive the document.
GumboDocument parse_html(std::string_view html) {
  return GumboDocument(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
}

std::string_view element_name(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece original = element.original_tag;
  gumbo_tag_from_original_text(&original);
  return {original.data, original.length};
}

// Walks the tree without recursion: a hostile page can nest elements very deeply.
void collect_text(const GumboNode* root, TextBuilder& builder) {
  struct Frame {
    const GumboNode* node;
    bool closing;
  };
  std::vector<Frame> stack{{root, false}};
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    const GumboNode* node = frame.node;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      builder.append(node->v.text.text);
      continue;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
        node->type != GUMBO_NODE_TEMPLATE) {
      continue;
    }
    if (node->type == GUMBO_NODE_DOCUMENT) {
      const GumboVector& children = node->v.document.children;
      for (unsigned i = children.length; i > 0; --i) {
        stack.push_back({static_cast<const GumboNode*>(children.data[i - 1]), false});
      }
      continue;
    }
    const GumboElement& element = node->v.element;
    const auto name = element_name(element);
    const bool cell = element.tag == GUMBO_TAG_TD || element.tag == GUMBO_TAG_TH;
    const bool block = is_block(name) || element.tag == GUMBO_TAG_TR ||
                       element.tag == GUMBO_TAG_TABLE || element.tag == GUMBO_TAG_CAPTION;
    if (frame.closing) {
      if (block) builder.line_break();
      if (cell) builder.word_break();
      continue;
    }
    if (element.tag_namespace == GUMBO_NAMESPACE_HTML && contains(k_hidden_elements, name))
      continue;
    if (block) builder.line_break();
    if (cell) builder.word_break();
    stack.push_back({node, true});
    for (unsigned i = element.children.length; i > 0; --i) {
      stack.push_back({static_cast<const GumboNode*>(element.children.data[i - 1]), false});
    }
  }
}

const GumboAttribute* attribute(const GumboElement& element, const char* name) {
  return gumbo_get_attribute(&element.attributes, name);
}

bool has_token(std::string_view list, std::string_view token) {
  const std::string lower = util::to_lower_ascii(list);
  for (auto piece : util::split(lower, ' ')) {
    if (util::trim(piece) == token) return true;
  }
  return false;
}

bool is_feed_type(std::string_view type) {
  const std::string lower = util::to_lower_ascii(util::trim(type.substr(0, type.find(';'))));
  return lower == "application/rss+xml" || lower == "application/atom+xml" ||
         lower == "application/feed+json" || lower == "application/json" ||
         lower == "application/rdf+xml" || lower == "text/xml" || lower == "application/xml";
}

void collect_elements(const GumboNode* root, GumboTag tag, std::vector<const GumboElement*>& out) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    const GumboVector* children = nullptr;
    if (node->type == GUMBO_NODE_DOCUMENT) children = &node->v.document.children;
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      if (node->v.element.tag == tag) out.push_back(&node->v.element);
      children = &node->v.element.children;
    }
    if (children == nullptr) continue;
    for (unsigned i = children->length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
    }
  }
}

}  // namespace

std::optional<std::string> html_to_text_fast(std::string_view html) {
  if (util::has_noncharacter(html)) return std::nullopt;  // the HTML tokenizer replaces them
  // C1 controls read as windows-1252 before the markup, as on the full path: one that
  // stands for nothing is gone before "<" and what follows it are read.
  const auto mapped = c1_as_windows_1252(html);
  return FastHtmlText(mapped ? std::string_view(*mapped) : html).run();
}

std::string html_to_text_full(std::string_view html) {
  // gumbo turns C1 controls into U+FFFD; plain text reads them as windows-1252 (TextBuilder).
  std::optional<std::string> mapped = c1_as_windows_1252(html);
  if (auto clean = without_controls(mapped ? std::string_view(*mapped) : html)) {
    mapped = std::move(clean);
  }
  if (auto clean = without_overflowing_references(mapped ? std::string_view(*mapped) : html)) {
    mapped = std::move(clean);
  }
  if (auto clean = without_select_elements(mapped ? std::string_view(*mapped) : html)) {
    mapped = std::move(clean);
  }
  const GumboDocument document = parse_html(mapped ? std::string_view(*mapped) : html);
  TextBuilder builder;
  collect_text(document->document, builder);
  return std::move(builder).finish();
}

std::string html_to_text(std::string_view html) {
  if (!may_contain_markup(html)) return clean_text(html);
  if (auto text = html_to_text_fast(html)) return std::move(*text);
  return html_to_text_full(html);
}

std::vector<std::string> discover_feed_links(std::string_view html, std::string_view page_url) {
  const auto safe = without_select_elements(html);
  const GumboDocument document = parse_html(safe ? std::string_view(*safe) : html);
  std::string base(page_url);
  std::vector<const GumboElement*> bases;
  collect_elements(document->document, GUMBO_TAG_BASE, bases);
  for (const auto* element : bases) {
    if (const auto* href = attribute(*element, "href")) {
      if (auto resolved = util::resolve_url(base, href->value)) base = *resolved;
      break;
    }
  }
  std::vector<const GumboElement*> links;
  collect_elements(document->document, GUMBO_TAG_LINK, links);
  std::vector<std::string> out;
  for (const auto* element : links) {
    const auto* rel = attribute(*element, "rel");
    const auto* type = attribute(*element, "type");
    const auto* href = attribute(*element, "href");
    if (!rel || !type || !href || !has_token(rel->value, "alternate")) continue;
    if (!is_feed_type(type->value)) continue;
    const std::string_view reference = util::trim(href->value);
    if (reference.empty()) continue;
    auto resolved = util::resolve_url(base, reference);
    std::string url = resolved ? *resolved : std::string(reference);
    bool seen = false;
    for (const auto& existing : out) seen = seen || existing == url;
    if (!seen) out.push_back(std::move(url));
  }
  return out;
}

}  // namespace newsmon::feed
