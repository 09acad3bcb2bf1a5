#include <catch2/catch.hpp>

#include <string>

#include "daemon/feed/entities.h"
#include "daemon/feed/parse.h"
#include "daemon/feed/text.h"
#include "tests/feed/samples.h"

using namespace newsmon::feed;
using namespace newsmon::test;

TEST_CASE("HTML named references are looked up case-sensitively", "[feed][entities]") {
  CHECK(html_entity("eacute") == std::optional<std::string_view>("é"));
  CHECK(html_entity("Eacute") == std::optional<std::string_view>("É"));
  CHECK(html_entity("nbsp") == std::optional<std::string_view>("\xC2\xA0"));
  CHECK(html_entity("CounterClockwiseContourIntegral") == std::optional<std::string_view>("∳"));
  CHECK_FALSE(html_entity("notanentity"));
  CHECK_FALSE(html_entity(""));
}

TEST_CASE("Legacy references are recognised as prefixes", "[feed][entities]") {
  CHECK(legacy_html_entity_prefix("copy2023") == 4);
  CHECK(legacy_html_entity_prefix("notit") == 3);
  CHECK(legacy_html_entity_prefix("Tom") == 0);
}

TEST_CASE("Numeric references follow HTML's error handling", "[feed][entities]") {
  CHECK(html_numeric_reference(0x41) == U'A');
  CHECK(html_numeric_reference(0x93) == U'\u201C');  // windows-1252 left double quote
  CHECK(html_numeric_reference(0) == U'\uFFFD');
  CHECK(html_numeric_reference(0xD800) == U'\uFFFD');
  CHECK(html_numeric_reference(0x110000) == U'\uFFFD');
}

TEST_CASE("Undeclared HTML entities in XML become characters outside CDATA and comments",
          "[feed][entities]") {
  std::string document =
      "<t a=\"&eacute;\">caf&eacute;&nbsp;&amp;&lt;&#233;&unknown;</t>"
      "<![CDATA[&eacute;]]><!-- &eacute; --><u>&LT;&mdash;</u>";
  const auto expansion = expand_entities_for_xml(document, 1u << 20);
  CHECK(expansion.rewritten == 5);
  CHECK(expansion.refused == 0);
  CHECK(document ==
        "<t a=\"é\">café\xC2\xA0&amp;&lt;&#233;&unknown;</t>"
        "<![CDATA[&eacute;]]><!-- &eacute; --><u>&#60;—</u>");
}

TEST_CASE("Entities declared in the internal DTD subset are expanded, nesting ones are not",
          "[feed][entities]") {
  std::string document =
      "<!DOCTYPE rss [<!ENTITY org \"Example \"Co\"\"><!ENTITY ok 'plain'>"
      "<!ENTITY nest \"&ok;&ok;\"><!ENTITY ext SYSTEM \"http://x/\">]>"
      "<rss a=\"&ok;\">&ok; &nest; &ext;</rss>";
  expand_entities_for_xml(document, 1u << 20);
  CHECK(document.find("<rss a=\"plain\">plain &nest; &ext;</rss>") != std::string::npos);
}

TEST_CASE("A document without references is left untouched", "[feed][entities]") {
  std::string document = "<rss><title>Plain &amp; simple</title></rss>";
  CHECK(expand_entities_for_xml(document, 1u << 20).rewritten == 0);
  CHECK(document == "<rss><title>Plain &amp; simple</title></rss>");
}

TEST_CASE("Numeric references to no character become U+FFFD", "[feed][entities]") {
  // pugixml writes &#x110000; as bytes that are not UTF-8 and ends the text at &#0; (found
  // by fuzzing).
  std::string document =
      "<t a='&#0;'>&#0;&#xD800;&#x110000;&#99999999999999999999;&#233;&#x10FFFF;</t>";
  CHECK(expand_entities_for_xml(document, 1u << 20).rewritten == 5);
  CHECK(document == "<t a='&#xFFFD;'>&#xFFFD;&#xFFFD;&#xFFFD;&#xFFFD;&#233;&#x10FFFF;</t>");
  const auto parsed = parse_feed(
      "<rss><channel><item><title>A &#0; B &#xDFFF; C &#x110000; D</title></item></channel></rss>");
  REQUIRE(parsed.items.size() == 1);
  CHECK(parsed.items[0].title == "A \uFFFD B \uFFFD C \uFFFD D");
}

