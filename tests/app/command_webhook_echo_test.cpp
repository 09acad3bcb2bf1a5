// `newsmon webhook-echo` as a user runs it: a real process receiving real requests.

#include <catch2/catch.hpp>

#include "daemon/alert/signing.h"
#include "daemon/util/clock.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;

namespace {

constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* k_body = R"({"type":"newsmon.match","data":{"rule":{"id":"arms"}}})";

struct Echo {
  test::Process process;
  std::string port;

  explicit Echo(std::vector<std::string> extra)
      : process([&] {
          std::vector<std::string> argv{test::newsmon_executable().string(), "webhook-echo",
                                        "--listen", "127.0.0.1:0"};
          argv.insert(argv.end(), extra.begin(), extra.end());
          return argv;
        }()) {
    REQUIRE(test::wait_until(
        [&] { return process.stdout_text().find("listening on") != std::string::npos; }));
    const auto text = process.stdout_text();
    const auto start = text.find("127.0.0.1:") + 10;
    port = text.substr(start, text.find('/', start) - start);
  }

  // POSTs the body with these webhook headers; returns the HTTP status curl saw.
  std::string post(const std::string& id, std::int64_t timestamp, const std::string& signature,
                   const std::string& body = k_body) {
    const auto result =
        test::run({"curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H",
                   "webhook-id: " + id, "-H", "webhook-timestamp: " + std::to_string(timestamp),
                   "-H", "webhook-signature: " + signature, "-H", "Content-Type: application/json",
                   "--data", body, "http://127.0.0.1:" + port + "/hook"});
    return result.out;
  }
};

std::int64_t now() {
  return util::to_epoch_seconds(util::SystemClock().now());
}

std::string signature(std::int64_t timestamp, const std::string& id = "msg_1",
                      const std::string& body = k_body) {
  return alert::sign(alert::parse_signing_key(k_secret).value(), id, timestamp, body);
}

}  // namespace

TEST_CASE("webhook-echo accepts well-signed webhooks and prints them", "[app][echo]") {
  Echo echo({"--secret", k_secret, "--max-requests", "1"});
  const auto at = now();
  CHECK(echo.post("msg_1", at, signature(at)) == "200");
  REQUIRE(echo.process.wait() == 0);  // exits after --max-requests
  const auto out = echo.process.stdout_text();
  CHECK_THAT(out, Catch::Contains("checking signatures with 1 secret"));
  CHECK_THAT(out, Catch::Contains("--- POST /hook  webhook-id: msg_1"));
  CHECK_THAT(out, Catch::Contains("signature valid"));
  CHECK_THAT(out, Catch::Contains("\"type\": \"newsmon.match\""));  // pretty-printed
}

TEST_CASE("webhook-echo refuses bad signatures, changed bodies and stale timestamps",
          "[app][echo]") {
  Echo echo({"--secret", k_secret, "--max-requests", "3"});
  const auto at = now();
  CHECK(echo.post("msg_1", at, "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=") == "401");
  CHECK(echo.post("msg_1", at, signature(at), R"({"type":"tampered"})") == "401");
  CHECK(echo.post("msg_1", at - 600, signature(at - 600)) == "401");
  REQUIRE(echo.process.wait() == 0);
  const auto out = echo.process.stdout_text();
  CHECK_THAT(out, Catch::Contains("signature INVALID: no signature matches"));
  CHECK_THAT(out, Catch::Contains("signature INVALID: webhook-timestamp"));
}

TEST_CASE("webhook-echo without a secret prints what arrives unchecked", "[app][echo]") {
  Echo echo({"--max-requests", "1"});
  CHECK(echo.post("msg_1", now(), "v1,whatever") == "200");
  REQUIRE(echo.process.wait() == 0);
  CHECK_THAT(echo.process.stdout_text(), Catch::Contains("signature not checked"));
}

TEST_CASE("webhook-echo says what is wrong with its options", "[app][echo]") {
  const auto address = test::run_newsmon({"webhook-echo", "--listen", "localhost"});
  CHECK(address.exit_code == 2);
  CHECK_THAT(address.err, Catch::Contains("127.0.0.1:8787"));
  const auto secret =
      test::run_newsmon({"webhook-echo", "--listen", "127.0.0.1:0", "--secret", "hunter2"});
  CHECK(secret.exit_code == 2);
  CHECK(secret.err.find("hunter2") == std::string::npos);
  CHECK_THAT(secret.err, Catch::Contains("whsec_"));
}
