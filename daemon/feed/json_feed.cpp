#include "daemon/feed/json_feed.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include <fmt/format.h>

#include "daemon/feed/date.h"
#include "daemon/feed/parse.h"
#include "daemon/feed/text.h"
#include "daemon/feed/xml_entry.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"

namespace newsmon::feed {
namespace {

using nlohmann::json;

// Builds the document like nlohmann's own DOM builder, but remembers whether a parse
// error struck inside an item, so the partial document can still be used.
class RecoveringBuilder {
 public:
  explicit RecoveringBuilder(json& root) : m_dom(root, false) {}

  bool null() { return m_dom.null(); }
  bool boolean(bool value) { return m_dom.boolean(value); }
  bool number_integer(json::number_integer_t value) { return m_dom.number_integer(value); }
  bool number_unsigned(json::number_unsigned_t value) { return m_dom.number_unsigned(value); }
  bool number_float(json::number_float_t value, const std::string& text) {
    return m_dom.number_float(value, text);
  }
  bool string(std::string& value) { return m_dom.string(value); }
  bool binary(json::binary_t& value) { return m_dom.binary(value); }
  bool start_object(std::size_t size) {
    ++m_depth;
    return m_dom.start_object(size);
  }
  bool key(std::string& value) {
    if (m_depth == 1) m_root_key = value;
    return m_dom.key(value);
  }
  bool end_object() {
    --m_depth;
    return m_dom.end_object();
  }
  bool start_array(std::size_t size) {
    ++m_depth;
    return m_dom.start_array(size);
  }
  bool end_array() {
    --m_depth;
    return m_dom.end_array();
  }
  bool parse_error(std::size_t position, const std::string& token,
                   const nlohmann::detail::exception& error) {
    m_error_position = position;
    m_error = error.what();
    m_in_item_at_error = m_root_key == "items" && m_depth >= 3;
    (void)token;
    return m_dom.parse_error(position, token, error);
  }

  std::size_t error_position() const { return m_error_position; }
  const std::string& error() const { return m_error; }
  bool in_item_at_error() const { return m_in_item_at_error; }

 private:
  nlohmann::detail::json_sax_dom_parser<json> m_dom;
  int m_depth = 0;
  std::string m_root_key;
  std::size_t m_error_position = 0;
  std::string m_error;
  bool m_in_item_at_error = false;
};

// "\u0000" is valid JSON but no text of a feed: it is dropped like a raw NUL byte.
std::string without_nul(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), '\0'), text.end());
  return text;
}

std::string string_field(const json& object, const char* name) {
  const auto found = object.find(name);
  if (found == object.end()) return {};
  if (found->is_string()) return without_nul(found->get<std::string>());
  if (found->is_number_integer() || found->is_number_unsigned()) return found->dump();
  return {};
}

std::string guessed_text(const std::string& text) {
  return may_contain_markup(text) ? html_to_text(text) : clean_text(text);
}

void read_people(const json& object, std::vector<Person>& out, const std::string& base) {
  const auto add = [&](const json& author) {
    if (!author.is_object()) return;
    Person person{clean_text(string_field(author, "name")),
                  {},
                  resolve_reference(string_field(author, "url"), base)};
    if (!person.name.empty() || !person.uri.empty()) out.push_back(std::move(person));
  };
  if (auto authors = object.find("authors"); authors != object.end() && authors->is_array()) {
    for (const auto& author : *authors) add(author);
  } else if (auto author = object.find("author"); author != object.end()) {
    add(*author);
  }
}

void read_attachments(const json& item, std::vector<Enclosure>& out, const std::string& base) {
  const auto attachments = item.find("attachments");
  if (attachments == item.end() || !attachments->is_array()) return;
  for (const auto& attachment : *attachments) {
    if (!attachment.is_object()) continue;
    Enclosure enclosure{resolve_reference(string_field(attachment, "url"), base),
                        string_field(attachment, "mime_type"), std::nullopt};
    if (enclosure.url.empty()) continue;
    if (auto size = attachment.find("size_in_bytes");
        size != attachment.end() && size->is_number_integer()) {
      enclosure.length = size->get<std::int64_t>();
    }
    out.push_back(std::move(enclosure));
  }
}

