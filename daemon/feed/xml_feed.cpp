#include "daemon/feed/xml_feed.h"

#include <pugixml.hpp>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "daemon/feed/date.h"
#include "daemon/feed/text.h"
#include "daemon/feed/xml_entry.h"
#include "daemon/feed/xml_scope.h"
#include "daemon/feed/xml_text.h"
#include "daemon/util/text.h"

namespace newsmon::feed {
namespace {

using util::to_lower_ascii;
using util::trim;

// More resynchronisations than this and the document is junk, not a feed with a flaw.
constexpr int k_max_resyncs = 64;

struct EntryElement {
  pugi::xml_node element;
  std::size_t item_index;
};

// The feed-level fields of a channel (RSS) or feed (Atom) element.
class ChannelReader {
 public:
  ChannelReader(XmlScope& scope, ParsedFeed& out) : m_scope(scope), m_out(out) {}

  void read(pugi::xml_node channel) {
    if (const auto href = channel.attribute("href")) {
      m_out.feed.link = resolve_reference(href.value(), m_scope.base());  // CDF
    }
    for (auto child = channel.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      XmlScope::Guard guard(m_scope, child);
      read_element(child, m_scope.name(child));
    }
  }

  void finish() {
    FeedInfo& feed = m_out.feed;
    if (!feed.updated.has_value() && m_published.has_value()) feed.updated = m_published;
    if (feed.link.empty() && is_web_url(feed.id)) feed.link = feed.id;
  }

  std::vector<EntryElement>& entries() { return m_entries; }

  void add_entry(pugi::xml_node element) {
    m_entries.push_back({element, m_out.items.size()});
    m_out.items.push_back(read_entry(element, m_scope));
  }

 private:
  void read_element(pugi::xml_node element, const QName& name) {
    FeedInfo& feed = m_out.feed;
    if (name.is_feed("item") || name.is_feed("entry")) return add_entry(element);
    if (name.is_feed("title") || name.is(Ns::dc, "title")) return set_title(element);
    if (name.is_feed("link")) return read_link(element);
    if (name.is_feed("id")) {
      feed.id = std::string(trim(element_text(element)));
      return;
    }
    if (name.is_feed("language") || name.is(Ns::dc, "language")) {
      feed.language = clean_text(element_text(element));
      return;
    }
    if (name.is_feed("description") || name.is_feed("subtitle") || name.is_feed("tagline") ||
        name.is(Ns::dc, "description")) {
      if (feed.description.empty()) {
        feed.description = read_text_construct(element, DefaultType::guess).plain;
      }
      return;
    }
    if (name.is_feed("lastBuildDate") || name.is_feed("updated") || name.is_feed("modified") ||
        name.is(Ns::dc, "date") || name.is(Ns::dcterms, "modified")) {
      feed.updated = parse_date(element_text(element));
      return;
    }
    if (name.is_feed("pubDate") || name.is_feed("published") || name.is_feed("issued")) {
      m_published = parse_date(element_text(element));
      return;
    }
    if (name.is_feed("ttl")) return read_ttl(element);
    if (name.is_feed("skipHours")) return read_skip_hours(element);
    if (name.is_feed("skipDays")) return read_skip_days(element);
  }

  void set_title(pugi::xml_node element) {
    if (m_has_title) return;
    TextConstruct title = read_text_construct(element, DefaultType::guess);
    std::replace(title.plain.begin(), title.plain.end(), '\n', ' ');
    m_out.feed.title = std::move(title.plain);
    m_has_title = true;
  }

  void read_link(pugi::xml_node element) {
    FeedInfo& feed = m_out.feed;
    const pugi::xml_attribute href = element.attribute("href");
    if (!href) {
      const std::string text(trim(element_text(element)));
      if (!text.empty()) feed.link = resolve_reference(text, m_scope.base());
      return;
    }
    const std::string url = resolve_reference(href.value(), m_scope.base());
    const std::string rel = to_lower_ascii(trim(element.attribute("rel").value()));
    if (url.empty()) return;
    if (rel == "self") return add_unique(feed.self_links, url);
    if (rel == "hub") return add_unique(feed.hub_links, url);
    if (!rel.empty() && rel != "alternate") return;
    const std::string type = to_lower_ascii(trim(element.attribute("type").value()));
    if (type.empty() || type == "text/html" || type == "application/xhtml+xml") feed.link = url;
  }

  static void add_unique(std::vector<std::string>& list, const std::string& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
  }

