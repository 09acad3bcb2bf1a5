#include <catch2/catch.hpp>

#include "daemon/feed/charset.h"
#include "daemon/feed/parse.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"
#include "tests/support/paths.h"

using newsmon::feed::decode_document;
using newsmon::feed::DocumentSyntax;
using newsmon::feed::parse_content_type;
using newsmon::feed::parse_feed;

namespace {

std::string sample(const std::string& name) {
  auto text = newsmon::util::read_file(newsmon::test::data_dir() / "feed" / "charsets" / name);
  REQUIRE(text);
  return *text;
}

newsmon::feed::ParsedFeed parse_sample(const std::string& name, std::string content_type = {}) {
  return parse_feed(sample(name), {"", std::move(content_type)});
}

}  // namespace

TEST_CASE("Content-Type headers give their media type and charset", "[feed][charset]") {
  CHECK(parse_content_type("application/rss+xml; charset=UTF-8").charset == "utf-8");
  CHECK(parse_content_type("Text/XML;charset= \"us-ascii\"").media_type == "text/xml");
  CHECK(parse_content_type("text/xml;charset= \"us-ascii\"").charset == "us-ascii");
  CHECK(parse_content_type("text/xml;charset = 'koi8-r'").charset == "koi8-r");
  CHECK(parse_content_type("text/xml; charset:iso-8859-1").charset.empty());
  CHECK(parse_content_type("").media_type.empty());
}

TEST_CASE("Legacy charsets named in the XML declaration are converted to UTF-8",
          "[feed][charset]") {
  SECTION("windows-1251") {
    const auto feed = parse_sample("windows-1251.xml");
    CHECK(feed.report.encoding == "windows-1251");
    CHECK(feed.feed.title == "Новости");
    REQUIRE(feed.items.size() == 1);
    CHECK(feed.items[0].title == "Танки для Польши");
  }
  SECTION("KOI8-R") {
    CHECK(parse_sample("koi8-r.xml").feed.title == "Известия");
  }
  SECTION("Shift_JIS") {
    CHECK(parse_sample("shift_jis.xml").feed.title == "日本のニュース");
  }
  SECTION("GB2312, read as its superset GB18030") {
    const auto feed = parse_sample("gb2312.xml");
    CHECK(feed.feed.title == "中文新闻");
    CHECK(feed.report.encoding == "gb18030");
  }
  SECTION("Big5") {
    CHECK(parse_sample("big5.xml").feed.title == "中文新聞");
  }
  SECTION("ISO-8859-7") {
    CHECK(parse_sample("iso-8859-7.xml").feed.title == "Ειδήσεις");
  }
  SECTION("ISO-8859-1") {
    CHECK(parse_sample("iso-8859-1.xml").feed.title == "Défense française");
  }
}

TEST_CASE("Byte-order marks and the first bytes reveal UTF-16, UTF-32 and UTF-8",
          "[feed][charset]") {
  SECTION("UTF-16LE with a mark") {
    const auto feed = parse_sample("utf-16le-bom.xml");
    CHECK(feed.report.encoding == "utf-16le");
    CHECK(feed.feed.title == "UTF-16 Überschrift");
  }
  SECTION("UTF-16BE without a mark") {
    const auto feed = parse_sample("utf-16be-no-bom.xml");
    CHECK(feed.report.encoding == "utf-16be");
    CHECK(feed.feed.title == "UTF-16 big endian");
  }
  SECTION("UTF-32LE with a mark") {
    CHECK(parse_sample("utf-32le-bom.xml").feed.title == "UTF-32 Straße");
  }
  SECTION("UTF-8 with a mark") {
    const auto feed = parse_sample("utf-8-bom.xml");
    CHECK(feed.report.encoding == "utf-8");
    CHECK(feed.feed.title == "BOM and Ünïcödé");
  }
}

TEST_CASE("The HTTP charset of an XML media type overrides the XML declaration",
          "[feed][charset]") {
  // The bytes are windows-1251; the declaration says so too, but the header decides.
  const auto feed = parse_sample("windows-1251.xml", "application/rss+xml; charset=koi8-r");
  CHECK(feed.report.encoding == "koi8-r");
  CHECK(feed.feed.title != "Новости");
}

