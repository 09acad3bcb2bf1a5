#include <catch2/catch.hpp>

#include "daemon/web/form.h"
#include "daemon/web/html.h"

using namespace newsmon::web;

TEST_CASE("Query strings and form bodies are decoded; the first of a repeated name counts",
          "[web][form]") {
  const auto form = Form::parse("q=two+words&topic=arms_transfer&x=%3Cb%3E&q=later&bad=%zz");
  CHECK(form.get("q") == "two words");
  CHECK(form.get("x") == "<b>");
  CHECK(form.get("bad") == "%zz");
  CHECK(form.get("missing").empty());
  const auto target = parse_target("/alerts/12?before=40&topic=");
  CHECK(target.path == "/alerts/12");
  CHECK(target.query.get("before") == "40");
  CHECK(target.query.encode() == "before=40");
  CHECK(url_encode("a b&c/é") == "a%20b%26c%2F%C3%A9");
}

TEST_CASE("A cookie is found by its name among others", "[web][form]") {
  CHECK(cookie_value("a=1; newsmon_session=abc.def; b=2", "newsmon_session") == "abc.def");
  CHECK_FALSE(cookie_value("xnewsmon_session=1", "newsmon_session"));
}
