#include <catch2/catch.hpp>

#include "daemon/util/crypto.h"

using namespace newsmon::util;

TEST_CASE("Base64 round-trips every length of input", "[util]") {
  const std::string data = "\x00\xff newsmon\x01";
  for (std::size_t length = 0; length <= data.size(); ++length) {
    const auto piece = data.substr(0, length);
    CHECK(base64_decode(base64_encode(piece)).value() == piece);
  }
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK_FALSE(base64_decode("Zm9v!").ok());
}

TEST_CASE("SHA-256 and HMAC-SHA256 give the published test vectors", "[util]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  CHECK(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("Constant-time comparison tells equal from unequal strings", "[util]") {
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "ab"));
}

TEST_CASE("Lenient base64 takes what feeds write; strict base64 refuses it", "[util]") {
  const std::string feed_text = "Zm9v\n YmFy\tYQ==";
  CHECK(base64_decode(feed_text, Base64Input::lenient).value() == "foobara");
  CHECK_FALSE(base64_decode(feed_text).ok());
  CHECK(base64_decode("-_8", Base64Input::lenient).value() == "\xfb\xff");
  CHECK_FALSE(base64_decode("-_8").ok());
  CHECK_FALSE(base64_decode("Zm9v!", Base64Input::lenient).ok());
}
