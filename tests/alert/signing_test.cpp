#include <catch2/catch.hpp>

#include "daemon/alert/signing.h"

using namespace newsmon;
using namespace newsmon::alert;

namespace {

constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* k_other_secret = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=";
constexpr const char* k_id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t k_timestamp = 1614265330;
constexpr const char* k_body = R"({"test": 2432232314})";

}  // namespace

TEST_CASE("The Standard Webhooks test vector signs as published", "[alert][signing]") {
  const auto key = parse_signing_key(k_secret).value();
  CHECK(sign(key, k_id, k_timestamp, k_body) == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  CHECK(verify_signature({key}, k_id, "1614265330", k_body,
                         "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", k_timestamp)
            .ok());
}

TEST_CASE("During secret rotation every request carries a signature per secret",
          "[alert][signing]") {
  const auto old_key = parse_signing_key(k_secret).value();
  const auto new_key = parse_signing_key(k_other_secret).value();
  const auto header = signature_header({new_key, old_key}, k_id, k_timestamp, k_body);
  CHECK(header ==
        sign(new_key, k_id, k_timestamp, k_body) + " " + sign(old_key, k_id, k_timestamp, k_body));

  SECTION("a receiver that knows either secret accepts it") {
    CHECK(verify_signature({old_key}, k_id, "1614265330", k_body, header, k_timestamp).ok());
    CHECK(verify_signature({new_key}, k_id, "1614265330", k_body, header, k_timestamp).ok());
  }
  SECTION("a receiver with another secret refuses it") {
    const auto stranger = parse_signing_key("whsec_" + std::string(32, 'A')).value();
    const auto refused =
        verify_signature({stranger}, k_id, "1614265330", k_body, header, k_timestamp);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Catch::Contains("no signature matches"));
  }
}

TEST_CASE("Verification refuses changed bodies, stale timestamps and missing headers",
          "[alert][signing]") {
  const auto key = parse_signing_key(k_secret).value();
  const auto header = sign(key, k_id, k_timestamp, k_body);
  CHECK_FALSE(verify_signature({key}, k_id, "1614265330", R"({"test": 1})", header, k_timestamp));
  CHECK_FALSE(verify_signature({key}, "msg_other", "1614265330", k_body, header, k_timestamp));

  const auto late = verify_signature({key}, k_id, "1614265330", k_body, header, k_timestamp + 301);
  REQUIRE_FALSE(late.ok());
  CHECK_THAT(late.error().message, Catch::Contains("301 s") || Catch::Contains("-301 s"));
  CHECK(verify_signature({key}, k_id, "1614265330", k_body, header, k_timestamp + 300).ok());
  CHECK_FALSE(verify_signature({key}, k_id, "1614265330", k_body, header, k_timestamp - 301));

  CHECK_THAT(verify_signature({key}, k_id, "soon", k_body, header, k_timestamp).error().message,
             Catch::Contains("not a number"));
  CHECK_THAT(verify_signature({key}, k_id, "1614265330", k_body, "", k_timestamp).error().message,
             Catch::Contains("missing"));
  // Only v1 signatures count; an unknown scheme with the right bytes is not accepted.
  CHECK_FALSE(
      verify_signature({key}, k_id, "1614265330", k_body, "v2," + header.substr(3), k_timestamp));
}
