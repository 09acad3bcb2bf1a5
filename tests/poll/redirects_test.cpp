#include <catch2/catch.hpp>

#include "daemon/poll/redirects.h"

using namespace newsmon;

namespace {

fetch::Response redirected(std::vector<fetch::Redirect> hops) {
  fetch::Response response;
  response.status = 200;
  response.redirects = std::move(hops);
  return response;
}

}  // namespace

TEST_CASE("Only a chain of permanent hops from the start names a new address",
          "[poll][redirects]") {
  CHECK(poll::permanent_redirect_target(redirected({})).empty());
  CHECK(poll::permanent_redirect_target(redirected({{301, "https://b/"}, {308, "https://c/"}})) ==
        "https://c/");
  CHECK(poll::permanent_redirect_target(redirected({{301, "https://b/"}, {302, "https://c/"}})) ==
        "https://b/");
  CHECK(poll::permanent_redirect_target(redirected({{307, "https://b/"}, {301, "https://c/"}}))
            .empty());
}

TEST_CASE("A feed moves after the same permanent redirect is seen twice in a row",
          "[poll][redirects]") {
  store::FeedState state;
  state.url = "https://old.example/rss";
  CHECK_FALSE(poll::track_permanent_redirect(state, "https://new.example/rss"));
  CHECK(state.redirect_streak == 1);
  CHECK(poll::track_permanent_redirect(state, "https://new.example/rss"));
  CHECK(state.url == "https://new.example/rss");
  CHECK(state.redirect_candidate.empty());

  CHECK_FALSE(poll::track_permanent_redirect(state, "https://a.example/"));
  CHECK_FALSE(poll::track_permanent_redirect(state, ""));  // not seen again: the streak ends
  CHECK(state.redirect_streak == 0);
  CHECK_FALSE(poll::track_permanent_redirect(state, "https://a.example/"));
  CHECK(state.url == "https://new.example/rss");
}
