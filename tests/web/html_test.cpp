#include <catch2/catch.hpp>

#include "daemon/web/html.h"

using namespace newsmon::web;

TEST_CASE("Text and attribute values are escaped, markup comes only from the code", "[web][html]") {
  CHECK(escape_html("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(escape_html("a & \"b\" 'c'") == "a &amp; &quot;b&quot; &#39;c&#39;");
  Html html;
  html.markup("<a").attr("title", "\" onmouseover=\"x").markup(">").text("<b>").markup("</a>");
  CHECK(html.str() == "<a title=\"&quot; onmouseover=&quot;x\">&lt;b&gt;</a>");
}

TEST_CASE("Only http and https links become links, without user names or passwords",
          "[web][html]") {
  CHECK(safe_link("https://example.org/a?b=1") == "https://example.org/a?b=1");
  CHECK(safe_link(" HTTP://example.org/") == "HTTP://example.org/");
  CHECK(safe_link("javascript:alert(1)").empty());
  CHECK(safe_link("data:text/html,<script>").empty());
  CHECK(safe_link("//evil.example/").empty());
  CHECK(safe_link("https://user:secret@example.org/feed?x=@") == "https://example.org/feed?x=@");
}

TEST_CASE("Credentials are removed from every URL a text quotes", "[web][html]") {
  CHECK(strip_url_credentials("POST https://bot:t0ken@hooks.example.org/x failed: 500") ==
        "POST https://hooks.example.org/x failed: 500");
  CHECK(strip_url_credentials("a http://u:p@a.example b https://c.example/@d") ==
        "a http://a.example b https://c.example/@d");
  CHECK(strip_url_credentials("no url here") == "no url here");
}