  void read_ttl(pugi::xml_node element) {
    const std::string text(trim(element_text(element)));
    if (text.empty() || text.size() > 9 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return;
    }
    m_out.feed.ttl_minutes = std::stoi(text);
  }

  void read_skip_hours(pugi::xml_node element) {
    for (auto hour : element.children()) {
      if (hour.type() != pugi::node_element) continue;
      const std::string text(trim(element_text(hour)));
      if (text.empty() || text.size() > 2 ||
          !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        continue;
      }
      const int value = std::stoi(text) % 24;  // some feeds write 24 for midnight
      auto& hours = m_out.feed.skip_hours;
      if (std::find(hours.begin(), hours.end(), value) == hours.end()) hours.push_back(value);
    }
  }

  void read_skip_days(pugi::xml_node element) {
    constexpr std::string_view k_days[] = {"monday", "tuesday",  "wednesday", "thursday",
                                           "friday", "saturday", "sunday"};
    for (auto day : element.children()) {
      if (day.type() != pugi::node_element) continue;
      const std::string text = to_lower_ascii(trim(element_text(day)));
      for (auto known : k_days) {
        if (text != known) continue;
        std::string name(known);
        name[0] = static_cast<char>(name[0] - 'a' + 'A');
        add_unique(m_out.feed.skip_days, name);
      }
    }
  }

  XmlScope& m_scope;
  ParsedFeed& m_out;
  std::vector<EntryElement> m_entries;
  Date m_published;
  bool m_has_title = false;
};

FeedFormat rss_version(std::string_view version) {
  version = trim(version);
  if (version == "0.90") return FeedFormat::rss090;
  if (version == "0.91") return FeedFormat::rss091;
  if (version == "0.92") return FeedFormat::rss092;
  if (version == "0.93") return FeedFormat::rss093;
  if (version == "0.94") return FeedFormat::rss094;
  return FeedFormat::rss20;
}

FeedFormat detect_format(pugi::xml_node root, const QName& name, const XmlScope& scope) {
  if (same_name(name.local, "rss") || same_name(name.local, "channel")) {
    return rss_version(root.attribute("version").value());
  }
  if (name.local == "RDF") {
    const Ns ns = namespace_of_uri(scope.default_namespace_uri());
    if (ns == Ns::rss090) return FeedFormat::rss090;
    return FeedFormat::rss10;
  }
  if (name.local == "feed") {
    if (name.ns == Ns::atom03 || trim(root.attribute("version").value()) == "0.3") {
      return FeedFormat::atom03;
    }
    return FeedFormat::atom10;
  }
  return FeedFormat::unknown;
}

pugi::xml_node first_element(pugi::xml_node parent) {
  for (auto child = parent.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) return child;
  }
  return {};
}

std::string_view skip_prolog(std::string_view text) {
  for (;;) {
    text = trim(text);
    if (text.starts_with("<?") || text.starts_with("<!--")) {
      const auto end = text.find(text.starts_with("<?") ? "?>" : "-->");
      if (end == std::string_view::npos) return {};
      text.remove_prefix(end + (text[1] == '?' ? 2 : 3));
      continue;
    }
    return text;
  }
}

// An HTML page where a feed was expected: a bot wall, a login form, a site's front page.
bool looks_like_html_page(std::string_view text) {
  const std::string start = to_lower_ascii(skip_prolog(text).substr(0, 512));
  return start.starts_with("<!doctype html") || start.starts_with("<html") ||
         start.starts_with("<head") || start.starts_with("<body");
}

std::string describe_status(const pugi::xml_parse_result& result) {
  switch (result.status) {
    case pugi::status_end_element_mismatch: return "an end tag does not match its start tag";
    case pugi::status_unrecognized_tag: return "malformed tag";
    case pugi::status_bad_start_element: return "malformed start tag";
    case pugi::status_bad_end_element: return "malformed end tag";
    case pugi::status_bad_attribute: return "malformed attribute";
    case pugi::status_bad_cdata: return "unterminated CDATA section";
    case pugi::status_bad_comment: return "unterminated comment";
    case pugi::status_no_document_element: return "no root element";
    default: return result.description();
  }
}

// "line 12, column 4" of a byte offset, counting columns in characters.
std::string describe_position(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const auto before = text.substr(0, offset);
  const auto line = std::count(before.begin(), before.end(), '\n') + 1;
  const auto line_start = before.rfind('\n');
  const auto column_bytes =
      before.substr(line_start == std::string_view::npos ? 0 : line_start + 1);
  const auto column =
      std::count_if(column_bytes.begin(), column_bytes.end(),
                    [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }) +
      1;
  if (trim(text.substr(offset)).size() <= 1) {
    return fmt::format("line {}, column {} (end of document)", line, column);
  }
  return fmt::format("line {}, column {}", line, column);
}

// Whether the element whose name starts at `name_offset` has its end tag in `text` before
// `limit`. pugixml overwrites each '<' that ends character data with a NUL when parsing in
// place, so the check reads the original text.
bool has_end_tag(std::string_view text, std::size_t name_offset, std::string_view name,
                 std::size_t limit) {
  const std::string needle = fmt::format("</{}", name);
  for (auto at = text.find(needle, name_offset); at != std::string_view::npos && at < limit;
       at = text.find(needle, at + 1)) {
    std::size_t end = at + needle.size();
    while (end < text.size() &&
           (text[end] == ' ' || text[end] == '\t' || text[end] == '\n' || text[end] == '\r')) {
      ++end;
    }
    if (end < text.size() && text[end] == '>') return true;
  }
  return false;
}

// The start tag of an element, copied from the original text (for resynchronising).
std::string start_tag_text(std::string_view text, std::size_t name_offset) {
  char quote = '\0';
  for (std::size_t i = name_offset; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != '\0') {
      if (c == quote) quote = '\0';
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      std::string tag = "<" + std::string(text.substr(name_offset, i - name_offset));
      if (!tag.empty() && tag.back() == '/') tag.pop_back();
      return tag + ">";
    }
  }
  return {};
}

