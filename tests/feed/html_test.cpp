#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "daemon/feed/parse.h"
#include "daemon/feed/text.h"
#include "daemon/util/text.h"
#include "tests/support/paths.h"

using namespace newsmon::feed;

TEST_CASE("HTML becomes plain text with blocks on their own lines", "[feed][html]") {
  CHECK(html_to_text("<p>First  paragraph.</p><p>Second<br>line</p>") ==
        "First paragraph.\nSecond\nline");
  CHECK(html_to_text("A <b>bold</b> <a href=\"x?a=1&amp;b=2\">link</a>.") == "A bold link.");
  CHECK(html_to_text("<ul><li>one</li><li>two</li></ul>") == "one\ntwo");
  CHECK(html_to_text("  \n spaced \t out \n ") == "spaced out");
}

TEST_CASE("Scripts, styles and comments never reach the text", "[feed][html]") {
  CHECK(html_to_text("<p>Keep</p><script>var drop = '<p>no</p>';</script><style>p{}</style>") ==
        "Keep");
  CHECK(html_to_text("Before<!-- hidden --> after") == "Before after");
  CHECK(html_to_text("x<noscript><img src=t.gif></noscript>y") == "xy");
}

TEST_CASE("Character references are decoded in HTML text", "[feed][html]") {
  CHECK(html_to_text("31&nbsp;Abrams &amp; K2&#160;tanks &#x2014; &ldquo;now&rdquo;") ==
        "31 Abrams & K2 tanks — “now”");
  CHECK(html_to_text("AT&T, Q&A and R&D") == "AT&T, Q&A and R&D");
  CHECK(html_to_text("&copy2023 and &#150;") == "©2023 and –");
  CHECK(html_to_text("a < b > c") == "a < b > c");
}

TEST_CASE("Invisible characters are dropped and Unicode spaces collapse", "[feed][html]") {
  CHECK(clean_text("Abra\xC2\xADms\xE2\x80\x8B tank\xE2\x80\x83here") == "Abrams tank here");
  CHECK(clean_text("\xEF\xBB\xBFStart") == "Start");
  CHECK(clean_text("smart \xC2\x93quotes\xC2\x94") == "smart “quotes”");
}

TEST_CASE("Tables and other constructs the fast path declines go through gumbo", "[feed][html]") {
  CHECK_FALSE(html_to_text_fast("<table><tr>moved<td>a</td></tr></table>"));
  CHECK(html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>") ==
        "a b\nc");
  CHECK_FALSE(html_to_text_fast("<script>x</script>"));
  CHECK(html_to_text_fast("<p>simple <em>fragment</em></p>") ==
        std::optional<std::string>("simple fragment"));
}

TEST_CASE("The fast path and gumbo agree on every fragment the fast path accepts", "[feed][html]") {
  const std::vector<std::string> fragments{
      "<p>One</p>\n<p>Two <a href='/x' title=\"a > b\">link</a></p>",
      "<div><p>nested <b>bold <i>italic</b> still</i></p></div>",
      "<p>unclosed <b>bold<p>next",
      "text with &amp; &lt; &gt; &quot; &apos; &#39; &#x27; &hellip;",
      "&#0; &#xD800; &#1114112; &#x80; &#12 &#x; &#;",
      "<img src=a.jpg alt=\"photo\"> caption<br/>after<hr>rule",
      "<p a=1 b='2' c=\"3\" d e = f>attrs</p>",
      "<h1>Title</h1><blockquote>quote</blockquote><pre>  pre\n  text</pre>",
      "</p>stray end<p>and <unknown-tag>custom</unknown-tag>",
      "<!-- c1 --><p>after comment</p><!---->",
      "\xC2\xA0lead nbsp and trail\xE2\x80\x89",
      "<P>UPPER <BR> CASE</P>",
      "x < y and <3 hearts",
      "<table><tr><td>a</td><td>b <b>c</b></td></tr><tr><th>d<td>e</table>after",
      "<table>\n<caption>Cap</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>x</td></"
      "tr></tbody></table>",
      "<table><tr>stray text<td>cell</td></tr></table>",
      "<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>",
      "<table><div>moved</div><tr><td>x</td></tr></table>",
      "<p>before<table><tr><td>in</td></tr></table>after</p>",
      "<p>one<li>two</ul>three",
      "<p>a</p></p>b",
      "<b>x</br>y",
      "<div>a<p>b</div>c",
      "<ul><li>one<li>two</li></ul>after",
      "a\x01"
      "b\x1a<b>c\x7f</b>\x0b"
      "d e",
      "<p>x</p><html lang=en>y<body>z</body>w</html>v",
      "<form>a<form>b</form>c</form>d",
      "x<form>a</form>b",
      "<p>cph</table>after",
      "a</table>b</td>c</tr>d",
      "&#0666666666666666666666666; &#x7FFFFFFFFFFF &#1114111; &#00000065;",
      "<table><tr><td>cell<p>para<td>next</table>",
      "<table><tr><td>cell<b>bold<td>next</table>",
      "<table><tr><\n<th>x</th></tr></table>",
      "<p\v>c</p\x01>d",
      "<i x=\v\">t",
      "<i \v=\"a>\">t",
      "<\xC2\x81s and <\xC2\x92"
      "b>x</b>",
  };
  for (const auto& fragment : fragments) {
    INFO(fragment);
    const auto fast = html_to_text_fast(fragment);
    if (fast) CHECK(*fast == html_to_text_full(fragment));
  }
}

