// Differential test against feedparser 6.0.10, the most complete feed parser in use: the
// corpus of its own test suite, parsed by newsmon and compared field by field with what
// feedparser produced for each file (../shared/conformance, see
// ../shared/tools/feedparser-dump.py). Agreement on the fields that matter most may not
// fall below the figure recorded in tests/conformance/minimum-agreement.txt.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/feed/parse.h"
#include "daemon/feed/text.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"
#include "tests/support/paths.h"

namespace {

using nlohmann::json;
namespace feed = newsmon::feed;

const std::vector<std::string> k_fields{"id", "link", "title", "published", "updated", "body"};
const std::vector<std::string> k_goal_fields{"id", "link", "title", "published"};
const std::vector<std::string> k_goal_folders{
    "wellformed/rss",  "wellformed/atom", "wellformed/atom10", "wellformed/rdf", "wellformed/amp",
    "wellformed/base", "entities",        "encoding",          "illformed"};

// Both sides compared as feedparser-dump.py's text(): white space collapsed. Text that
// differs only in where white space falls counts as agreeing, because the dump turns
// every tag into a space ("<b>x</b>y" reads "x y") where newsmon joins inline text.
std::string collapse(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : newsmon::util::trim(text)) {
    const bool is_space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (is_space) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string without_spaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') out += c;
  }
  return out;
}

std::string as_text(const json& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

bool same_text(const json& theirs, const std::string& ours) {
  const std::string a = collapse(as_text(theirs));
  const std::string b = collapse(ours);
  // feedparser maps U+00A0 to a space in its dump (Python's \s); so does newsmon's text.
  return a == b || without_spaces(a) == without_spaces(b);
}

json epoch(const feed::Date& date) {
  return date.has_value() ? json(date.epoch_seconds) : json(nullptr);
}

struct Tally {
  int agree = 0;
  int total = 0;
  void add(bool agreed) {
    ++total;
    if (agreed) ++agree;
  }
  double percent() const { return total == 0 ? 100.0 : 100.0 * agree / total; }
};

struct Disagreement {
  std::string file;
  std::string field;
  std::string theirs;
  std::string ours;
};

class Comparison {
 public:
  void compare_file(const std::string& folder, const std::string& file, const json& oracle,
                    const feed::ParsedFeed& parsed) {
    const json& feed_info = oracle["feed"];
    record(folder, file, "feed.title", same_text(feed_info["title"], parsed.feed.title),
           as_text(feed_info["title"]), parsed.feed.title);
    record(folder, file, "feed.link", same_text(feed_info["link"], parsed.feed.link),
           as_text(feed_info["link"]), parsed.feed.link);
    const json& entries = oracle["entries"];
    record(folder, file, "entries", entries.size() == parsed.items.size(),
           std::to_string(entries.size()), std::to_string(parsed.items.size()));
    const std::size_t count = std::max(entries.size(), parsed.items.size());
    for (std::size_t i = 0; i < count; ++i) {
      const bool have_theirs = i < entries.size();
      const bool have_ours = i < parsed.items.size();
      const json theirs = have_theirs ? entries[i] : json::object();
      const feed::Item ours = have_ours ? parsed.items[i] : feed::Item{};
      compare_entry(folder, fmt::format("{}#{}", file, i), theirs, ours, have_theirs && have_ours);
    }
  }

  void print(std::FILE* out) const {
    fmt::print(out, "{:<26}", "folder");
    for (const auto& field : k_fields) fmt::print(out, "{:>16}", field);
    fmt::print(out, "{:>16}{:>16}\n", "feed.title", "entries");
    for (const auto& [folder, tallies] : m_tallies) {
      fmt::print(out, "{:<26}", folder);
      for (const auto& field : k_fields) print_cell(out, tallies, field);
      print_cell(out, tallies, "feed.title");
      print_cell(out, tallies, "entries");
      fmt::print(out, "\n");
    }
  }

  Tally goal() const {
    Tally total;
    for (const auto& folder : k_goal_folders) {
      const auto found = m_tallies.find(folder);
      if (found == m_tallies.end()) continue;
      for (const auto& field : k_goal_fields) {
        const auto tally = found->second.find(field);
        if (tally == found->second.end()) continue;
        total.agree += tally->second.agree;
        total.total += tally->second.total;
      }
    }
    return total;
  }

  const std::vector<Disagreement>& disagreements() const { return m_disagreements; }

 private:
  static void print_cell(std::FILE* out, const std::map<std::string, Tally>& tallies,
                         const std::string& field) {
    const auto found = tallies.find(field);
    if (found == tallies.end() || found->second.total == 0) {
      fmt::print(out, "{:>16}", "-");
      return;
    }
    fmt::print(out, "{:>16}",
               fmt::format("{}/{} {:.1f}%", found->second.agree, found->second.total,
                           found->second.percent()));
  }

  void compare_entry(const std::string& folder, const std::string& where, const json& theirs,
                     const feed::Item& ours, bool both) {
    const std::string our_id = ours.id_is_fallback ? std::string() : ours.id;
    const json their = theirs;
    const auto value = [&](const char* key) { return their.contains(key) ? their[key] : json(); };
    record(folder, where, "id", both && same_text(value("id"), our_id), as_text(value("id")),
           our_id);
    record(folder, where, "link", both && same_text(value("link"), ours.link),
           as_text(value("link")), ours.link);
    record(folder, where, "title", both && same_text(value("title"), ours.title),
           as_text(value("title")), ours.title);
    record(folder, where, "published", both && value("published") == epoch(ours.published),
           as_text(value("published")), as_text(epoch(ours.published)));
    // feedparser's updated falls back to published (its issue 310 compatibility shim).
    const json our_updated = ours.updated.has_value() ? epoch(ours.updated) : epoch(ours.published);
    record(folder, where, "updated", both && value("updated") == our_updated,
           as_text(value("updated")), as_text(our_updated));
    const std::string& body = ours.content.empty() ? ours.summary : ours.content;
    record(folder, where, "body", both && same_text(value("body_text"), body),
           as_text(value("body_text")), body);
  }

  void record(const std::string& folder, const std::string& where, const std::string& field,
              bool agreed, std::string theirs, std::string ours) {
    m_tallies[folder][field].add(agreed);
    if (!agreed) m_disagreements.push_back({where, field, std::move(theirs), std::move(ours)});
  }

  std::map<std::string, std::map<std::string, Tally>> m_tallies;
  std::vector<Disagreement> m_disagreements;
};

std::string folder_of(const std::string& file) {
  const auto slash = file.find('/');
  if (file.compare(0, slash, "wellformed") == 0 || file.compare(0, slash, "illformed") == 0) {
    const auto second = file.find('/', slash + 1);
    if (file.compare(0, slash, "illformed") == 0) return "illformed";
    return file.substr(0, second);
  }
  return file.substr(0, slash);
}

std::string read_or_fail(const std::filesystem::path& path) {
  auto text = newsmon::util::read_file(path);
  if (!text) FAIL(text.error().message);
  return *text;
}

double recorded_minimum() {
  const auto path = newsmon::test::source_dir() / "tests" / "conformance" / "minimum-agreement.txt";
  std::istringstream in(read_or_fail(path));
  double minimum = 0;
  in >> minimum;
  return minimum;
}

std::string shorten(std::string text) {
  if (text.size() > 70) text = newsmon::util::truncate_utf8(text, 70);
  return text;
}

}  // namespace

