#include "daemon/feed/xml_entry.h"

#include <algorithm>

#include "daemon/feed/date.h"
#include "daemon/feed/text.h"
#include "daemon/feed/xml_text.h"
#include "daemon/util/crypto.h"
#include "daemon/util/text.h"
#include "daemon/util/url.h"

namespace newsmon::feed {
namespace {

using util::to_lower_ascii;
using util::trim;

// Where an entry's title came from: a later source only wins with a higher rank.
enum class TitleRank { none, media, plain };

class EntryReader {
 public:
  explicit EntryReader(XmlScope& scope) : m_scope(scope) {}

  Item read(pugi::xml_node entry) {
    const std::string_view about = entry.attribute("rdf:about").value();
    if (!about.empty()) m_item.id = std::string(trim(about));
    read_cdf_attributes(entry);
    read_children(entry);
    if (m_item.link.empty() && m_guid_is_permalink && !m_guid.empty()) {
      std::string resolved = resolve_reference(m_guid, m_guid_base);
      if (is_web_url(resolved)) m_item.link = std::move(resolved);
    }
    return std::move(m_item);
  }

 private:
  // CDF puts an item's address and date in attributes: <ITEM HREF="..." LASTMOD="...">.
  void read_cdf_attributes(pugi::xml_node entry) {
    for (const auto& attribute : entry.attributes()) {
      if (same_name(attribute.name(), "href")) {
        m_item.link = resolve_reference(attribute.value(), m_scope.base());
      } else if (same_name(attribute.name(), "lastmod")) {
        m_item.updated = parse_date(attribute.value());
      }
    }
  }

  void read_children(pugi::xml_node parent) {
    for (auto child = parent.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      XmlScope::Guard guard(m_scope, child);
      read_element(child, m_scope.name(child));
    }
  }

  void read_element(pugi::xml_node element, const QName& name) {
    if (is_feed_vocabulary(name.ns)) return read_feed_element(element, name.local);
    switch (name.ns) {
      case Ns::dc: return read_dublin_core(element, name.local);
      case Ns::dcterms: return read_dublin_core_terms(element, name.local);
      case Ns::content:
        if (name.local == "encoded") set_content(element, DefaultType::html);
        return;
      case Ns::media: return read_media(element, name.local);
      case Ns::xhtml:
        if (name.local == "body") set_content(element, DefaultType::html);
        return;
      case Ns::itunes:
        if (name.local == "summary" && !m_has_summary) set_summary(element);
        return;
      default: return;
    }
  }

  void read_feed_element(pugi::xml_node element, std::string_view name) {
    const std::string lower = to_lower_ascii(name);
    const std::string_view local = lower;
    if (local == "title") return set_title(element, TitleRank::plain);
    if (local == "link") return read_link(element);
    if (local == "guid" || local == "id") return read_guid(element);
    if (local == "description" || local == "summary" || local == "abstract") {
      return set_summary(element);
    }
    if (local == "content") return set_content(element, DefaultType::text);  // Atom's default
    if (local == "fullitem" || local == "body") return set_content(element, DefaultType::html);
    if (local == "pubdate" || local == "published" || local == "issued") {
      m_item.published = parse_date(element_text(element));
      return;
    }
    if (local == "updated" || local == "modified") {
      m_item.updated = parse_date(element_text(element));
      return;
    }
    if (local == "author") return read_author(element);
    if (local == "category") return read_category(element);
    if (local == "enclosure") return read_enclosure(element);
  }

  void read_dublin_core(pugi::xml_node element, std::string_view local) {
    if (local == "title") return set_title(element, TitleRank::plain);
    if (local == "date") m_item.updated = parse_date(element_text(element));
    if (local == "creator" || local == "author") {
      add_author(parse_person_text(clean_text(element_text(element))));
    }
    if (local == "subject") add_category(element_text(element));
    if (local == "description") set_summary(element);
  }

  void read_dublin_core_terms(pugi::xml_node element, std::string_view local) {
    if (local == "issued") m_item.published = parse_date(element_text(element));
    if (local == "modified") m_item.updated = parse_date(element_text(element));
  }