// Where the next entry starts after an error: "<item" or "<entry" (or the entry name the
// document uses) followed by white space or '>'.
std::optional<std::size_t> next_entry_start(std::string_view text, std::size_t from,
                                            std::string_view entry_name) {
  const std::string needle = fmt::format("<{}", entry_name);
  for (auto at = text.find(needle, from); at != std::string_view::npos;
       at = text.find(needle, at + 1)) {
    const std::size_t after = at + needle.size();
    if (after < text.size() && (text[after] == '>' || text[after] == ' ' || text[after] == '\t' ||
                                text[after] == '\n' || text[after] == '\r' || text[after] == '/')) {
      return at;
    }
  }
  return std::nullopt;
}

struct PassResult {
  bool parsed_ok = true;
  std::size_t error_offset = 0;
  std::string error;
  std::string root_tag;     // start tag of the root, to rebuild a document around the rest
  std::string wrapper_tag;  // start tag of the entries' parent when it is not the root
  std::string entry_name;   // qualified name the entries use
};

class XmlFeedReader {
 public:
  XmlFeedReader(const std::string& url, ParsedFeed& out) : m_url(url), m_out(out) {}

  void read(std::string_view text) {
    PassResult pass = read_pass(text, Pass::first);
    if (pass.parsed_ok) return;
    m_out.report.well_formed = false;
    m_out.report.error = pass.error;
    if (!m_out.report.is_feed) return;
    std::size_t recovered = 0;
    std::string rest_document;
    std::string_view current = text;
    for (int resync = 0; resync < k_max_resyncs && !pass.parsed_ok; ++resync) {
      const auto start = next_entry_start(current, pass.error_offset, pass.entry_name);
      if (!start) break;
      const std::size_t before = m_out.items.size();
      std::string next = pass.root_tag + pass.wrapper_tag + std::string(current.substr(*start));
      rest_document = std::move(next);
      current = rest_document;
      const std::string root_tag = pass.root_tag;
      const std::string wrapper_tag = pass.wrapper_tag;
      const std::string entry_name = pass.entry_name;
      pass = read_pass(current, Pass::resync);
      pass.root_tag = root_tag;
      pass.wrapper_tag = wrapper_tag;
      pass.entry_name = entry_name;
      recovered += m_out.items.size() - before;
      if (pass.error_offset <= root_tag.size() + wrapper_tag.size()) break;
    }
    if (recovered > 0) {
      m_out.report.error += fmt::format("; {} more {} read after it", recovered,
                                        recovered == 1 ? "entry was" : "entries were");
    }
  }

 private:
  enum class Pass { first, resync };

