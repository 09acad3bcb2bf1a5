#include <catch2/catch.hpp>

#include <array>
#include <tuple>

#include <fmt/format.h>

#include "daemon/util/yaml_reader.h"
#include "tests/support/paths.h"

using namespace newsmon::util;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

constexpr std::array<std::string_view, 3> k_keys{"timeout", "user_agent", "per_host"};

enum class Colour { red, green, blue };
constexpr auto k_colour_names = enum_names<Colour>(
    "colour", {{Colour::red, "red"}, {Colour::green, "green"}, {Colour::blue, "blue"}});

// A reader over inline YAML and the diagnostics it records, formatted.
struct Fixture {
  explicit Fixture(std::string text) : reader("conf.yaml", std::move(text), diagnostics) {
    auto parsed = reader.parse();
    REQUIRE(parsed);
    root = *parsed;
  }
  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const auto& diagnostic : diagnostics) out.push_back(diagnostic.format());
    return out;
  }
  std::vector<Diagnostic> diagnostics;
  YamlReader reader;
  YAML::Node root;
};

}  // namespace

TEST_CASE("An unknown key gets a did-you-mean, or the keys when none is close", "[util][yaml]") {
  Fixture yaml("http:\n  timeuot: 5s\n  colour: red\n  per_host: 2\n");
  const auto http = yaml.reader.map(yaml.root["http"], "http", k_keys);
  REQUIRE(http);
  CHECK(http->find("per_host"));
  CHECK_FALSE(http->find("timeuot"));
  const auto messages = yaml.messages();
  REQUIRE(messages.size() == 2);
  CHECK(messages[0] ==
        "conf.yaml:2:3: error: unknown key 'timeuot' in http: did you mean 'timeout'?\n"
        "    timeuot: 5s\n"
        "    ^");
  CHECK_THAT(messages[1], Contains("conf.yaml:3:3: error: unknown key 'colour' in http: "
                                   "the keys are timeout, user_agent, per_host"));
}

TEST_CASE("A key given twice is refused at the second, naming the first", "[util][yaml]") {
  Fixture yaml("timeout: 5s\nper_host: 2\ntimeout: 9s\n");
  const auto top = yaml.reader.map(yaml.root, "the configuration", k_keys);
  REQUIRE(top);
  REQUIRE(yaml.diagnostics.size() == 1);
  CHECK_THAT(yaml.messages()[0],
             Contains("conf.yaml:3:1: error: duplicate key 'timeout' in the configuration: "
                      "first given at conf.yaml:1:1"));
  REQUIRE(top->find("timeout"));
  CHECK(top->find("timeout")->Scalar() == "5s");
  std::vector<std::string> order;
  for (const auto& [key, value] : *top) order.push_back(key);
  CHECK(order == std::vector<std::string>{"timeout", "per_host"});
}

TEST_CASE("Keys in a flow mapping are located by their column", "[util][yaml]") {
  Fixture yaml("http: {per_host: 1, per_host: 2}\n");
  CHECK(yaml.reader.map(yaml.root["http"], "http", k_keys));
  REQUIRE(yaml.diagnostics.size() == 1);
  CHECK(yaml.diagnostics[0].column == 21);
  CHECK_THAT(yaml.diagnostics[0].message, Contains("first given at conf.yaml:1:8"));
}

TEST_CASE("A mapping's shape is checked before its keys", "[util][yaml]") {
  Fixture yaml("http: [a, b]\nother: {[x]: 1}\n");
  CHECK_FALSE(yaml.reader.map(yaml.root["http"], "http", k_keys));
  const auto other = yaml.reader.map(yaml.root["other"], "other", k_keys);
  REQUIRE(other);
  CHECK(other->begin() == other->end());
  const auto messages = yaml.messages();
  REQUIRE(messages.size() == 2);
  CHECK_THAT(messages[0], Contains("1:7: error: http must be a mapping of keys to values, "
                                   "not a list"));
  CHECK_THAT(messages[1], Contains("2:9: error: keys in other must be plain words"));
}

