#include <cstdio>
#include <cstdlib>
#include <string>

#include <spdlog/spdlog.h>

#include "tests/fuzz/fuzz.h"

namespace newsmon::fuzz {
namespace {

constexpr Target k_targets[] = {
    {"feed_parse", feed_parse, "a feed document of any format, its format and charset sniffed"},
    {"feed_rss", feed_rss, "the inside of an RSS 2.0 <channel> (items, channel elements)"},
    {"feed_rdf", feed_rdf, "the inside of an RSS 1.0 <rdf:RDF> (channel, items)"},
    {"feed_atom", feed_atom, "the inside of an Atom 1.0 <feed> (entries, feed elements)"},
    {"feed_json", feed_json, "a JSON Feed document"},
    {"feed_html", feed_html, "an HTML fragment or page (HTML to text, feed discovery)"},
    {"feed_date", feed_date, "a date as feeds write it"},
    {"feed_charset", feed_charset, "optional \"Content-Type: ...\" line, then document bytes"},
    {"util_url", util_url, "a base URL, a line break, a reference"},
    {"rules_query", rules_query, "a rule query, parsed, compiled and matched"},
    {"rules_file", rules_file, "a rule file, loaded, its tests run, a story matched"},
    {"alert_payload", alert_payload, "the fields of an alert, one a line, in four formats"},
    {"app_opml", app_opml, "an OPML document, read, written and read again"},
    {"app_config", app_config, "a configuration file"},
};

}  // namespace

std::span<const Target> targets() {
  return k_targets;
}

const Target* find_target(std::string_view name) {
  for (const auto& target : k_targets) {
    if (target.name == name) return &target;
  }
  return nullptr;
}

void require(bool condition, std::string_view what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz: invariant broken: %.*s\n", static_cast<int>(what.size()),
               what.data());
  std::abort();
}

void quiet_logs() {
  static const bool quiet = [] {
    spdlog::set_level(spdlog::level::off);
    return true;
  }();
  (void)quiet;
}

std::string_view Lines::next() {
  const auto end = m_rest.find('\n');
  if (end == std::string_view::npos) return rest();
  const auto line = m_rest.substr(0, end);
  m_rest.remove_prefix(end + 1);
  return line;
}

std::string_view Lines::rest() {
  const auto all = m_rest;
  m_rest = {};
  return all;
}

}  // namespace newsmon::fuzz