  void read_media(pugi::xml_node element, std::string_view local) {
    if (local == "group") return read_children(element);
    if (local == "title") return set_title(element, TitleRank::media);
    if (local == "description" && !m_has_summary) return set_summary(element);
    if (local == "category") return add_category(element_text(element));
    if (local == "keywords") {
      for (auto keyword : util::split(element_text(element), ',')) add_category(keyword);
      return;
    }
    if (local == "content") {
      const std::string url = resolve_reference(element.attribute("url").value(), m_scope.base());
      add_enclosure(url, element.attribute("type").value(), element.attribute("fileSize").value());
      return read_children(element);
    }
  }

  void set_title(pugi::xml_node element, TitleRank rank) {
    if (rank <= m_title_rank) return;
    TextConstruct title = read_text_construct(element, DefaultType::guess);
    if (title.plain.empty() && title.html.empty()) return;
    std::replace(title.plain.begin(), title.plain.end(), '\n', ' ');
    m_item.title = std::move(title.plain);
    m_item.title_html = std::move(title.html);
    m_title_rank = rank;
  }

  void set_summary(pugi::xml_node element) {
    // A second description where there is no content yet is the full text (feedparser).
    if (m_has_summary && !m_has_content) return set_content(element, DefaultType::html);
    if (m_has_summary) return;
    const Ns ns = m_scope.name(element).ns;
    const bool atom = ns == Ns::atom10 || ns == Ns::atom03;
    TextConstruct summary =
        read_text_construct(element, atom ? DefaultType::text : DefaultType::html);
    m_item.summary = std::move(summary.plain);
    m_item.summary_html = std::move(summary.html);
    m_has_summary = true;
  }

  void set_content(pugi::xml_node element, DefaultType default_type) {
    if (m_has_content) return;
    TextConstruct content = read_text_construct(element, default_type);
    m_item.content = std::move(content.plain);
    m_item.content_html = std::move(content.html);
    m_has_content = true;
  }

  void read_link(pugi::xml_node element) {
    const pugi::xml_attribute href = element.attribute("href");
    if (!href) {
      const std::string text(trim(element_text(element)));
      if (!text.empty()) m_item.link = resolve_reference(text, m_scope.base());
      return;
    }
    const std::string rel = to_lower_ascii(trim(element.attribute("rel").value()));
    const std::string url = resolve_reference(href.value(), m_scope.base());
    if (rel == "enclosure") {
      add_enclosure(url, element.attribute("type").value(), element.attribute("length").value());
      return;
    }
    if (!rel.empty() && rel != "alternate") return;
    const std::string type = to_lower_ascii(trim(element.attribute("type").value()));
    if (!type.empty() && type != "text/html" && type != "application/xhtml+xml") return;
    if (!url.empty()) m_item.link = url;  // the last alternate wins, as in feedparser
  }

  void read_guid(pugi::xml_node element) {
    const std::string text(trim(element_text(element)));
    if (text.empty()) return;
    m_item.id = text;
    const std::string permalink = to_lower_ascii(trim(element.attribute("isPermaLink").value()));
    m_guid_is_permalink = permalink.empty() || permalink == "true";
    m_guid = text;
    m_guid_base = m_scope.base();
  }

  void read_author(pugi::xml_node element) {
    Person person;
    bool structured = false;
    for (auto child = element.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      structured = true;
      const std::string_view local = m_scope.name(child).local;
      const std::string value = clean_text(element_text(child));
      if (local == "name") person.name = value;
      if (local == "email") person.email = value;
      if (local == "uri" || local == "url" || local == "homepage") {
        person.uri = resolve_reference(value, m_scope.base());
      }
    }
    if (!structured) person = parse_person_text(clean_text(element_text(element)));
    add_author(std::move(person));
  }

  void add_author(Person person) {
    if (person.name.empty() && person.email.empty() && person.uri.empty()) return;
    for (const auto& existing : m_item.authors) {
      if (existing.name == person.name && existing.email == person.email) return;
    }
    m_item.authors.push_back(std::move(person));
  }

  void read_category(pugi::xml_node element) {
    const std::string_view term = element.attribute("term").value();
    add_category(term.empty() ? std::string_view(element_text(element)) : term);
  }

