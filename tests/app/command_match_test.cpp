#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tests/support/paths.h"
#include "tests/support/process.h"

// Inputs come before --rules here: --rules takes every argument that follows it.

using namespace newsmon::test;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

std::vector<json> lines_of(const std::string& out) {
  std::vector<json> lines;
  std::size_t start = 0;
  while (start < out.size()) {
    auto end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    if (end > start) lines.push_back(json::parse(out.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

std::string rules_file() {
  return (data_dir() / "rules/arms.yaml").string();
}

}  // namespace

TEST_CASE("newsmon match prints one line per JSON Lines story in the documented shape",
          "[app][match]") {
  const auto result = run_newsmon(
      {"match", (data_dir() / "rules/stories.jsonl").string(), "--rules", rules_file()});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() == 4);
  // Events come from the extractor (its own tests cover them): here only their place.
  auto first = lines[0];
  REQUIRE(first["matches"].size() == 1);
  CHECK(first["matches"][0]["events"].is_array());
  first["matches"][0].erase("events");
  CHECK(first == json::parse(R"({"id":"s1","topics":["arms_transfer"],"matches":[
    {"rule":"arms-transfer-ukraine","topics":["arms_transfer"],"severity":"high",
     "hits":[{"field":"title","start":3,"end":10,"text":"commits"},
             {"field":"title","start":14,"end":20,"text":"Abrams"},
             {"field":"title","start":21,"end":26,"text":"tanks"},
             {"field":"title","start":30,"end":37,"text":"Ukraine"}]}]})"));
  CHECK(lines[1] == json::parse(R"({"id":"s2","topics":[],"matches":[]})"));
  CHECK(lines[2]["id"] == "s3");
  CHECK(lines[2]["topics"] == json::array({"alliance_diplomacy"}));
  REQUIRE(lines[2]["matches"].size() == 1);
  CHECK(lines[2]["matches"][0]["rule"] == "nato-korea");
  CHECK(lines[3] == json::parse(R"({"id":"s4","topics":[],"matches":[]})"));
}

TEST_CASE("newsmon match --explain shows what masks and exceptions removed", "[app][match]") {
  const auto result =
      run_newsmon({"match", "--explain", (data_dir() / "rules/stories.jsonl").string(), "--rules",
                   rules_file()});
  REQUIRE(result.exit_code == 0);
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() == 4);
  CHECK_FALSE(lines[0]["matches"][0].contains("removed"));
  REQUIRE(lines[3].contains("dropped"));
  CHECK(lines[3]["dropped"][0]["rule"] == "arms-transfer-ukraine");
  CHECK_THAT(lines[3]["dropped"][0]["removed"][0].get<std::string>(),
             Contains("exception \"title:(review OR obituary)\" matched \"review\" (title 5-11)"));
}

TEST_CASE("newsmon match reads standard input when no file is given", "[app][match]") {
  TempDir dir;
  const auto input = dir / "in.jsonl";
  write_file(input, "{\"id\":\"x\",\"title\":\"Germany sells Leopard 2 tanks to Ukraine\"}\n");
  const auto result = run({"/bin/sh", "-c",
                           "\"" + newsmon_executable().string() + "\" match --rules \"" +
                               rules_file() + "\" < \"" + input.string() + "\""});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["topics"] == json::array({"arms_transfer"}));
}

TEST_CASE("newsmon match reads RSS and JSON Feed documents", "[app][match]") {
  const auto result =
      run_newsmon({"match", (data_dir() / "rules/feed.xml").string(),
                   (data_dir() / "rules/feed.json").string(), "--rules", rules_file()});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0]["id"] == "rss-1");
  CHECK(lines[0]["topics"] == json::array({"arms_transfer"}));
  CHECK(lines[1]["id"] == "rss-2");
  CHECK(lines[1]["matches"].empty());
  CHECK(lines[2]["id"] == "jf-1");
  CHECK(lines[2]["topics"] == json::array({"arms_transfer"}));
  CHECK(lines[3]["matches"].empty());
}

TEST_CASE("newsmon match exits 1 with every rule error and matches nothing", "[app][match]") {
  const auto result = run_newsmon({"match", (data_dir() / "rules/stories.jsonl").string(),
                                   "--rules", (data_dir() / "rules/broken.yaml").string()});
  CHECK(result.exit_code == 1);
  CHECK(result.out.empty());
  CHECK_THAT(result.err,
             Contains("broken.yaml:3:23: error: rule 'broken': this '(' is never closed"));
  CHECK_THAT(result.err, Contains("broken.yaml:5:13: error: rule 'also-broken': unknown list"));
}

TEST_CASE("newsmon match reports bad input lines and keeps going", "[app][match]") {
  TempDir dir;
  const auto input = dir / "in.jsonl";
  write_file(input, "{\"id\":\"a\",\"title\":\"tanks\"}\nnot json\n[1]\n{\"id\":\"b\"}\n");
  const auto result = run_newsmon({"match", input.string(), "--rules", rules_file()});
  CHECK(result.exit_code == 1);
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["id"] == "a");
  CHECK(lines[1]["id"] == "b");
  CHECK_THAT(result.err, Contains("in.jsonl:2: not valid JSON"));
  CHECK_THAT(result.err, Contains("in.jsonl:3: not a JSON object"));
}