  PassResult read_pass(std::string_view text, Pass kind) {
    std::string buffer(text);
    pugi::xml_document document;
    const pugi::xml_parse_result parsed = document.load_buffer_inplace(
        buffer.data(), buffer.size(), pugi::parse_default, pugi::encoding_utf8);
    PassResult pass;
    pass.parsed_ok = static_cast<bool>(parsed);
    pass.error_offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0));
    if (!pass.parsed_ok) {
      const bool at_end = trim(text.substr(std::min(pass.error_offset, text.size()))).size() <= 1;
      pass.error = fmt::format("{}: {}", describe_position(text, pass.error_offset),
                               at_end ? "the document ends before its elements are closed "
                                        "(a truncated download?)"
                                      : describe_status(parsed));
    }
    const pugi::xml_node root = first_element(document);
    if (!root) {
      if (kind == Pass::first && looks_like_html_page(text)) m_out.report.is_html_page = true;
      return pass;
    }
    XmlScope scope(m_url);
    XmlScope::Guard guard(scope, root);
    const QName name = scope.name(root);
    if (to_lower_ascii(name.local) == "html") {
      m_out.report.is_html_page = true;
      return pass;
    }
    const FeedFormat format = detect_format(root, name, scope);
    if (format == FeedFormat::unknown) {
      if (kind == Pass::first && looks_like_html_page(text)) m_out.report.is_html_page = true;
      return pass;
    }
    if (kind == Pass::first) {
      m_out.feed.format = format;
      m_out.report.is_feed = true;
      read_language(root);
    }
    ParsedFeed scratch;
    ParsedFeed& target = kind == Pass::first ? m_out : scratch;
    ChannelReader reader(scope, target);
    read_root(root, name, format, scope, reader);
    if (kind == Pass::first) reader.finish();
    if (!pass.parsed_ok) drop_unfinished_entry(text, buffer, pass, reader, target);
    if (kind == Pass::resync) {
      for (auto& item : scratch.items) m_out.items.push_back(std::move(item));
    }
    pass.root_tag = start_tag_text(text, static_cast<std::size_t>(root.name() - buffer.data()));
    describe_entries(reader, buffer, text, pass);
    return pass;
  }

  void read_root(pugi::xml_node root, const QName& name, FeedFormat format, XmlScope& scope,
                 ChannelReader& reader) {
    if (format == FeedFormat::atom03 || format == FeedFormat::atom10 ||
        same_name(name.local, "channel")) {
      reader.read(root);
      return;
    }
    for (auto child = root.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      XmlScope::Guard guard(scope, child);
      const QName child_name = scope.name(child);
      if (child_name.is_feed("channel")) {
        reader.read(child);
      } else if (child_name.is_feed("item") || child_name.is_feed("entry")) {
        reader.add_entry(child);
      }
    }
  }

  void read_language(pugi::xml_node root) {
    const std::string_view lang = root.attribute("xml:lang").value();
    if (!lang.empty()) m_out.feed.language = std::string(trim(lang));
  }

  // The entry the fault interrupted is incomplete: keeping it would store a story cut
  // short, and a later poll of the repaired feed would not replace it.
  static void drop_unfinished_entry(std::string_view text, const std::string& buffer,
                                    const PassResult& pass, ChannelReader& reader,
                                    ParsedFeed& target) {
    auto& entries = reader.entries();
    if (entries.empty()) return;
    const EntryElement& last = entries.back();
    const auto name_offset = static_cast<std::size_t>(last.element.name() - buffer.data());
    if (has_end_tag(text, name_offset, last.element.name(), pass.error_offset)) return;
    target.items.erase(target.items.begin() + static_cast<std::ptrdiff_t>(last.item_index));
    entries.pop_back();
  }

  static void describe_entries(ChannelReader& reader, const std::string& buffer,
                               std::string_view text, PassResult& pass) {
    pass.entry_name = "item";
    if (reader.entries().empty()) return;
    const pugi::xml_node entry = reader.entries().back().element;
    pass.entry_name = entry.name();
    const pugi::xml_node parent = entry.parent();
    if (parent && parent.parent() && parent.parent().type() != pugi::node_document) {
      pass.wrapper_tag =
          start_tag_text(text, static_cast<std::size_t>(parent.name() - buffer.data()));
    }
  }

  const std::string& m_url;
  ParsedFeed& m_out;
};

}  // namespace

void read_xml_feed(std::string_view text, const std::string& url, ParsedFeed& out) {
  XmlFeedReader(url, out).read(text);
}

}  // namespace newsmon::feed