void read_content(const json& item, Item& out) {
  if (std::string html = string_field(item, "content_html"); !html.empty()) {
    out.content = html_to_text(html);
    out.content_html = std::move(html);
  } else if (std::string text = string_field(item, "content_text"); !text.empty()) {
    out.content = clean_text(text);
    out.content_html = escape_html(text);
  }
  if (std::string summary = string_field(item, "summary"); !summary.empty()) {
    out.summary = guessed_text(summary);
    out.summary_html = escape_html(summary);
  }
}

Item read_item(const json& item, const std::string& base) {
  Item out;
  out.id = std::string(util::trim(string_field(item, "id")));
  out.link = resolve_reference(string_field(item, "url"), base);
  if (out.link.empty()) out.link = resolve_reference(string_field(item, "external_url"), base);
  const std::string title = string_field(item, "title");
  out.title = guessed_text(title);
  out.title_html = escape_html(title);
  read_content(item, out);
  out.published = parse_date(string_field(item, "date_published"));
  out.updated = parse_date(string_field(item, "date_modified"));
  read_people(item, out.authors, base);
  if (auto tags = item.find("tags"); tags != item.end() && tags->is_array()) {
    for (const auto& tag : *tags) {
      if (tag.is_string() && !tag.get<std::string>().empty()) {
        out.categories.push_back(clean_text(tag.get<std::string>()));
      }
    }
  }
  read_attachments(item, out.enclosures, base);
  return out;
}

FeedFormat json_feed_version(const json& root) {
  const std::string version = string_field(root, "version");
  if (version.find("jsonfeed.org/version/1.1") != std::string::npos) return FeedFormat::json11;
  if (version.find("jsonfeed.org/version/1") != std::string::npos) return FeedFormat::json10;
  if (auto items = root.find("items"); items != root.end() && items->is_array()) {
    return FeedFormat::json11;
  }
  return FeedFormat::unknown;
}

void read_feed_info(const json& root, const std::string& base, FeedInfo& feed) {
  feed.title = guessed_text(string_field(root, "title"));
  feed.link = resolve_reference(string_field(root, "home_page_url"), base);
  feed.description = guessed_text(string_field(root, "description"));
  feed.language = string_field(root, "language");
  if (std::string self = resolve_reference(string_field(root, "feed_url"), base); !self.empty()) {
    feed.self_links.push_back(std::move(self));
  }
  if (auto hubs = root.find("hubs"); hubs != root.end() && hubs->is_array()) {
    for (const auto& hub : *hubs) {
      if (!hub.is_object()) continue;
      std::string url = resolve_reference(string_field(hub, "url"), base);
      if (!url.empty()) feed.hub_links.push_back(std::move(url));
    }
  }
}

}  // namespace

bool looks_like_json(std::string_view text) {
  const std::string_view trimmed = util::trim(text);
  return !trimmed.empty() && trimmed.front() == '{';
}

void read_json_feed(std::string_view text, const std::string& url, ParsedFeed& out) {
  json root;
  RecoveringBuilder builder(root);
  const bool ok = json::sax_parse(text, &builder, json::input_format_t::json, true);
  if (!ok) {
    out.report.well_formed = false;
    // nlohmann quotes the token it read last: possibly long, possibly cut mid-character.
    out.report.error = util::truncate_utf8(
        util::repair_utf8(fmt::format("byte {}: {}", builder.error_position(), builder.error())),
        300);
  }
  if (!root.is_object()) return;
  out.feed.format = json_feed_version(root);
  if (out.feed.format == FeedFormat::unknown) return;
  out.report.is_feed = true;
  std::string base = url;
  if (base.empty()) base = string_field(root, "feed_url");
  read_feed_info(root, base, out.feed);
  const auto items = root.find("items");
  if (items == root.end() || !items->is_array()) return;
  std::size_t count = items->size();
  if (!ok && builder.in_item_at_error() && count > 0) --count;  // the item cut short
  for (std::size_t i = 0; i < count; ++i) {
    if ((*items)[i].is_object()) out.items.push_back(read_item((*items)[i], base));
  }
}

}  // namespace newsmon::feed