TEST_CASE("Agreement with feedparser on its own test corpus stays at the recorded level",
          "[conformance]") {
  const auto shared = newsmon::test::shared_dir_or_skip();
  const auto corpus = shared / "conformance" / "feedparser-6.0.10";
  std::ifstream oracle_lines(shared / "conformance" / "feedparser-6.0.10.oracle.jsonl");
  REQUIRE(oracle_lines);

  Comparison comparison;
  int files = 0;
  int oracle_crashes = 0;
  std::string line;
  while (std::getline(oracle_lines, line)) {
    const json oracle = json::parse(line);
    const std::string file = oracle["file"].get<std::string>();
    if (oracle.contains("crash")) {
      ++oracle_crashes;  // feedparser raised: nothing to compare with
      continue;
    }
    // The oracle was produced without HTTP headers (no --content-type, no --base), so
    // the files are parsed here without them too, whatever their Header: lines say.
    const feed::ParsedFeed parsed = feed::parse_feed(read_or_fail(corpus / file));
    comparison.compare_file(folder_of(file), file, oracle, parsed);
    ++files;
  }

  comparison.print(stdout);
  const Tally goal = comparison.goal();
  fmt::print("\n{} files compared ({} where feedparser crashed skipped)\n", files, oracle_crashes);
  fmt::print("agreement on entry id, link, title, published in the goal folders: {}/{} = {:.2f}%\n",
             goal.agree, goal.total, goal.percent());
  if (const char* listing = std::getenv("NEWSMON_CONFORMANCE_LISTING")) {
    std::ofstream out(listing);
    for (const auto& d : comparison.disagreements()) {
      out << json{{"file", d.file},
                  {"field", d.field},
                  {"feedparser", d.theirs},
                  {"newsmon", d.ours}}
                 .dump()
          << "\n";
    }
  } else {
    for (const auto& d : comparison.disagreements()) {
      if (std::find(k_goal_fields.begin(), k_goal_fields.end(), d.field) == k_goal_fields.end()) {
        continue;
      }
      fmt::print("  {} {}: feedparser {:?} newsmon {:?}\n", d.file, d.field, shorten(d.theirs),
                 shorten(d.ours));
    }
  }
  CHECK(files > 2000);
  REQUIRE(goal.percent() >= recorded_minimum());
}

TEST_CASE("The fast HTML path and gumbo agree on every HTML field of the corpus",
          "[conformance][html]") {
  const auto shared = newsmon::test::shared_dir_or_skip();
  const auto corpus = shared / "conformance" / "feedparser-6.0.10";
  int fast = 0;
  int total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(corpus)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".xml") continue;
    const feed::ParsedFeed parsed = feed::parse_feed(read_or_fail(entry.path()));
    for (const auto& item : parsed.items) {
      for (const std::string* html : {&item.title_html, &item.summary_html, &item.content_html}) {
        if (html->empty()) continue;
        ++total;
        const auto quick = feed::html_to_text_fast(*html);
        if (!quick) continue;
        ++fast;
        INFO(entry.path().string() << ": " << *html);
        CHECK(*quick == feed::html_to_text_full(*html));
      }
    }
  }
  fmt::print("fast path took {} of {} HTML fields\n", fast, total);
  CHECK(fast > total / 2);
}
