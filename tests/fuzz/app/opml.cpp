// OPML feed lists: imported, exported, and imported again.

#include "daemon/app/opml.h"
#include "tests/fuzz/fuzz.h"

namespace newsmon::fuzz {

void app_opml(std::string_view input) {
  const auto document = app::read_opml(input, "fuzz.opml");
  if (!document) {
    require(!document.error().message.empty(), "an unreadable OPML file says why");
    return;
  }
  for (const auto& feed : document->feeds) {
    require(!feed.url.empty() && feed.line >= 1, "an imported feed has a URL and a line");
  }
  // `feeds export` then `feeds import` gives the same feeds back.
  const auto again = app::read_opml(app::write_opml(document->title, document->feeds), "again");
  require(again.ok(), "an exported feed list reads back");
  require(again->feeds.size() == document->feeds.size(), "export keeps every feed");
  for (std::size_t i = 0; i < again->feeds.size(); ++i) {
    require(again->feeds[i].url == document->feeds[i].url, "export keeps every feed's URL");
  }
}

}  // namespace newsmon::fuzz
