// Namespaces and xml:base as the XML reader tracks them while it walks a document.

#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include "daemon/feed/xml_scope.h"

using namespace newsmon::feed;

TEST_CASE("Namespace URIs are recognised whatever their case and spacing", "[feed][xml]") {
  CHECK(namespace_of_uri("http://www.w3.org/2005/Atom") == Ns::atom10);
  CHECK(namespace_of_uri(" http://purl.org/dc/elements/1.1/ ") == Ns::dc);
  CHECK(namespace_of_uri("http://purl.org/rss/1.0/") == Ns::rss10);
  CHECK(namespace_of_uri("") == Ns::core);
  CHECK(namespace_of_uri("http://backend.userland.com/rss092") == Ns::core);
  CHECK(namespace_of_uri("http://example.org/unknown") == Ns::other);
}

TEST_CASE("Element names compare without regard to ASCII case", "[feed][xml]") {
  CHECK(same_name("pubDate", "pubdate"));
  CHECK_FALSE(same_name("pubDate", "pubDates"));
  CHECK_FALSE(same_name("link", "line"));
}

TEST_CASE("Prefixes resolve to the nearest binding, then to their conventional meaning",
          "[feed][xml]") {
  pugi::xml_document document;
  REQUIRE(document.load_string(
      "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:d='http://purl.org/dc/elements/1.1/'>"
      "<entry xmlns:d='http://example.org/other'><d:creator/><dc:date/><title/></entry>"
      "<d:creator/></feed>"));
  XmlScope scope("https://example.org/feed");
  const auto feed = document.child("feed");
  XmlScope::Guard in_feed(scope, feed);
  CHECK(scope.name(feed).is(Ns::atom10, "feed"));
  CHECK(scope.default_namespace_uri() == "http://www.w3.org/2005/Atom");
  {
    const auto entry = feed.child("entry");
    XmlScope::Guard in_entry(scope, entry);
    CHECK(scope.name(entry.child("d:creator")).ns == Ns::other);
    CHECK(scope.name(entry.child("dc:date")).is(Ns::dc, "date"));
    CHECK(scope.name(entry.child("title")).is_feed("TITLE"));
  }
  CHECK(scope.name(feed.child("d:creator")).is(Ns::dc, "creator"));
  CHECK(scope.attribute_namespace("rdf:about") == Ns::rdf);
  CHECK(scope.attribute_namespace("about") == Ns::other);
}

TEST_CASE("xml:base resolves against the enclosing base and ends with its element", "[feed][xml]") {
  pugi::xml_document document;
  REQUIRE(document.load_string(
      "<feed xml:base='https://example.org/news/'><entry xml:base='2024/'/></feed>"));
  XmlScope scope("https://example.org/feed.xml");
  CHECK(scope.base() == "https://example.org/feed.xml");
  const auto feed = document.child("feed");
  XmlScope::Guard in_feed(scope, feed);
  CHECK(scope.base() == "https://example.org/news/");
  {
    XmlScope::Guard in_entry(scope, feed.child("entry"));
    CHECK(scope.base() == "https://example.org/news/2024/");
  }
  CHECK(scope.base() == "https://example.org/news/");
}
