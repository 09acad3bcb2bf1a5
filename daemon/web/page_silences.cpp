// Silences: the list, a form to add one, and a button to end one early.

#include <charconv>

#include <fmt/format.h>

#include "daemon/web/page_parts.h"
#include "daemon/web/pages.h"

namespace newsmon::web {
namespace {

std::int64_t to_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : 0;
}

void add_form(Html& html, const PageRequest& request) {
  html.markup(
      "<h2>Add a silence</h2><form method=\"post\" action=\"/silences\" "
      "class=\"filters\">");
  csrf_field(html, request.csrf);
  html.markup("<label>Rule (glob) <input name=\"rule\"").attr("value", request.query.get("rule"));
  html.markup(
      " placeholder=\"arms-*\"></label><label>Topic <input name=\"topic\"></label>"
      "<label>Feed URL (glob) <input name=\"feed\"></label>"
      "<label>Hours <input name=\"hours\" type=\"number\" min=\"1\" max=\"8760\" "
      "value=\"24\"></label><label>Comment <input name=\"comment\"></label>"
      "<button type=\"submit\">Silence</button></form>");
}

void silence_row(Html& html, const PageRequest& request, const SilenceView& silence) {
  html.markup("<tr").attr("id", fmt::format("silence-{}", silence.id)).markup("><td>");
  html.number(silence.id).markup("</td><td>");
  const std::vector<std::pair<const char*, const std::string*>> matchers{
      {"rule", &silence.rule_glob}, {"topic", &silence.topic}, {"feed", &silence.feed_glob}};
  for (const auto& [name, value] : matchers) {
    if (value->empty()) continue;
    html.markup("<code>").text(name).markup("=").text(*value).markup("</code> ");
  }
  html.markup("</td><td>").text(silence.comment).markup("</td><td>").text(silence.created_by);
  html.markup("</td><td>").text(format_time(silence.starts_at)).markup("</td><td>");
  html.text(format_time(silence.ends_at)).markup("</td><td>").number(silence.held);
  html.markup("</td><td>");
  if (silence.active) {
    html.markup("<form method=\"post\" class=\"inline\"");
    html.attr("action", fmt::format("/silences/{}/expire", silence.id)).markup(">");
    csrf_field(html, request.csrf);
    html.markup("<button type=\"submit\">Expire</button></form>");
  } else {
    html.markup("<span class=\"state state-expired\">expired</span>");
  }
  html.markup("</td></tr>");
}

}  // namespace

PageResult silences_page(const PageRequest& request, ConsoleSource& source) {
  PageResult result{200, "Silences", "silences", {}, {}};
  Html& html = result.body;
  html.markup("<h1>Silences</h1>");
  if (!source.has_silences()) {
    html.markup("<p class=\"empty\">This database keeps no silences yet.</p>");
    return result;
  }
  auto silences = source.silences(request.now);
  if (!silences) return error_page(500, silences.error().message);
  add_form(html, request);
  html.markup(
      "<h2>Silences</h2><table class=\"silences\"><thead><tr><th>#</th><th>Matches</th>"
      "<th>Comment</th><th>By</th><th>From</th><th>Until</th><th>Held</th><th></th>"
      "</tr></thead><tbody>");
  for (const auto& silence : *silences) silence_row(html, request, silence);
  html.markup("</tbody></table>");
  if (silences->empty()) html.markup("<p class=\"empty\">No silences.</p>");
  return result;
}

PageResult silence_action(const PageRequest& request, ConsoleSource& source) {
  if (!source.has_silences()) return error_page(404, "This database keeps no silences yet.");
  PageResult result;
  result.redirect = "/silences";
  if (request.path == "/silences") {
    NewSilence silence{request.form.get("rule"),
                       request.form.get("topic"),
                       request.form.get("feed"),
                       request.form.get("comment"),
                       request.user,
                       request.now,
                       request.now};
    const auto hours = to_number(request.form.get("hours"));
    if (hours < 1 || hours > 8760) return error_page(400, "A silence lasts 1 to 8760 hours.");
    if (silence.rule_glob.empty() && silence.topic.empty() && silence.feed_glob.empty()) {
      return error_page(400, "A silence needs a rule, a topic or a feed.");
    }
    silence.ends_at = request.now + hours * 3600;
    if (auto added = source.add_silence(silence, request.now); !added) {
      return error_page(500, added.error().message);
    }
    return result;
  }
  const auto id = request.path.substr(std::string("/silences/").size());
  const auto number = to_number(id.substr(0, id.find('/')));
  if (number == 0 || !id.ends_with("/expire")) return error_page(404, "No such silence.");
  if (auto expired = source.expire_silence(number, request.now); !expired) {
    return error_page(404, expired.error().message);
  }
  return result;
}

}  // namespace newsmon::web
