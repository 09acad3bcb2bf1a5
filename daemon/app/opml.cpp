#include "daemon/app/opml.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "daemon/util/text.h"
#include "daemon/util/url.h"

namespace newsmon::app {
namespace {

int line_of(std::string_view text, std::ptrdiff_t offset) {
  if (offset < 0) return 0;
  const auto end =
      text.begin() + std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(text.size()));
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

std::string attribute(const pugi::xml_node& node, const char* name) {
  // OPML in the wild varies the case of attribute names (xmlUrl, xmlurl, XMLURL).
  for (const auto& attr : node.attributes()) {
    if (util::iequals_ascii(attr.name(), name)) return std::string(util::trim(attr.value()));
  }
  return {};
}

class Reader {
 public:
  Reader(std::string_view text, const std::filesystem::path& source)
      : m_text(text), m_source(source) {}

  void walk(const pugi::xml_node& parent, std::vector<std::string>& folders) {
    for (const auto& outline : parent.children()) {
      if (!util::iequals_ascii(outline.name(), "outline")) continue;
      const auto url = attribute(outline, "xmlUrl");
      auto title = attribute(outline, "title");
      if (title.empty()) title = attribute(outline, "text");
      if (url.empty()) {
        folders.push_back(title);
        walk(outline, folders);
        folders.pop_back();
        continue;
      }
      add_feed(outline, url, std::move(title), folders);
    }
  }

  OpmlDocument document;

 private:
  void add_feed(const pugi::xml_node& outline, const std::string& url, std::string title,
                const std::vector<std::string>& folders) {
    const int line = line_of(m_text, outline.offset_debug());
    const auto scheme = util::url_scheme(url);
    if (scheme != "http" && scheme != "https") {
      document.warnings.push_back(fmt::format("{}:{}: skipped '{}': not an http:// or https:// URL",
                                              m_source.string(), line, url));
      return;
    }
    OpmlFeed feed;
    feed.url = url;
    feed.title = std::move(title);
    feed.site_url = attribute(outline, "htmlUrl");
    feed.line = line;
    for (const auto& folder : folders) {
      if (!folder.empty()) feed.categories.push_back(folder);
    }
    const auto category_list = attribute(outline, "category");
    for (const auto piece : util::split(category_list, ',')) {
      const auto category = util::trim(piece);
      if (!category.empty()) feed.categories.emplace_back(category.substr(category.front() == '/'));
    }
    document.feeds.push_back(std::move(feed));
  }

  std::string_view m_text;
  const std::filesystem::path& m_source;
};

}  // namespace

util::Result<OpmlDocument> read_opml(std::string_view text, const std::filesystem::path& source) {
  pugi::xml_document xml;
  const auto parsed = xml.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!parsed) {
    return util::make_error("{}:{}: not well-formed XML: {}", source.string(),
                            line_of(text, parsed.offset), parsed.description());
  }
  const auto root = xml.document_element();
  if (!util::iequals_ascii(root.name(), "opml")) {
    return util::make_error("{}:{}: not an OPML file: the root element is <{}>, not <opml>",
                            source.string(), line_of(text, root.offset_debug()), root.name());
  }
  Reader reader(text, source);
  reader.document.title = std::string(util::trim(root.child("head").child_value("title")));
  std::vector<std::string> folders;
  reader.walk(root.child("body"), folders);
  return std::move(reader.document);
}

util::Result<OpmlDocument> read_opml_file(const std::filesystem::path& path) {
  auto text = util::read_file(path);
  if (!text) return text.error();
  return read_opml(*text, path);
}

std::string write_opml(const std::string& title, const std::vector<OpmlFeed>& feeds) {
  pugi::xml_document xml;
  auto declaration = xml.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  auto opml = xml.append_child("opml");
  opml.append_attribute("version") = "2.0";
  opml.append_child("head").append_child("title").text() = title.c_str();
  auto body = opml.append_child("body");
  for (const auto& feed : feeds) {
    auto outline = body.append_child("outline");
    const auto& text = feed.title.empty() ? feed.url : feed.title;
    outline.append_attribute("type") = "rss";
    outline.append_attribute("text") = text.c_str();
    outline.append_attribute("title") = text.c_str();
    outline.append_attribute("xmlUrl") = feed.url.c_str();
    if (!feed.site_url.empty()) outline.append_attribute("htmlUrl") = feed.site_url.c_str();
    if (!feed.categories.empty()) {
      outline.append_attribute("category") = util::join(feed.categories, ",").c_str();
    }
  }
  std::ostringstream out;
  xml.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace newsmon::app
