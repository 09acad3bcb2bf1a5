// The arms-transfer event extractor on example sentences (tests/data/packs/).

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "daemon/rules/extract.h"
#include "tests/support/paths.h"

using namespace newsmon;
using nlohmann::json;

namespace {

std::vector<rules::Event> extract(const std::string& title, const std::string& summary = "",
                                  const std::string& content = "") {
  return rules::extract_events(rules::ExtractKind::arms_transfer,
                               rules::Story{title, summary, content}, {});
}

std::string describe(const std::vector<rules::Event>& events) {
  std::string out;
  for (const auto& event : events) {
    out += event.supplier + " -> " + event.recipient + ": " + event.system + " x" +
           (event.quantity ? std::to_string(*event.quantity) : "?") + " (" + event.status + ")\n";
  }
  return out;
}

}  // namespace

TEST_CASE("The extractor reads every example sentence as its expected events", "[rules][extract]") {
  std::ifstream in(test::data_dir() / "packs/extract-examples.jsonl");
  REQUIRE(in);
  std::string line;
  int examples = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const json example = json::parse(line);
    ++examples;
    const auto events =
        extract(example["title"].get<std::string>(), example.value("summary", std::string()));
    INFO(example["name"].get<std::string>() << "\n"
                                            << example["title"].get<std::string>() << "\ngot:\n"
                                            << describe(events));
    REQUIRE(events.size() == example["events"].size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      const json& want = example["events"][i];
      CHECK(events[i].supplier == want["supplier"].get<std::string>());
      CHECK(events[i].recipient == want["recipient"].get<std::string>());
      CHECK(events[i].status == want["status"].get<std::string>());
      CHECK(events[i].system == want["system"].get<std::string>());
      if (want["quantity"].is_null()) {
        CHECK_FALSE(events[i].quantity);
      } else {
        CHECK(events[i].quantity == want["quantity"].get<std::int64_t>());
      }
    }
  }
  CHECK(examples >= 15);
}

TEST_CASE("Extraction names each state in one canonical form", "[rules][extract]") {
  for (const char* title : {"Kiev receives Patriot missiles from Washington",
                            "Kyiv receives Patriot missiles from the U.S.",
                            "Ukraine receives Patriot missiles from America"}) {
    const auto events = extract(title);
    INFO(title << "\n" << describe(events));
    REQUIRE(events.size() == 1);
    CHECK(events[0].supplier == "United States");
    CHECK(events[0].recipient == "Ukraine");
  }
}

TEST_CASE("Extraction tells who supplies from the order of the sentence", "[rules][extract]") {
  SECTION("X sells to Y") {
    const auto events = extract("Israel sells Barak 8 air defence systems to Azerbaijan");
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].supplier == "Israel");
    CHECK(events[0].recipient == "Azerbaijan");
  }
  SECTION("Y buys from X") {
    const auto events = extract("Azerbaijan buys Barak 8 air defence systems from Israel");
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].supplier == "Israel");
    CHECK(events[0].recipient == "Azerbaijan");
  }
  SECTION("X's equipment for Y") {
    const auto events = extract("German Leopard tanks for Ukraine");
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].supplier == "Germany");
    CHECK(events[0].recipient == "Ukraine");
  }
}

TEST_CASE("A story that reports no transfer gives no events", "[rules][extract]") {
  CHECK(extract("Typhoon Hagibis slams into Japan").empty());
  CHECK(extract("North Korea test-fires Hwasong-17 ICBM",
                "Pyongyang launched its largest intercontinental ballistic missile.")
            .empty());
  CHECK(extract("").empty());
}

TEST_CASE("Extraction stays bounded on long and hostile text", "[rules][extract]") {
  std::string noise;
  for (int i = 0; i < 20000; ++i) noise += "Germany sends 5 tanks to Ukraine and ";
  noise += std::string(1000, '\xff');
  const auto events = extract("", "", noise);
  CHECK(events.size() <= 16);
  REQUIRE_FALSE(events.empty());
  CHECK(events[0].supplier == "Germany");
  CHECK(extract(std::string(100000, '.')).empty());
}

TEST_CASE("An unknown extract kind is an error naming the known kind", "[rules][extract]") {
  const auto kind = rules::parse_extract_kind("arms_transfers");
  REQUIRE_FALSE(kind);
  CHECK(kind.error().message.find("arms_transfer") != std::string::npos);
}
