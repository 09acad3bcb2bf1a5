#pragma once
// OPML feed lists, as feed readers import and export them: read the feed outlines of a
// document (nested folders become categories) and write a document from a feed list.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/util/result.h"

namespace newsmon::app {

struct OpmlFeed {
  std::string url;                      ///< the outline's xmlUrl
  std::string title;                    ///< its title (or text) attribute
  std::string site_url;                 ///< its htmlUrl
  std::vector<std::string> categories;  ///< enclosing folders, outermost first, then `category`
  int line = 0;                         ///< where the outline is, for messages
};

struct OpmlDocument {
  std::string title;
  std::vector<OpmlFeed> feeds;        ///< in document order
  std::vector<std::string> warnings;  ///< outlines skipped, each with its line and why
};

/// Reads an OPML document. An Error (naming `source` and the line) when the text is not
/// well-formed XML or not OPML; outlines with an unusable xmlUrl are skipped with a warning.
util::Result<OpmlDocument> read_opml(std::string_view text, const std::filesystem::path& source);
util::Result<OpmlDocument> read_opml_file(const std::filesystem::path& path);

/// An OPML 2.0 document listing the feeds (categories as the `category` attribute).
std::string write_opml(const std::string& title, const std::vector<OpmlFeed>& feeds);

}  // namespace newsmon::app
