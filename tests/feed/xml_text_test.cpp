// Text constructs: what a title, summary or content element holds, by its declared or
// default type.

#include <catch2/catch.hpp>

#include <pugixml.hpp>
#include <string>

#include "daemon/feed/xml_text.h"

using namespace newsmon::feed;

namespace {

TextConstruct read(const char* xml, DefaultType default_type) {
  pugi::xml_document document;
  REQUIRE(document.load_string(xml));
  return read_text_construct(document.first_child(), default_type);
}

}  // namespace

TEST_CASE("Plain text is escaped for display and kept as it reads", "[feed][xml]") {
  const auto text =
      read("<title type='text'>Tanks &amp; &lt;drones&gt;</title>", DefaultType::html);
  CHECK(text.plain == "Tanks & <drones>");
  CHECK(text.html == "Tanks &amp; &lt;drones&gt;");
}

TEST_CASE("Escaped HTML becomes text without its tags", "[feed][xml]") {
  const auto text =
      read("<description>&lt;p&gt;Air &lt;b&gt;defence&lt;/b&gt;&lt;/p&gt;</description>",
           DefaultType::html);
  CHECK(text.plain == "Air defence");
  CHECK(text.html == "<p>Air <b>defence</b></p>");
}

TEST_CASE("An undeclared title is HTML only when it looks like markup", "[feed][xml]") {
  CHECK(read("<title>5 &lt; 6</title>", DefaultType::guess).plain == "5 < 6");
  CHECK(read("<title>&lt;i&gt;Leopard&lt;/i&gt; tanks</title>", DefaultType::guess).plain ==
        "Leopard tanks");
  CHECK(read("<title>Plain words</title>", DefaultType::guess).html == "Plain words");
}

TEST_CASE("Inline XHTML loses its wrapping div and keeps its markup", "[feed][xml]") {
  const auto text = read(
      "<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>Hello "
      "<em>world</em></p></div></content>",
      DefaultType::text);
  CHECK(text.plain == "Hello world");
  CHECK(text.html.find("<div") == std::string::npos);
  CHECK(text.html.find("<em>world</em>") != std::string::npos);
}

TEST_CASE("Base64 content is decoded, and text that is not base64 is kept", "[feed][xml]") {
  CHECK(
      read("<content mode='base64' type='text/plain'>SGVsbG8gd29ybGQ=</content>", DefaultType::text)
          .plain == "Hello world");
  CHECK(read("<content type='image/png'>not base64 !</content>", DefaultType::text).plain ==
        "not base64 !");
}

TEST_CASE("NUL bytes decoded from base64 are dropped from the text and the HTML", "[feed][xml]") {
  const auto text =
      read("<content mode='base64' type='text/html'>QQA8Yj54PC9iPg==</content>", DefaultType::text);
  CHECK(text.plain == "Ax");
  CHECK(text.html.find('\0') == std::string::npos);
  CHECK(text.html.find("<b>x</b>") != std::string::npos);
}

TEST_CASE("Only the element's own character data is its text", "[feed][xml]") {
  pugi::xml_document document;
  REQUIRE(document.load_string("<a>one <![CDATA[<two>]]><b>skipped</b> three</a>"));
  CHECK(element_text(document.child("a")) == "one <two> three");
}
