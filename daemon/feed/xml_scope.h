#pragma once
// What pugixml leaves to its user: XML namespaces and xml:base. Elements are named by
// (namespace, local name) so "dc:date", "<date xmlns='http://purl.org/dc/elements/1.1/'>"
// and an undeclared "dc:date" all read alike.

#include <pugixml.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsmon::feed {

/// The namespaces the parser knows. `core` covers RSS's and the other vocabularies
/// feedparser reads as plain feed elements.
enum class Ns : unsigned char {
  core,
  rss090,
  rss10,
  atom03,
  atom10,
  rdf,
  content,
  dc,
  dcterms,
  media,
  xhtml,
  itunes,
  xml,
  other
};

/// RSS, RDF-RSS and Atom elements share names and meanings (title, link, ...).
inline bool is_feed_vocabulary(Ns ns) {
  return ns == Ns::core || ns == Ns::rss090 || ns == Ns::rss10 || ns == Ns::atom03 ||
         ns == Ns::atom10;
}

/// Feed element names compare without regard to ASCII case: feedparser and iTunes read
/// <TiTlE> as <title>, and CDF writes <ITEM>.
bool same_name(std::string_view a, std::string_view b);

struct QName {
  Ns ns = Ns::other;
  std::string_view local;

  bool is(Ns expected, std::string_view name) const {
    return ns == expected && same_name(local, name);
  }
  /// A feed-vocabulary element with this local name.
  bool is_feed(std::string_view name) const {
    return is_feed_vocabulary(ns) && same_name(local, name);
  }
};

Ns namespace_of_uri(std::string_view uri);

/// The namespace and xml:base in force while walking a document depth-first. Call
/// enter() on the way into an element (before naming it) and leave() on the way out.
/// Holds views into the document: it must not outlive it.
class XmlScope {
 public:
  explicit XmlScope(std::string document_url);

  void enter(pugi::xml_node element);
  void leave();
  QName name(pugi::xml_node element) const;
  /// The namespace of a prefixed attribute name ("rdf:about"); unprefixed ones are `other`.
  Ns attribute_namespace(std::string_view qualified_name) const;
  /// The URL relative references resolve against here; empty when unknown.
  const std::string& base() const;
  /// The URI bound to the default namespace here ("" when none).
  std::string_view default_namespace_uri() const;

  /// Enters on construction, leaves on destruction.
  class Guard {
   public:
    Guard(XmlScope& scope, pugi::xml_node element) : m_scope(scope) { m_scope.enter(element); }
    ~Guard() { m_scope.leave(); }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

   private:
    XmlScope& m_scope;
  };

 private:
  struct Binding {
    std::string_view prefix;
    std::string_view uri;
    Ns ns;
    std::size_t depth;
  };
  struct Base {
    std::string url;
    std::size_t depth;
  };
  Ns resolve_prefix(std::string_view prefix) const;

  std::vector<Binding> m_bindings;
  std::vector<Base> m_bases;
  std::size_t m_depth = 0;
};

}  // namespace newsmon::feed
