#include "daemon/web/page_parts.h"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

namespace newsmon::web {

std::string format_time(Epoch at) {
  if (at == 0) return "—";
  const std::time_t time = at;
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
  return text;
}

std::string relative_time(Epoch at, Epoch now) {
  if (at == 0) return "—";
  const Epoch delta = at > now ? at - now : now - at;
  std::string amount;
  if (delta < 60) {
    amount = fmt::format("{} s", delta);
  } else if (delta < 3600) {
    amount = fmt::format("{} min", delta / 60);
  } else if (delta < 2 * 86400) {
    amount = fmt::format("{} h", delta / 3600);
  } else {
    amount = fmt::format("{} d", delta / 86400);
  }
  return at > now ? "in " + amount : amount + " ago";
}

void time_cell(Html& html, Epoch at, Epoch now) {
  html.markup("<time").attr("title", format_time(at)).markup(">");
  html.text(relative_time(at, now)).markup("</time>");
}

void severity_badge(Html& html, rules::Severity severity) {
  const std::string name = rules::severity_name(severity);
  html.markup("<span").attr("class", "severity severity-" + name).markup(">");
  html.text(name).markup("</span>");
}

namespace {

bool continuation_byte(std::string_view text, std::size_t at) {
  return at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80;
}

}  // namespace

void marked_text(Html& html, std::string_view text, std::vector<Range> ranges) {
  std::erase_if(ranges, [&](const Range& range) {
    return range.start >= range.end || range.end > text.size() ||
           continuation_byte(text, range.start) || continuation_byte(text, range.end);
  });
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.start < b.start; });
  std::size_t done = 0;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    std::size_t start = std::max(ranges[i].start, done);
    std::size_t end = ranges[i].end;
    while (i + 1 < ranges.size() && ranges[i + 1].start <= end)
      end = std::max(end, ranges[++i].end);
    if (end <= start) continue;
    html.text(text.substr(done, start - done)).markup("<mark>");
    html.text(text.substr(start, end - start)).markup("</mark>");
    done = end;
  }
  html.text(text.substr(done));
}

std::vector<Range> ranges_of(const std::vector<rules::Hit>& hits, rules::Field field) {
  std::vector<Range> ranges;
  for (const auto& hit : hits) {
    if (hit.field == field) ranges.push_back({hit.start, hit.end});
  }
  return ranges;
}

void outside_link(Html& html, std::string_view url, std::string_view text) {
  const auto link = safe_link(url);
  if (link.empty()) {
    html.text(text);
    return;
  }
  html.markup("<a rel=\"noopener noreferrer\"").attr("href", link).markup(">");
  html.text(text).markup("</a>");
}

void csrf_field(Html& html, const std::string& token) {
  html.markup("<input type=\"hidden\" name=\"csrf\"").attr("value", token).markup(">");
}

void select_field(Html& html, const char* label, const std::string& name,
                  const std::vector<std::pair<std::string, std::string>>& choices,
                  const std::string& selected) {
  html.markup("<label>").text(label).markup(" <select name=\"").text(name).markup("\">");
  html.markup("<option value=\"\">any</option>");
  for (const auto& [value, shown] : choices) {
    html.markup("<option").attr("value", value);
    if (value == selected) html.markup(" selected");
    html.markup(">").text(shown).markup("</option>");
  }
  html.markup("</select></label>");
}

}  // namespace newsmon::web
