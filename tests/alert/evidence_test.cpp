// What an alert shows as its reason: cleaned hits and the sentence that shows them best.

#include <catch2/catch.hpp>

#include "daemon/alert/evidence.h"

using namespace newsmon;
using namespace newsmon::alert;
using rules::Field;
using rules::Hit;

namespace {

std::string marked(const store::Snippet& snippet) {
  std::string text;
  std::size_t at = 0;
  for (const auto& span : snippet.highlights) {
    text += snippet.text.substr(at, span.start - at) + "[" +
            snippet.text.substr(span.start, span.end - span.start) + "]";
    at = span.end;
  }
  return text + snippet.text.substr(at);
}

std::size_t characters(const std::string& text) {
  std::size_t count = 0;
  for (const char byte : text) count += (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  return count;
}

}  // namespace

TEST_CASE("Cleaned hits have no function words, repeats or overlaps, in field order",
          "[alert][evidence]") {
  const std::vector<Hit> hits{
      {Field::summary, 40, 46, "IRIS-T"}, {Field::summary, 40, 50, "IRIS-T SLM"},
      {Field::title, 20, 22, "to"},       {Field::title, 4, 8, "send"},
      {Field::summary, 12, 15, "For"},    {Field::title, 4, 8, "send"},
      {Field::title, 9, 15, "Abrams"}};
  const auto cleaned = clean_hits(hits);
  REQUIRE(cleaned.size() == 3);
  CHECK(cleaned[0].field == Field::title);
  CHECK(cleaned[0].text == "send");
  CHECK(cleaned[1].text == "Abrams");
  CHECK(cleaned[1].start == 9);
  CHECK(cleaned[1].end == 15);
  CHECK(cleaned[2].field == Field::summary);
  CHECK(cleaned[2].text == "IRIS-T SLM");
  CHECK(clean_hits({{Field::title, 3, 3, "empty"}}).empty());
}

TEST_CASE("The snippet is the sentence with the most distinct hits, marked", "[alert][evidence]") {
  const rules::Story story{
      "NATO chief urges South Korea to send weapons",
      "NATO's chief visited Seoul on Monday. He urged South Korea to send weapons to Ukraine, "
      "as Poland buys K2 tanks. The U.S. said nothing.",
      ""};
  const std::vector<Hit> hits{{Field::title, 0, 4, "NATO"},
                              {Field::summary, 0, 4, "NATO"},
                              {Field::summary, 47, 58, "South Korea"},
                              {Field::summary, 62, 66, "send"},
                              {Field::summary, 67, 74, "weapons"},
                              {Field::summary, 78, 85, "Ukraine"}};
  const auto snippet = snippet_of(story, hits);
  CHECK(snippet.field == Field::summary);
  CHECK(marked(snippet) ==
        "He urged [South Korea] to [send] [weapons] to [Ukraine], as Poland buys K2 tanks.");

  SECTION("abbreviations and initials do not end a sentence") {
    const rules::Story abbreviated{"", "The U.S. will send 31 Abrams tanks to Ukraine.", ""};
    const auto cut = snippet_of(abbreviated, {{Field::summary, 22, 28, "Abrams"}});
    CHECK(marked(cut) == "The U.S. will send 31 [Abrams] tanks to Ukraine.");
  }
  SECTION("the title serves only when nothing else has a hit") {
    const auto title_only = snippet_of(story, {{Field::title, 0, 4, "NATO"}});
    CHECK(title_only.field == Field::title);
    CHECK(marked(title_only) == "[NATO] chief urges South Korea to send weapons");
  }
  SECTION("no hit in the text: no snippet") {
    CHECK(snippet_of(story, {}).text.empty());
  }
}

TEST_CASE("A long sentence is cut around its hits to 300 characters", "[alert][evidence]") {
  std::string sentence;
  for (int i = 0; i < 40; ++i) sentence += "Überall wird geredet, ";
  const std::size_t hit_at = sentence.size();
  sentence += "Abrams tanks reach Kyiv";
  for (int i = 0; i < 40; ++i) sentence += ", und noch mehr";
  sentence += ".";
  const rules::Story story{"", sentence, ""};
  const auto snippet = snippet_of(story, {{Field::summary, hit_at, hit_at + 6, "Abrams"}});
  CHECK(characters(snippet.text) <= k_snippet_characters);
  CHECK_THAT(snippet.text, Catch::StartsWith("…") && Catch::EndsWith("…"));
  REQUIRE(snippet.highlights.size() == 1);
  const auto& span = snippet.highlights[0];
  CHECK(snippet.text.substr(span.start, span.end - span.start) == "Abrams");
}
