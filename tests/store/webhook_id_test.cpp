#include <catch2/catch.hpp>

#include <regex>

#include "daemon/store/webhook_id.h"

using namespace newsmon::store;

namespace {

const std::string k_story = story_key_of("https://wire.example/feed.xml", "tag:wire,2023:1");

}  // namespace

TEST_CASE("A webhook-id is msg_ and 32 hex digits, the same every time it is derived",
          "[store][webhook_id]") {
  const auto id = webhook_id_for(k_story, "analysts", 0);
  CHECK(std::regex_match(id, std::regex("msg_[0-9a-f]{32}")));
  CHECK(webhook_id_for(k_story, "analysts", 0) == id);
  CHECK(webhook_id_for(story_key_of("https://wire.example/feed.xml", "tag:wire,2023:1"), "analysts",
                       0) == id);
}

TEST_CASE("Each endpoint and each follow-up of a story has its own webhook-id",
          "[store][webhook_id]") {
  const auto first = webhook_id_for(k_story, "analysts", 0);
  CHECK(webhook_id_for(k_story, "desk", 0) != first);
  CHECK(webhook_id_for(k_story, "analysts", 1) != first);
  CHECK(webhook_id_for(k_story, "analysts", 2) != webhook_id_for(k_story, "analysts", 1));
  CHECK(webhook_id_for(story_key_of("https://wire.example/feed.xml", "tag:wire,2023:2"), "analysts",
                       0) != first);
}

TEST_CASE("The parts of a story key cannot run into each other", "[store][webhook_id]") {
  CHECK(story_key_of("https://a.example/feed", "x1") !=
        story_key_of("https://a.example/feedx", "1"));
  CHECK(webhook_id_for(story_key_of("feed", "ab"), "c", 0) !=
        webhook_id_for(story_key_of("feed", "a"), "bc", 0));
}

TEST_CASE("A digest's webhook-id names its endpoint and window, never a story's",
          "[store][webhook_id]") {
  const auto digest = digest_webhook_id("analysts", 1'675'100'400);
  CHECK(std::regex_match(digest, std::regex("msg_[0-9a-f]{32}")));
  CHECK(digest_webhook_id("analysts", 1'675'100'400) == digest);
  CHECK(digest_webhook_id("analysts", 1'675'104'000) != digest);
  CHECK(digest_webhook_id("desk", 1'675'100'400) != digest);
  CHECK(webhook_id_for(k_story, "analysts", 0) != digest);
}
