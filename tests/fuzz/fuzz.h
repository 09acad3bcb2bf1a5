#pragma once
// Fuzz targets: each one takes an input of arbitrary bytes, hands it to one reader of
// untrusted text and checks what must hold for every input. The same functions run
// under libFuzzer (a clang build with -DNEWSMON_FUZZ=ON, see bench/fuzz/run) and in
// test_fuzz, which replays the inputs kept in tests/data/fuzz/<target>/ with any compiler.
//
// A target never throws and never returns an error: a broken invariant prints what broke
// and aborts, so libFuzzer keeps the input and the sanitizers report where it happened.

#include <span>
#include <string>
#include <string_view>

namespace newsmon::fuzz {

using TargetFunction = void (*)(std::string_view input);

struct Target {
  std::string_view name;  ///< "feed_parse": the folder under daemon/, then what is read
  TargetFunction run;
  std::string_view input;  ///< what an input holds, for the docs and for humans
};

/// Every target, in the order bench/fuzz/run runs them.
std::span<const Target> targets();
/// The target with this name, or nullptr.
const Target* find_target(std::string_view name);

/// Aborts with `what` on stderr unless `condition` holds.
void require(bool condition, std::string_view what);

/// Silences newsmon's logging once per process: a warning per input would cost more time
/// than the parse and bury libFuzzer's own output.
void quiet_logs();

/// Reads an input as lines, for targets that take several strings. Each call takes the
/// text up to the next line break; the last field takes the rest.
class Lines {
 public:
  explicit Lines(std::string_view input) : m_rest(input) {}

  bool empty() const { return m_rest.empty(); }
  std::string_view next();
  std::string_view rest();

 private:
  std::string_view m_rest;
};

// ---- the targets, one file each under tests/fuzz/<daemon folder>/ ----

void feed_parse(std::string_view input);     // a feed document of any format, sniffed
void feed_rss(std::string_view input);       // the inside of an RSS 2.0 <channel>
void feed_rdf(std::string_view input);       // the inside of an RSS 1.0 <rdf:RDF>
void feed_atom(std::string_view input);      // the inside of an Atom <feed>
void feed_json(std::string_view input);      // a JSON Feed document
void feed_html(std::string_view input);      // an HTML fragment or page
void feed_date(std::string_view input);      // a date as feeds write it
void feed_charset(std::string_view input);   // ["Content-Type: ...\n"] document bytes
void util_url(std::string_view input);       // base URL "\n" reference
void rules_query(std::string_view input);    // a rule query
void rules_file(std::string_view input);     // a rule file
void alert_payload(std::string_view input);  // the fields of an alert, a line each
void app_opml(std::string_view input);       // an OPML document
void app_config(std::string_view input);     // a configuration file

}  // namespace newsmon::fuzz