TEST_CASE("Each kind of value names what it expected and what it found", "[util][yaml]") {
  Fixture yaml(
      "name: [a]\nflag: maybe\ncount: 500\nwhole: 1.5\nrate: -1\nwait: 10\nbody: 8 MiB\n"
      "empty:\n");
  auto& reader = yaml.reader;
  const auto& root = yaml.root;
  CHECK_FALSE(reader.string(root["name"], "name"));
  CHECK_FALSE(reader.boolean(root["flag"], "flag"));
  CHECK_FALSE(reader.integer(root["count"], "count", 1, 100));
  CHECK_FALSE(reader.integer(root["whole"], "whole", 1, 100));
  CHECK_FALSE(reader.number(root["rate"], "rate", 0));
  CHECK_FALSE(reader.duration(root["wait"], "wait"));
  CHECK_FALSE(reader.size(root["body"], "body"));
  CHECK_FALSE(reader.string(root["empty"], "empty"));
  const auto messages = yaml.messages();
  REQUIRE(messages.size() == 8);
  CHECK_THAT(messages[0], Contains("1:7: error: name must be text, not a list"));
  CHECK_THAT(messages[1], Contains("2:7: error: flag must be true or false, not 'maybe'"));
  CHECK_THAT(messages[2], Contains("3:8: error: count must be between 1 and 100, not 500"));
  CHECK_THAT(messages[3], Contains("4:8: error: whole must be a whole number, not '1.5'"));
  CHECK_THAT(messages[4], Contains("5:7: error: rate must be 0 or more, not -1"));
  CHECK_THAT(messages[5], Contains("6:7: error: wait: '10' has no unit"));
  CHECK_THAT(messages[6], Contains("7:7: error: body: '8 MiB'"));
  CHECK_THAT(messages[7], Contains("empty must be text, not nothing"));
}

TEST_CASE("Good values are read as their types", "[util][yaml]") {
  Fixture yaml("name: newsmon\nflag: yes\ncount: 42\nrate: 0.5\nwait: 90s\nbody: 8MiB\n");
  auto& reader = yaml.reader;
  const auto& root = yaml.root;
  CHECK(reader.string(root["name"], "name") == "newsmon");
  CHECK(reader.boolean(root["flag"], "flag") == true);
  CHECK(reader.integer(root["count"], "count", 1, 100) == 42);
  CHECK(reader.number(root["rate"], "rate", 0) == 0.5);
  CHECK(reader.duration(root["wait"], "wait") == std::chrono::seconds(90));
  CHECK(reader.size(root["body"], "body") == 8u << 20);
  CHECK(yaml.diagnostics.empty());
}

TEST_CASE("A list is a sequence of text, or one value where allowed", "[util][yaml]") {
  Fixture yaml("one: world\nmany: [a, [b], c]\n");
  auto& reader = yaml.reader;
  CHECK(reader.strings(yaml.root["one"], "tags", SingleValue::allowed) ==
        std::vector<std::string>{"world"});
  CHECK_FALSE(reader.strings(yaml.root["one"], "topics"));
  const auto many = reader.texts(yaml.root["many"], "tags");
  REQUIRE(many);
  REQUIRE(many->size() == 2);
  CHECK((*many)[1].text == "c");
  CHECK((*many)[1].node.Mark().column == 15);
  const auto messages = yaml.messages();
  REQUIRE(messages.size() == 2);
  CHECK_THAT(messages[0], Contains("1:6: error: topics must be a list, as in [a, b], not 'world'"));
  CHECK_THAT(messages[1], Contains("2:11: error: each entry of tags must be text, not a list"));
}

TEST_CASE("A choice is read from an enum's table of names", "[util][yaml]") {
  Fixture yaml("a: green\nb: gren\nc: purple\n");
  CHECK(yaml.reader.choice(yaml.root["a"], "a", k_colour_names) == Colour::green);
  CHECK_FALSE(yaml.reader.choice(yaml.root["b"], "b", k_colour_names));
  CHECK_FALSE(yaml.reader.choice(yaml.root["c"], "c", k_colour_names));
  const auto messages = yaml.messages();
  REQUIRE(messages.size() == 2);
  CHECK_THAT(messages[0], Contains("2:4: error: unknown colour 'gren': did you mean 'green'?"));
  CHECK_THAT(messages[1], Contains("3:4: error: unknown colour 'purple': use red, green or blue"));
}

TEST_CASE("A YAML syntax error is located and parsing gives nothing", "[util][yaml]") {
  std::vector<Diagnostic> diagnostics;
  YamlReader reader("bad.yaml", "rules: [a\nfeeds: []\n", diagnostics);
  CHECK_FALSE(reader.parse());
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].file == "bad.yaml");
  CHECK(diagnostics[0].line >= 1);
  CHECK_THAT(diagnostics[0].message, Contains("YAML syntax: "));
}