  void add_category(std::string_view raw) {
    std::string category = clean_text(raw);
    if (category.empty()) return;
    if (std::find(m_item.categories.begin(), m_item.categories.end(), category) !=
        m_item.categories.end()) {
      return;
    }
    m_item.categories.push_back(std::move(category));
  }

  void read_enclosure(pugi::xml_node element) {
    std::string_view url = element.attribute("url").value();
    if (url.empty()) url = element.attribute("href").value();
    add_enclosure(resolve_reference(url, m_scope.base()), element.attribute("type").value(),
                  element.attribute("length").value());
  }

  void add_enclosure(const std::string& url, std::string_view type, std::string_view length) {
    if (url.empty()) return;
    for (const auto& existing : m_item.enclosures) {
      if (existing.url == url) return;
    }
    Enclosure enclosure{url, std::string(trim(type)), std::nullopt};
    const std::string_view digits = trim(length);
    if (!digits.empty() && digits.size() < 19 &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      enclosure.length = std::stoll(std::string(digits));
    }
    m_item.enclosures.push_back(std::move(enclosure));
  }

  XmlScope& m_scope;
  Item m_item;
  TitleRank m_title_rank = TitleRank::none;
  bool m_has_summary = false;
  bool m_has_content = false;
  bool m_guid_is_permalink = false;
  std::string m_guid;
  std::string m_guid_base;
};

bool has_scheme(std::string_view reference) {
  const auto colon = reference.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = reference[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

bool is_script_url(std::string_view url) {
  if (!has_scheme(url)) return false;
  const std::string scheme = to_lower_ascii(url.substr(0, url.find(':')));
  return scheme == "javascript" || scheme == "vbscript" || scheme == "data";
}

// A reference as a browser reads it (WHATWG URL): tabs and line breaks anywhere are dropped
// and so are C0 controls and spaces around it, which makes "java\tscript:" a script URL.
std::string as_browsers_read(std::string_view reference) {
  std::string out;
  out.reserve(reference.size());
  for (const char c : reference) {
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  }
  const auto is_space_or_control = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!out.empty() && is_space_or_control(out.back())) out.pop_back();
  std::size_t start = 0;
  while (start < out.size() && is_space_or_control(out[start])) ++start;
  return out.substr(start);
}

}  // namespace

Item read_entry(pugi::xml_node entry, XmlScope& scope) {
  return EntryReader(scope).read(entry);
}

std::string resolve_reference(std::string_view reference, const std::string& base) {
  std::string resolved = as_browsers_read(reference);
  if (resolved.empty()) return {};
  if (!has_scheme(resolved) && !base.empty()) {
    if (auto absolute = util::resolve_url(base, resolved)) resolved = std::move(*absolute);
  }
  // The base may be a script URL too: xml:base is the feed's to choose.
  return is_script_url(resolved) ? std::string() : resolved;
}

bool is_web_url(std::string_view url) {
  const std::string lower = to_lower_ascii(url.substr(0, 8));
  return lower.starts_with("http://") || lower.starts_with("https://");
}

void finish_item(Item& item) {
  if (!item.id.empty()) return;
  item.id_is_fallback = true;
  if (!item.link.empty()) {
    item.id = item.link;
    return;
  }
  const std::string& text = item.content.empty() ? item.summary : item.content;
  item.id = "sha256:" + util::sha256_hex(item.title + "\n" + text);
}

Person parse_person_text(std::string_view text) {
  Person person;
  text = trim(text);
  const auto at = text.find('@');
  if (at == std::string_view::npos) {
    person.name = std::string(text);
    return person;
  }
  // "email (Name)" as RSS writes it, or "Name <email>" as mail does.
  const auto open = text.find_first_of("(<");
  if (open != std::string_view::npos) {
    const char closer = text[open] == '(' ? ')' : '>';
    const auto close = text.find(closer, open);
    const std::string_view inside = text.substr(
        open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1);
    const std::string_view outside = trim(text.substr(0, open));
    if (inside.find('@') != std::string_view::npos) {
      person.email = std::string(trim(inside));
      person.name = std::string(outside);
    } else {
      person.email = std::string(outside);
      person.name = std::string(trim(inside));
    }
    return person;
  }
  person.email = std::string(text);
  return person;
}

}  // namespace newsmon::feed
