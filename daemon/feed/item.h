#pragma once
// The feed model every other part of newsmon reads: what a feed document said about
// itself and about each of its entries, already decoded to UTF-8. Plain-text fields are
// what rules match against; the *_html fields keep the original markup for display.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/util/enum_names.h"

namespace newsmon::feed {

enum class FeedFormat {
  unknown,
  rss090,
  rss091,
  rss092,
  rss093,
  rss094,
  rss20,
  rss10,
  atom03,
  atom10,
  json10,
  json11
};

/// "rss20", "atom10", "json11", ... (the names feedparser uses for its `version`);
/// FeedFormat::unknown has none.
inline constexpr auto k_feed_format_names =
    util::enum_names<FeedFormat>("feed format", {{FeedFormat::rss090, "rss090"},
                                                 {FeedFormat::rss091, "rss091"},
                                                 {FeedFormat::rss092, "rss092"},
                                                 {FeedFormat::rss093, "rss093"},
                                                 {FeedFormat::rss094, "rss094"},
                                                 {FeedFormat::rss20, "rss20"},
                                                 {FeedFormat::rss10, "rss10"},
                                                 {FeedFormat::atom03, "atom03"},
                                                 {FeedFormat::atom10, "atom10"},
                                                 {FeedFormat::json10, "json10"},
                                                 {FeedFormat::json11, "json11"}});
/// k_feed_format_names' name; "" for FeedFormat::unknown.
const char* format_name(FeedFormat format);

/// Whether a date was given and could be read. An entry without a readable date is
/// never given a made-up one: the store keeps the time it was first seen separately.
enum class DateStatus { missing, parsed, unreadable };
inline constexpr auto k_date_status_names =
    util::enum_names<DateStatus>("date status", {{DateStatus::missing, "missing"},
                                                 {DateStatus::parsed, "parsed"},
                                                 {DateStatus::unreadable, "unreadable"}});

struct Date {
  DateStatus status = DateStatus::missing;
  std::int64_t epoch_seconds = 0;  ///< UTC; meaningful only when status == parsed
  std::string raw;                 ///< the text as the feed wrote it

  bool has_value() const { return status == DateStatus::parsed; }
};

struct Person {
  std::string name;
  std::string email;
  std::string uri;
};

struct Enclosure {
  std::string url;
  std::string type;
  std::optional<std::int64_t> length;
};

struct Item {
  std::string id;  ///< entry id; a fallback (link, else hash of title and text) when absent
  bool id_is_fallback = false;
  std::string link;        ///< absolute URL of the story (resolved against xml:base / the feed URL)
  std::string title;       ///< plain text
  std::string summary;     ///< plain text
  std::string content;     ///< plain text of the full content when the feed carries it
  std::string title_html;  ///< original markup, for display
  std::string summary_html;
  std::string content_html;
  Date published;
  Date updated;
  std::vector<std::string> categories;
  std::vector<Person> authors;
  std::vector<Enclosure> enclosures;

  /// The date to file the entry under: published when readable, else updated (RSS 1.0
  /// and many Atom feeds give only that), else the missing or unreadable published date.
  const Date& best_date() const {
    return published.has_value() || !updated.has_value() ? published : updated;
  }
};

struct FeedInfo {
  FeedFormat format = FeedFormat::unknown;
  std::string title;
  std::string link;  ///< the site the feed belongs to
  std::string id;
  std::string language;
  std::string description;
  Date updated;
  std::optional<int> ttl_minutes;       ///< RSS <ttl>
  std::vector<int> skip_hours;          ///< RSS <skipHours>, 0..23 (GMT)
  std::vector<std::string> skip_days;   ///< RSS <skipDays>, "Monday".."Sunday"
  std::vector<std::string> self_links;  ///< atom:link rel="self"
  std::vector<std::string> hub_links;   ///< atom:link rel="hub" (WebSub)
};

/// How a document was read: problems are reported here, never thrown.
struct ParseReport {
  bool well_formed = true;  ///< false when the document had to be recovered from
  /// What was wrong and where ("line 12, column 4: ..."), also for a document that reads
  /// well once repaired ("removed 1 NUL byte ... in the entry "Title"") or bounded ("2
  /// entity references were left as written ..."): worth telling the feed's owner.
  std::string error;
  std::string encoding;  ///< the charset the bytes were decoded from ("utf-8", "windows-1251")
  bool is_html_page =
      false;             ///< an HTML page (bot wall, login page, site) where a feed was expected
  bool is_feed = false;  ///< a recognised feed format was found
  /// Problems that did not stop the parse ("declared as us-ascii, read as utf-8").
  std::vector<std::string> warnings;
};

struct ParsedFeed {
  FeedInfo feed;
  std::vector<Item> items;
  ParseReport report;
};

}  // namespace newsmon::feed