TEST_CASE("newsmon match classifies the shared development corpus", "[app][match]") {
  const auto corpus = shared_dir_or_skip() / "corpus/news-dev.jsonl";
  const auto result = run_newsmon({"match", corpus.string(), "--rules", rules_file()});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto lines = lines_of(result.out);
  CHECK(lines.size() == 120);
  std::size_t matched = 0;
  for (const auto& line : lines) {
    CHECK(line.contains("id"));
    if (!line["matches"].empty()) ++matched;
  }
  CHECK(matched > 0);
  CHECK(matched < lines.size());
}

TEST_CASE("newsmon match reads a story line's fields whatever JSON values it holds",
          "[app][match]") {
  TempDir dir;
  const auto input = dir / "in.jsonl";
  write_file(
      input,
      "{\"id\":42,\"title\":\"US commits 31 \\u0041brams tanks to Ukraine\",\"summary\":null}\n"
      "{\"id\":\"n\",\"event\":{\"id\":\"x\",\"title\":\"x\"},\"labels\":[{\"id\":1}],"
      "\"title\":\"US commits 31 Abrams tanks to Ukraine\",\"title\":\"Think tank\"}\n"
      "{\"id\":{\"a\":[1,2.5]},\"title\":true}\n"
      "{\"id\":\"bad\",\"title\":\"\\x\"}\n");
  const auto result = run_newsmon({"match", input.string(), "--rules", rules_file()});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("in.jsonl:4: not valid JSON"));
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() == 3);
  // A number is its JSON text; an escape is the character; the story's own keys win
  // over the same keys nested in other values, and the last of a repeated key wins.
  CHECK(lines[0]["id"] == "42");
  REQUIRE(lines[0]["matches"].size() == 1);
  CHECK(lines[0]["matches"][0]["hits"][1] ==
        json::parse(R"({"field":"title","start":14,"end":20,"text":"Abrams"})"));
  CHECK(lines[1]["id"] == "n");
  CHECK(lines[1]["matches"].empty());
  CHECK(lines[2]["id"] == "{\"a\":[1,2.5]}");
}

TEST_CASE("newsmon match reads story lines of every form as the JSON parser does", "[app][match]") {
  // Lines of the usual shape are read straight from their bytes, others by the parser:
  // either way each id is what the JSON parser makes of it, and an invalid line is one.
  const std::vector<std::string> valid{
      R"({"id":"plain","title":"x"})",
      R"({"id":"esc \" \\ \/ \b\f\n\r\t \u00e9 \u20ac \ud83d\ude00 \u0041","summary":null})",
      "{\"id\":\"utf-8 \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"}",
      R"(  { "id" : "spaced" , "title" : "x" }  )",
      R"({"id":"others","n":-0.25,"m":0,"k":123456789012345,"e":1e5,"b":[true,false,null,{"a":[]}]})",
      R"({"id":"big","n":123456789012345678901234567890})",
      R"({"ti\u0074le":"US commits 31 Abrams tanks to Ukraine","\u0069d":"escaped key"})",
      R"({"id":"first","id":"last"})",
      R"({"id":null,"title":"x"})",
      R"({"id":7})",
      "{\"id\":\"nested\",\"d\":" + std::string(60, '[') + std::string(60, ']') + "}",
      "\xEF\xBB\xBF{\"id\":\"bom\"}",
  };
  const std::vector<std::string> invalid{
      R"({"id":"lone \ud83d"})",
      R"({"id":"low \ude00"})",
      "{\"id\":\"overlong \xC0\xAF\"}",
      "{\"id\":\"surrogate \xED\xA0\x80\"}",
      "{\"id\":\"cut \xE2\x82\"}",
      "{\"id\":\"control \x01\"}",
      R"({"id":"x","n":01})",
      R"({"id":"x","n":1.})",
      R"({"id":"x","n":1e999})",
      R"({"id":"x",})",
      R"({"id":"x"} y)",
      R"({"id":"x" "title":"y"})",
      R"({"id":"x","t":nul})",
      R"({"id":"open)",
  };
  TempDir dir;
  const auto input = dir / "in.jsonl";
  std::string text = "{\"id\":\"first line\"}\n";
  for (const auto& line : valid) text += line + "\n";
  for (const auto& line : invalid) text += line + "\n";
  write_file(input, text);
  const auto result = run_newsmon({"match", input.string(), "--rules", rules_file()});
  CHECK(result.exit_code == 1);
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() == valid.size() + 1);
  for (std::size_t i = 0; i < valid.size(); ++i) {
    INFO(valid[i]);
    const json parsed = json::parse(valid[i]);
    const auto id = parsed.find("id");
    const std::string expected = id == parsed.end() || id->is_null()
                                     ? fmt::format("{}:{}", input.string(), i + 2)
                                     : (id->is_string() ? id->get<std::string>() : id->dump());
    CHECK(lines[i + 1]["id"] == expected);
  }
  for (std::size_t i = 0; i < invalid.size(); ++i) {
    INFO(invalid[i]);
    CHECK_FALSE(json::accept(invalid[i]));
    CHECK_THAT(result.err,
               Contains(fmt::format("in.jsonl:{}: not valid JSON", valid.size() + i + 2)));
  }
  // The escaped key is read as "title".
  CHECK(lines[7]["matches"].size() == 1);
}