TEST_CASE("Expansion stays within the document's size again and within the limit",
          "[feed][entities]") {
  const std::string doctype = "<!DOCTYPE rss [<!ENTITY ten \"0123456789\">]>";
  std::string uses;
  for (int i = 0; i < 20; ++i) uses += "&ten;";
  SECTION("declared entities add at most as many bytes as the document has") {
    std::string document = doctype + "<t>" + uses + "</t>";
    REQUIRE(document.size() == 150);
    const auto expansion = expand_entities_for_xml(document, 1u << 20);
    CHECK(expansion.rewritten == 15);  // 15 × 10 bytes ≤ 150
    CHECK(expansion.refused == 5);
    CHECK(document.size() == 150 + 15 * (10 - 5));
  }
  SECTION("no reference takes the document past the limit") {
    std::string document = "<t>&nGt;&nGt;</t>";  // each five bytes, six once expanded
    const auto expansion = expand_entities_for_xml(document, document.size() + 1);
    CHECK(expansion.rewritten == 1);
    CHECK(expansion.refused == 1);
    CHECK(document == "<t>\u226B\u20D2&nGt;</t>");
  }
}

TEST_CASE("Every named reference in the table decodes as gumbo decodes it", "[feed][entities]") {
  // The table is generated; gumbo carries its own copy of the standard's list.
  const auto table = html_entities();
  CHECK(table.size() == 2125);
  for (const auto& [name, text] : table) {
    INFO(name);
    CHECK(html_to_text_full("x&" + std::string(name) + ";x") ==
          clean_text("x" + std::string(text) + "x"));
  }
}

TEST_CASE("Undeclared HTML entities in an XML feed are read as HTML means them", "[feed][broken]") {
  const auto parsed = parse_broken("html-entities.xml");
  CHECK(parsed.report.well_formed);
  CHECK(parsed.feed.title == "Café & Co News");
  REQUIRE(parsed.items.size() == 1);
  CHECK(parsed.items[0].title == "Ministère des Armées — «livraison»");
  CHECK(parsed.items[0].link == "https://entities.example.fr/1?a=1&b=2");
  CHECK(parsed.items[0].summary == "In CDATA é stays HTML");
}

TEST_CASE("Entities declared in the DTD expand, without nested expansion", "[feed][broken]") {
  const auto parsed = parse_broken("dtd-entities.xml");
  CHECK(parsed.feed.title == "Example Defence Ministry press releases");
  REQUIRE(parsed.items.size() == 1);
  CHECK(parsed.items[0].title == "Example Defence Ministry statement");
  CHECK(parsed.items[0].id == "&lol2;");
}

TEST_CASE("One entity used many times cannot make a feed much larger than it is",
          "[feed][limits]") {
  // 200 KB: an 8 KB entity used 20,000 times would have made a 160 MB summary.
  const std::string doctype = "<!DOCTYPE rss [<!ENTITY w \"" + std::string(8000, 'w') + " \">]>\n";
  std::string uses;
  for (int i = 0; i < 20'000; ++i) uses += "&w;";
  const std::string document =
      rss(rss_item("Amplified", uses) + rss_item("Next", "plain"), doctype);
  REQUIRE(document.size() > 60'000);
  const ParsedFeed parsed = parse_feed(document);
  REQUIRE(parsed.items.size() == 2);
  CHECK(parsed.items[0].summary.size() <= 2 * document.size());
  CHECK(text_bytes(parsed) <= 4 * document.size());
  CHECK(parsed.items[0].summary.find(std::string(8000, 'w')) != std::string::npos);
  CHECK(parsed.items[0].summary.find("&w;") != std::string::npos);
  CHECK(parsed.items[1].summary == "plain");
  CHECK(parsed.report.well_formed);
  CHECK_THAT(parsed.report.error, Catch::Contains("entity references were left as written"));
}

TEST_CASE("A declared entity used a few times is still expanded in full", "[feed][limits]") {
  const ParsedFeed parsed = parse_feed(
      rss(rss_item("&org;", "&org; said &org;"), "<!DOCTYPE rss [<!ENTITY org \"Ministry\">]>\n"));
  REQUIRE(parsed.items.size() == 1);
  CHECK(parsed.items[0].title == "Ministry");
  CHECK(parsed.items[0].summary == "Ministry said Ministry");
  CHECK(parsed.report.error.empty());
}
