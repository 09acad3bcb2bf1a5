// The frame around every page, the sign-in page and error pages.

#include <fmt/format.h>

#include "daemon/web/page_parts.h"
#include "daemon/web/pages.h"

namespace newsmon::web {
namespace {

struct Tab {
  const char* section;
  const char* path;
  const char* label;
};
constexpr Tab k_tabs[] = {{"alerts", "/alerts", "Alerts"},
                          {"activity", "/activity", "Activity"},
                          {"feeds", "/feeds", "Feeds"},
                          {"rules", "/rules", "Rules"},
                          {"playground", "/playground", "Playground"},
                          {"silences", "/silences", "Silences"}};

void navigation(Html& html, const PageResult& page, const PageRequest& request) {
  html.markup("<header class=\"top\"><a class=\"brand\" href=\"/alerts\">newsmon</a><nav>");
  for (const auto& tab : k_tabs) {
    html.markup("<a").attr("href", tab.path);
    if (page.section == tab.section || request.path == tab.path) {
      html.markup(" aria-current=\"page\"");
    }
    html.markup(">").text(tab.label).markup("</a>");
  }
  html.markup("</nav>");
  if (!request.user.empty() && request.user != "local") {
    html.markup("<form class=\"signout\" method=\"post\" action=\"/logout\">");
    csrf_field(html, request.csrf);
    html.markup("<span>").text(request.user).markup("</span> <button type=\"submit\">Sign out");
    html.markup("</button></form>");
  }
  html.markup("</header>");
}

}  // namespace

std::string render_document(const PageResult& page, const PageRequest& request) {
  Html html;
  html.markup(
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>");
  html.text(page.title)
      .markup(
          " — newsmon</title>"
          "<link rel=\"stylesheet\" href=\"/static/app.css\">"
          "<link rel=\"icon\" href=\"/static/icon.svg\">"
          "<script src=\"/static/app.js\" defer></script></head><body>");
  navigation(html, page, request);
  html.markup("<main>").append(page.body).markup("</main></body></html>");
  return html.take();
}

PageResult login_page(const PageRequest& request, bool users, bool token,
                      const std::string& problem) {
  PageResult result{problem.empty() ? 200 : 401, "Sign in", "", {}, {}};
  Html& html = result.body;
  html.markup("<h1>Sign in</h1>");
  if (!problem.empty())
    html.markup("<p class=\"problem\" role=\"alert\">").text(problem).markup("</p>");
  html.markup("<form method=\"post\" action=\"/login\" class=\"login\">");
  csrf_field(html, request.csrf);
  html.markup("<input type=\"hidden\" name=\"next\"").attr("value", request.query.get("next"));
  html.markup(">");
  if (users) {
    html.markup(
        "<label>Name <input name=\"user\" autocomplete=\"username\"></label>"
        "<label>Password <input name=\"password\" type=\"password\" "
        "autocomplete=\"current-password\"></label>");
  }
  if (token) {
    html.markup(
        "<label>Token <input name=\"token\" type=\"password\" autocomplete=\"off\">"
        "</label>");
  }
  html.markup("<button type=\"submit\">Sign in</button></form>");
  return result;
}

PageResult error_page(int status, const std::string& message) {
  PageResult result{status, fmt::format("Error {}", status), "", {}, {}};
  result.body.markup("<h1>").text(result.title).markup("</h1><p class=\"problem\">");
  result.body.text(message).markup("</p>");
  return result;
}

}  // namespace newsmon::web