TEST_CASE(
    "text/xml without a charset means us-ascii, and non-ASCII falls back to the "
    "declaration with a warning",
    "[feed][charset]") {
  const auto ascii = parse_sample("unknown-charset.xml", "text/xml");
  CHECK(ascii.report.encoding == "us-ascii");
  const auto feed = parse_sample("windows-1251.xml", "text/xml");
  CHECK(feed.report.encoding == "windows-1251");
  CHECK(feed.feed.title == "Новости");
  REQUIRE(feed.report.warnings.size() == 1);
  CHECK(feed.report.warnings[0] == "declared as us-ascii, read as windows-1251");
}

TEST_CASE("A server's default single-byte charset does not garble a UTF-8 document",
          "[feed][charset]") {
  const auto feed = parse_sample("utf8-declared.xml", "application/rss+xml; charset=iso-8859-1");
  CHECK(feed.report.encoding == "utf-8");
  CHECK(feed.feed.title == "Déjà vu");
}

TEST_CASE("A document declared UTF-8 but written in Latin-1 is read as windows-1252",
          "[feed][charset]") {
  const auto feed = parse_sample("latin1-declared-utf8.xml");
  CHECK(feed.report.encoding == "windows-1252");
  CHECK(feed.feed.title == "Café crème");
  CHECK(feed.report.warnings ==
        std::vector<std::string>{"declared as utf-8, read as windows-1252"});
}

TEST_CASE("A UTF-8 document with one broken byte keeps its text and replaces the byte",
          "[feed][charset]") {
  const auto feed = parse_sample("utf8-with-bad-byte.xml");
  CHECK(feed.report.encoding == "utf-8");
  CHECK(feed.feed.title == "Zürich, Genève, Köln \xEF\xBF\xBD broken");
  CHECK(feed.report.is_feed);
}

TEST_CASE("An encoding iconv does not know falls back without failing", "[feed][charset]") {
  const auto feed = parse_sample("unknown-charset.xml");
  CHECK(feed.report.encoding == "utf-8");
  CHECK(feed.feed.title == "Unknown charset, plain ASCII");
  CHECK(feed.report.warnings.size() == 1);
}

TEST_CASE("A declared charset with bytes no charset name has is ignored", "[feed][charset]") {
  // iconv skips such bytes and opens "ms-an\xFAsi" as MS-ANSI; the name was then reported
  // as the encoding, bytes that are not UTF-8 (found by fuzzing).
  const std::string document =
      "<?xml version=\"1.0\" encoding=\"ms-an\xFAsi\"?><rss><channel><title>\x80</title>"
      "</channel></rss>";
  const auto declared = parse_feed(document, {"", "application/xml"});
  CHECK(declared.report.encoding == "windows-1252");
  CHECK(declared.feed.title == "\u20AC");
  const auto header = parse_feed(document, {"", "text/xml; charset=\"x\xFAy\""});
  CHECK(header.report.encoding == "windows-1252");
  REQUIRE(header.report.warnings.size() == 1);
  CHECK(header.report.warnings[0] ==
        "the declared charset is not a charset name; read as windows-1252");
  // Such a name is no candidate either: iconv opens "" as the locale's charset.
  const auto decoded =
      decode_document("<rss/>", "text/x; charset=\r\f-<\xD4rss", DocumentSyntax::xml);
  CHECK(decoded.encoding == "utf-8");
}

TEST_CASE("Text double-encoded as UTF-8 of Latin-1 is restored", "[feed][charset]") {
  CHECK(parse_sample("double-encoded.xml").feed.title == "Café double encoded");
}

TEST_CASE("Decoding never fails and always yields valid UTF-8", "[feed][charset]") {
  const std::string junk = "<?xml version=\"1.0\" encoding=\"us-ascii\"?>\xff\xfe\x80\x81";
  const auto decoded = decode_document(junk, "text/plain", DocumentSyntax::xml);
  CHECK(newsmon::util::is_valid_utf8(decoded.text));
  CHECK_FALSE(decoded.encoding.empty());
}

TEST_CASE("JSON honours its byte-order mark and ignores XML rules", "[feed][charset]") {
  const std::string utf8 = "\xEF\xBB\xBF{\"a\": \"\xC3\xA9\"}";
  const auto decoded = decode_document(utf8, "application/feed+json", DocumentSyntax::json);
  CHECK(decoded.encoding == "utf-8");
  CHECK(decoded.text == "{\"a\": \"\xC3\xA9\"}");
}
