// Silences: the list, a form to add one, and a button to end one early. They are the
// store's silences: the ones `newsmon silence list` shows and the daemon applies.

#include <charconv>

#include <fmt/format.h>

#include "daemon/web/page_parts.h"
#include "daemon/web/pages.h"

namespace newsmon::web {
namespace {

constexpr std::int64_t k_max_hours = 8760;

std::int64_t to_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : 0;
}

struct Matcher {
  const char* name;   ///< the form field, and how messages name it
  const char* label;  ///< what the form shows
  const char* hint;
};
constexpr Matcher k_matchers[] = {{"rule", "Rule (glob)", "arms-*"},
                                  {"topic", "Topic", "arms_transfer"},
                                  {"feed", "Feed URL (glob)", "https://wire.example/*"},
                                  {"endpoint", "Webhook", "analysts"},
                                  {"query", "Query", "title:(opinion OR column)"}};

store::SilenceMatchers matchers_of(const Form& form) {
  return {form.get("rule"), form.get("topic"), form.get("feed"), form.get("endpoint"),
          form.get("query")};
}

// The form, filled with what was posted (or asked for in the address) when it comes back
// with mistakes.
void add_form(Html& html, const PageRequest& request, const std::vector<std::string>& mistakes) {
  const Form& filled = request.post ? request.form : request.query;
  html.markup("<h2>Add a silence</h2>");
  if (!mistakes.empty()) {
    html.markup("<ul class=\"problems\" id=\"silence-problems\">");
    for (const auto& mistake : mistakes) html.markup("<li>").text(mistake).markup("</li>");
    html.markup("</ul>");
  }
  html.markup("<form method=\"post\" action=\"/silences\" class=\"filters\">");
  csrf_field(html, request.csrf);
  for (const auto& matcher : k_matchers) {
    html.markup("<label>").text(matcher.label).markup(" <input").attr("name", matcher.name);
    html.attr("value", filled.get(matcher.name)).attr("placeholder", matcher.hint);
    html.markup("></label>");
  }
  const auto hours = filled.get("hours");
  html.markup("<label>Hours <input name=\"hours\" type=\"number\" min=\"1\" max=\"8760\"");
  html.attr("value", hours.empty() ? "24" : hours).markup("></label>");
  html.markup("<label>Comment <input name=\"comment\"").attr("value", filled.get("comment"));
  html.markup("></label><button type=\"submit\">Silence</button></form>");
  html.markup(
      "<p class=\"note\">Every matcher given must hold. A webhook's message about an alert is "
      "held when silences cover every rule of it the webhook wants; a running newsmon "
      "applies a silence within seconds.</p>");
}

void matchers_cell(Html& html, const store::SilenceMatchers& matchers) {
  const std::pair<const char*, const std::string*> values[] = {{"rule", &matchers.rule_glob},
                                                               {"topic", &matchers.topic},
                                                               {"feed", &matchers.feed_glob},
                                                               {"endpoint", &matchers.endpoint},
                                                               {"query", &matchers.query}};
  for (const auto& [name, value] : values) {
    if (value->empty()) continue;
    html.markup("<code>").text(name).markup("=").text(*value).markup("</code> ");
  }
}

void state_cell(Html& html, const store::Silence& silence, Epoch now) {
  if (silence.active_at(now)) {
    html.markup("<span class=\"state state-active\">active</span>");
  } else if (silence.starts_at > now) {
    html.markup("<span class=\"state state-pending\">starts later</span>");
  } else {
    html.markup("<span class=\"state state-expired\">");
    html.text(silence.expired_at ? "expired by hand" : "expired").markup("</span>");
  }
}

void silence_row(Html& html, const PageRequest& request, const store::Silence& silence) {
  html.markup("<tr").attr("id", fmt::format("silence-{}", silence.id)).markup("><td>");
  html.number(silence.id).markup("</td><td>");
  state_cell(html, silence, request.now);
  html.markup("</td><td>");
  matchers_cell(html, silence.matchers);
  html.markup("</td><td>").text(silence.comment).markup("</td><td>").text(silence.created_by);
  html.markup("</td><td>").text(format_time(silence.starts_at)).markup("</td><td>");
  html.text(format_time(silence.ends_at)).markup("</td><td>").number(silence.held_deliveries);
  html.markup("</td><td>");
  if (silence.ends_at > request.now) {
    html.markup("<form method=\"post\" class=\"inline\"");
    html.attr("action", fmt::format("/silences/{}/expire", silence.id)).markup(">");
    csrf_field(html, request.csrf);
    html.markup("<button type=\"submit\">Expire</button></form>");
  }
  html.markup("</td></tr>");
}

PageResult listing(const PageRequest& request, ConsoleSource& source,
                   const std::vector<std::string>& mistakes) {
  PageResult result{mistakes.empty() ? 200 : 400, "Silences", "silences", {}, {}};
  auto silences = source.silences(request.now);
  if (!silences) return error_page(500, silences.error().message);
  Html& html = result.body;
  html.markup("<h1>Silences</h1>");
  add_form(html, request, mistakes);
  html.markup(
      "<h2>Silences</h2><table class=\"silences\"><thead><tr><th>#</th><th>State</th>"
      "<th>Matches</th><th>Comment</th><th>By</th><th>From</th><th>Until</th>"
      "<th>Held</th><th></th></tr></thead><tbody>");
  for (const auto& silence : *silences) silence_row(html, request, silence);
  html.markup("</tbody></table>");
  if (silences->empty()) html.markup("<p class=\"empty\">No silences.</p>");
  return result;
}

PageResult add_silence(const PageRequest& request, ConsoleSource& source,
                       const RulesSnapshot& rules) {
  const auto matchers = matchers_of(request.form);
  auto mistakes = alert::silence_mistakes(matchers, rules.names,
                                          [](std::string_view name) { return std::string(name); });
  const auto hours = to_number(request.form.get("hours"));
  if (hours < 1 || hours > k_max_hours) mistakes.push_back("a silence lasts 1 to 8760 hours");
  if (!mistakes.empty()) return listing(request, source, mistakes);
  const store::NewSilence silence{matchers, request.form.get("comment"), request.user, request.now,
                                  request.now + hours * 3600};
  if (auto added = source.add_silence(silence, request.now); !added) {
    return error_page(500, added.error().message);
  }
  PageResult result;
  result.redirect = "/silences";
  return result;
}

}  // namespace

PageResult silences_page(const PageRequest& request, ConsoleSource& source) {
  return listing(request, source, {});
}

PageResult silence_action(const PageRequest& request, ConsoleSource& source,
                          const RulesSnapshot& rules) {
  if (request.path == "/silences") return add_silence(request, source, rules);
  const auto id = request.path.substr(std::string("/silences/").size());
  const auto number = to_number(id.substr(0, id.find('/')));
  if (number == 0 || !id.ends_with("/expire")) return error_page(404, "No such silence.");
  if (auto expired = source.expire_silence(number, request.now); !expired) {
    return error_page(404, expired.error().message);
  }
  PageResult result;
  result.redirect = "/silences";
  return result;
}

}  // namespace newsmon::web
