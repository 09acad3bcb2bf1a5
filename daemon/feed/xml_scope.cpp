#include "daemon/feed/xml_scope.h"

#include "daemon/util/text.h"
#include "daemon/util/url.h"

namespace newsmon::feed {
namespace {

struct KnownNamespace {
  std::string_view uri;
  Ns ns;
};

// Compared case-insensitively, as feedparser does.
constexpr KnownNamespace k_namespaces[] = {
    {"http://backend.userland.com/rss", Ns::core},
    {"http://backend.userland.com/rss2", Ns::core},
    {"http://blogs.law.harvard.edu/tech/rss", Ns::core},
    {"http://purl.org/rss/1.0/", Ns::rss10},
    {"http://my.netscape.com/rdf/simple/0.9/", Ns::rss090},
    {"http://purl.org/rss/1.0/modules/rss091#", Ns::core},
    {"http://example.com/newformat#", Ns::core},
    {"http://example.com/necho", Ns::core},
    {"http://purl.org/echo/", Ns::core},
    {"uri/of/echo/namespace#", Ns::core},
    {"http://purl.org/pie/", Ns::core},
    {"http://purl.org/atom/ns#", Ns::atom03},
    {"http://www.w3.org/2005/atom", Ns::atom10},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", Ns::rdf},
    {"http://purl.org/rss/1.0/modules/content/", Ns::content},
    {"http://purl.org/dc/elements/1.1/", Ns::dc},
    {"http://purl.org/dc/terms/", Ns::dcterms},
    {"http://search.yahoo.com/mrss/", Ns::media},
    {"http://search.yahoo.com/mrss", Ns::media},
    {"http://www.w3.org/1999/xhtml", Ns::xhtml},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", Ns::itunes},
    {"http://example.com/dtds/podcast-1.0.dtd", Ns::itunes},
    {"http://www.w3.org/xml/1998/namespace", Ns::xml},
};

// What an undeclared prefix most likely means (feeds often forget the declaration).
constexpr KnownNamespace k_conventional_prefixes[] = {
    {"atom", Ns::atom10},     {"content", Ns::content}, {"dc", Ns::dc},
    {"dcterms", Ns::dcterms}, {"media", Ns::media},     {"rdf", Ns::rdf},
    {"itunes", Ns::itunes},   {"xhtml", Ns::xhtml},     {"xml", Ns::xml},
    {"", Ns::core},
};

}  // namespace

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i] && (a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

Ns namespace_of_uri(std::string_view uri) {
  const std::string lower = util::to_lower_ascii(util::trim(uri));
  if (lower.empty()) return Ns::core;
  for (const auto& known : k_namespaces) {
    if (known.uri == lower) return known.ns;
  }
  if (lower.find("backend.userland.com/rss") != std::string::npos) return Ns::core;
  return Ns::other;
}

XmlScope::XmlScope(std::string document_url) {
  m_bases.push_back({std::move(document_url), 0});
}

void XmlScope::enter(pugi::xml_node element) {
  ++m_depth;
  for (const auto& attribute : element.attributes()) {
    const std::string_view name = attribute.name();
    if (name.size() < 5 || name.compare(0, 5, "xmlns") != 0) {
      if (name == "xml:base") {
        const std::string_view value = util::trim(attribute.value());
        auto resolved = util::resolve_url(m_bases.back().url, value);
        m_bases.push_back({resolved ? *resolved : std::string(value), m_depth});
      }
      continue;
    }
    std::string_view prefix;
    if (name.size() > 6 && name[5] == ':') {
      prefix = name.substr(6);
    } else if (name.size() != 5) {
      continue;
    }
    const std::string_view uri = attribute.value();
    m_bindings.push_back({prefix, uri, namespace_of_uri(uri), m_depth});
  }
}

void XmlScope::leave() {
  while (!m_bindings.empty() && m_bindings.back().depth == m_depth) m_bindings.pop_back();
  if (m_bases.size() > 1 && m_bases.back().depth == m_depth) m_bases.pop_back();
  --m_depth;
}

Ns XmlScope::resolve_prefix(std::string_view prefix) const {
  for (auto it = m_bindings.rbegin(); it != m_bindings.rend(); ++it) {
    if (it->prefix == prefix) return it->ns;
  }
  for (const auto& conventional : k_conventional_prefixes) {
    if (conventional.uri == prefix) return conventional.ns;
  }
  return Ns::other;
}

QName XmlScope::name(pugi::xml_node element) const {
  const std::string_view qualified = element.name();
  const auto colon = qualified.find(':');
  if (colon == std::string_view::npos) return {resolve_prefix(""), qualified};
  return {resolve_prefix(qualified.substr(0, colon)), qualified.substr(colon + 1)};
}

Ns XmlScope::attribute_namespace(std::string_view qualified_name) const {
  const auto colon = qualified_name.find(':');
  if (colon == std::string_view::npos) return Ns::other;
  return resolve_prefix(qualified_name.substr(0, colon));
}

const std::string& XmlScope::base() const {
  return m_bases.back().url;
}

std::string_view XmlScope::default_namespace_uri() const {
  for (auto it = m_bindings.rbegin(); it != m_bindings.rend(); ++it) {
    if (it->prefix.empty()) return it->uri;
  }
  return {};
}

}  // namespace newsmon::feed
