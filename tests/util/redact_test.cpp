#include <catch2/catch.hpp>

#include "daemon/util/redact.h"

using namespace newsmon::util;

TEST_CASE("A URL's userinfo and credential parameters are shown as ***", "[util][redact]") {
  CHECK(redact_url("http://alice:S3cretPassw0rd@host.example/feed?token=QUERYSECRET123") ==
        "http://***@host.example/feed?token=***");
  CHECK(redact_url("https://alice@host.example:8443/feed") == "https://***@host.example:8443/feed");
  SECTION("every credential-like name, in any case, and only those") {
    CHECK(redact_url("https://h/f?page=2&API_KEY=k1&apikey=k2&Access_Token=k3&sig=k4&lang=en") ==
          "https://h/f?page=2&API_KEY=***&apikey=***&Access_Token=***&sig=***&lang=en");
    CHECK(redact_url("https://h/f?password=a;passwd=b&secret=c&signature=d&auth=e&key=f") ==
          "https://h/f?password=***;passwd=***&secret=***&signature=***&auth=***&key=***");
    CHECK(redact_url("https://h/f?client_secret=a&x-amz-signature=b&subscription-key=c") ==
          "https://h/f?client_secret=***&x-amz-signature=***&subscription-key=***");
    CHECK(redact_url("https://h/f?author=jane&keyword=tanks&q=ukraine") ==
          "https://h/f?author=jane&keyword=tanks&q=ukraine");
  }
  SECTION("names are compared after %-decoding") {
    CHECK(redact_url("https://h/f?api%5Fkey=k1") == "https://h/f?api%5Fkey=***");
  }
  SECTION("parameters in the fragment too") {
    CHECK(redact_url("https://h/cb?x=1#access_token=abc&state=s") ==
          "https://h/cb?x=1#access_token=***&state=s");
    CHECK(redact_url("https://h/cb#token=abc") == "https://h/cb#token=***");
  }
  SECTION("an '@' in the path is not userinfo") {
    CHECK(redact_url("https://medium.example/feed/@writer") ==
          "https://medium.example/feed/@writer");
  }
}

TEST_CASE("A URL without credentials comes back byte for byte", "[util][redact]") {
  for (const char* url : {"https://www.example.org/world/rss.xml", "http://127.0.0.1:8080/a?b=c#d",
                          "file:///etc/newsmon/feed.xml", "https://h/f?token", "https://h/f?=x&&",
                          "not a url at all", ""}) {
    CHECK(redact_url(url) == url);
  }
}

TEST_CASE("A malformed URL is redacted all the same", "[util][redact]") {
  CHECK(redact_url("https://user:pa ss@host/x?token=abc") == "https://***@host/x?token=***");
  CHECK(redact_url("ht!tp://u:p@h") == "ht!tp://***@h");
}

TEST_CASE("Every URL in free text is redacted, the rest of the text kept", "[util][redact]") {
  CHECK(redact_urls_in("feed http://a:b@h/f?token=t: timeout (failure 1)") ==
        "feed http://***@h/f?token=***: timeout (failure 1)");
  CHECK(redact_urls_in("'https://u:p@x/y' and \"https://x/z?sig=1\" <https://u@q/>") ==
        "'https://***@x/y' and \"https://x/z?sig=***\" <https://***@q/>");
  CHECK(redact_urls_in("  - url: https://alice:pw@host/feed?key=abc  # mine") ==
        "  - url: https://***@host/feed?key=***  # mine");
  CHECK(redact_urls_in("no URL here: a://") == "no URL here: a://");
  CHECK(redact_urls_in("://u:p@h") == "://u:p@h");
}
