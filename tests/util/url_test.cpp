#include <catch2/catch.hpp>

#include "daemon/util/url.h"

using namespace newsmon::util;

TEST_CASE("Relative references resolve against the base URL", "[util]") {
  CHECK(resolve_url("https://example.org/news/rss.xml", "/story/1").value() ==
        "https://example.org/story/1");
  CHECK(resolve_url("https://example.org/news/rss.xml", "story/2").value() ==
        "https://example.org/news/story/2");
  CHECK(resolve_url("https://example.org/news/", "https://other.org/x").value() ==
        "https://other.org/x");
  CHECK_FALSE(resolve_url("", "story/2").ok());
}

TEST_CASE("A resolved URL always parses again", "[util]") {
  // Found by fuzzing: curl resolves "file:x" against an https base to "file://x", a file
  // URL with a host, which it then refuses to parse.
  CHECK_FALSE(resolve_url("https://fuzz.example.org/", "file:P7source").ok());
  CHECK(resolve_url("https://fuzz.example.org/", "file:///etc/feed.xml").value() ==
        "file:///etc/feed.xml");
  // The same without a base.
  CHECK_FALSE(resolve_url("", "file:e:th%t").ok());
  CHECK(resolve_url("", "file:/etc/feed.xml").value() == "file:///etc/feed.xml");
}

TEST_CASE("Scheme and host are read in lower case", "[util]") {
  CHECK(url_scheme("HTTPS://Example.ORG/a") == "https");
  CHECK(url_host("https://Example.ORG:8080/a") == "example.org");
  CHECK(url_scheme("not a url") == "");
}

TEST_CASE("Canonical links drop tracking parameters, fragments and www", "[util]") {
  CHECK(
      canonical_link("https://www.Example.org/world/story-1/?utm_source=rss&utm_medium=feed#top") ==
      "https://example.org/world/story-1");
  CHECK(canonical_link("http://example.org/a?id=7&fbclid=xyz&page=2") ==
        "https://example.org/a?id=7&page=2");
  SECTION("different stories stay different") {
    CHECK(canonical_link("https://example.org/a?id=7") !=
          canonical_link("https://example.org/a?id=8"));
  }
  SECTION("text that is not a web address is kept") {
    CHECK(canonical_link("urn:uuid:1234") == "urn:uuid:1234");
  }
}