TEST_CASE("End tags that close nothing are read as HTML5 reads them", "[feed][html]") {
  // Found by fuzzing: the fast path broke the line at a stray </ul> that HTML5 ignores.
  CHECK(html_to_text("<p>one<li>two</ul>three") == "one\ntwothree");
  CHECK(html_to_text("<b>x</br>y") == "x\ny");
  CHECK(html_to_text("<p>a</p></p>b") == "a\nb");
  CHECK(html_to_text("<p>cph</table>after") == "cphafter");
  // A new cell closes the paragraph the last one left open.
  CHECK(html_to_text("<table><tr><td>cell<p>para<td>next</table>") == "cell\npara\nnext");
  // <html> and <body> inside a body merge into the open ones: no line break.
  CHECK(html_to_text("a<html lang=en>b</body>c") == "abc");
}

TEST_CASE("A numeric reference past U+10FFFF is U+FFFD, however many digits it has",
          "[feed][html]") {
  // Found by fuzzing: gumbo's sum of the digits overflowed into bytes that are not UTF-8.
  for (const std::string reference :
       {"&#06666666666666666666666666;", "&#x7FFFFFFFFFFF;", "&#1114112;", "&#x110000"}) {
    INFO(reference);
    CHECK(html_to_text_full("<p>a " + reference + " b</p>") == "a \xEF\xBF\xBD b");
    CHECK(html_to_text("<p>a " + reference + " b</p>") == "a \xEF\xBF\xBD b");
  }
  CHECK(html_to_text_full("<p>&#0000000065;&#x00041;</p>") == "AA");
}

TEST_CASE("Select elements inside foreign content inside tables end nothing", "[feed][html]") {
  // Found by fuzzing: gumbo 0.10 aborts on an assertion for these.
  CHECK(html_to_text("<table><svg><select><title><select><td>x") == "x");
  CHECK(html_to_text("<table><math><SELECT><mi><select ><td>y") == "y");
  CHECK(html_to_text("<p>Pick <select name=s><option>one<option>two</select> now</p>") ==
        "Pick onetwo now");
  CHECK(html_to_text("<p>a <selected>b</selected></p>") == "a b");
}

TEST_CASE("Control characters carry no text on either path", "[feed][html]") {
  // gumbo reads them as U+FFFD; found by fuzzing the agreement of the two paths.
  constexpr char k_fragment[] =
      "a\x01"
      "b\x1a<table><tr><td>c\x7f</td></tr></table>\x0b"
      "d\0e";
  const std::string fragment(k_fragment, sizeof k_fragment - 1);
  CHECK(html_to_text_full(fragment) == "ab\nc\nde");
  CHECK(html_to_text(fragment) == html_to_text_full(fragment));
  // Dropping one must not join what it separated: "&#4" ends before it.
  CHECK(html_to_text_full("a&#4\x11"
                          "82;") == "a82;");
}

TEST_CASE("Feed links announced by an HTML page are found and resolved", "[feed][html]") {
  auto page = newsmon::util::read_file(newsmon::test::data_dir() / "feed" / "html-page.html");
  REQUIRE(page);
  CHECK(discover_feed_links(*page, "https://example-news.test/section/") ==
        std::vector<std::string>{"https://www.example-news.test/world/rss.xml",
                                 "https://feeds.example-news.test/all.atom",
                                 "https://www.example-news.test/feed.json"});
  CHECK(discover_feed_links("<p>no links</p>", "https://x.test/").empty());
}

TEST_CASE("Noncharacters become U+FFFD, as gumbo reads them, whichever path runs", "[feed][html]") {
  CHECK_FALSE(
      html_to_text_fast("<p>a\xEF\xBF\xBF"
                        "b</p>"));
  CHECK(html_to_text("<p>a\xEF\xBF\xBF"
                     "b</p>") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(html_to_text("<p>a\xEF\xB7\x90"
                     "b</p>") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(html_to_text("<p>a\xF0\x9F\xBF\xBE"
                     "b</p>") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(
      html_to_text_fast("<p>a\xEF\xBF\xBD"
                        "b \xF0\x9F\x98\x80</p>"));
}