TEST_CASE("A list or mapping left open is reported on its own line, not the next", "[util][yaml]") {
  // yaml-cpp finds out at the next token, on the following line or at the end of the file.
  for (const auto& [text, line, column] :
       {std::tuple{"a: 1\nb: [1, 2\nc: 3\n", 2, 4}, std::tuple{"a: 1\nb: {x: 1\n\nc: 3\n", 2, 4},
        std::tuple{"a: [x, \"]\", 'y]' # ]\nb: 2\n", 1, 4},
        std::tuple{"a: [[1, 2], [3\n", 1, 13}}) {
    std::vector<Diagnostic> diagnostics;
    YamlReader reader("bad.yaml", text, diagnostics);
    CHECK_FALSE(reader.parse());
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].line == line);
    CHECK(diagnostics[0].column == column);
    CHECK_THAT(diagnostics[0].message, Contains("is never closed"));
  }
  SECTION("other syntax errors stay where yaml-cpp puts them") {
    std::vector<Diagnostic> diagnostics;
    YamlReader reader("bad.yaml", "a: 1\n b: 2\n", diagnostics);
    CHECK_FALSE(reader.parse());
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].format() ==
          "bad.yaml:2:3: error: YAML syntax: illegal map value\n   b: 2\n    ^");
  }
}

TEST_CASE("Deep nesting gives a short message at its place, not the whole line", "[util][yaml]") {
  const std::string deep = "rules: " + std::string(100'000, '[') + std::string(100'000, ']');
  std::vector<Diagnostic> diagnostics;
  YamlReader reader("deep.yaml", deep + "\n", diagnostics);
  CHECK_FALSE(reader.parse());
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].line == 1);
  CHECK(diagnostics[0].column > 8);
  CHECK_THAT(diagnostics[0].message, Contains("nest more than") && !Contains("bad file"));
  const std::string shown = diagnostics[0].format();
  CHECK(shown.size() < 600);
  CHECK_THAT(shown, StartsWith(fmt::format("deep.yaml:1:{}: error: YAML syntax: lists and "
                                           "mappings nest more than",
                                           diagnostics[0].column)));
}

TEST_CASE("A long scalar named in a message is cut", "[util][yaml]") {
  Fixture fixture("timeout: " + std::string(5000, 'x') + "\n");
  fixture.reader.boolean(fixture.root["timeout"], "timeout");
  REQUIRE(fixture.diagnostics.size() == 1);
  CHECK(fixture.diagnostics[0].message.size() < 150);
  CHECK_THAT(fixture.diagnostics[0].message, EndsWith("xxx...'"));
}

TEST_CASE("An empty file parses as a null document", "[util][yaml]") {
  std::vector<Diagnostic> diagnostics;
  YamlReader reader("empty.yaml", "", diagnostics);
  const auto root = reader.parse();
  REQUIRE(root);
  CHECK(root->IsNull());
  reader.error_in_file("the file is empty");
  CHECK(diagnostics[0].format() == "empty.yaml: error: the file is empty");
}

TEST_CASE("A fault inside a scalar points at its byte through quotes and blocks", "[util][yaml]") {
  Fixture yaml("a: 'it''s here'\nb: \"x\\ty\"\nc: |\n  one\n  two\n");
  yaml.reader.error_at_value(yaml.root["a"], 3, "at s");
  yaml.reader.error_at_value(yaml.root["b"], 2, "at y");
  yaml.reader.error_at_value(yaml.root["c"], 5, "at w");
  REQUIRE(yaml.diagnostics.size() == 3);
  CHECK(yaml.diagnostics[0].column == 9);  // 'it''s: the doubled quote is one character
  CHECK(yaml.diagnostics[1].column == 8);  // "x\ty": the escape is one character
  CHECK(yaml.diagnostics[2].line == 5);
  CHECK(yaml.diagnostics[2].column == 4);
  CHECK(yaml.diagnostics[2].source_line == "  two");
}

TEST_CASE("Readers sharing a list keep their mistakes in the order found", "[util][yaml]") {
  std::vector<Diagnostic> diagnostics;
  YamlReader first("a.yaml", "x: 1\n", diagnostics);
  YamlReader second("b.yaml", "y: 2\n", diagnostics);
  const auto a = first.parse();
  const auto b = second.parse();
  first.error((*a)["x"], "one");
  second.error((*b)["y"], "two");
  first.error((*a)["x"], "three");
  REQUIRE(diagnostics.size() == 3);
  CHECK(first.error_count() == 3);
  CHECK(diagnostics[1].format() == "b.yaml:1:4: error: two\n  y: 2\n     ^");
  CHECK(diagnostics[2].message == "three");
  CHECK(first.location((*a)["x"]) == "a.yaml:1:4");
}

TEST_CASE("Paths resolve against the folder of the file", "[util][yaml]") {
  std::vector<Diagnostic> diagnostics;
  const YamlReader reader("/etc/newsmon/newsmon.yaml", "", diagnostics);
  CHECK(reader.resolve_path("rules") == "/etc/newsmon/rules");
  CHECK(reader.resolve_path("../x/./y.db") == "/etc/x/y.db");
  CHECK(reader.resolve_path("/var/lib/a.db") == "/var/lib/a.db");
}
