#include "daemon/web/console.h"

#include <charconv>

#include <fmt/format.h>

#include "daemon/util/clock.h"
#include "daemon/web/assets.h"
#include "daemon/web/config.h"

namespace newsmon::web {
namespace {

constexpr const char* k_cookie = "newsmon_session";
constexpr const char* k_html = "text/html; charset=utf-8";

HttpResponse plain(int status, std::string message) {
  return HttpResponse(status, "text/plain; charset=utf-8", std::move(message) + "\n");
}

HttpResponse redirect(const std::string& location) {
  HttpResponse response = plain(303, "see " + location);
  response.headers.emplace_back("Location", location);
  return response;
}

// The host of a Host header or an origin, without port or scheme.
std::string host_part(std::string_view value) {
  if (const auto scheme = value.find("://"); scheme != std::string_view::npos) {
    value = value.substr(scheme + 3);
  }
  if (value.starts_with('[')) return std::string(value.substr(0, value.find(']') + 1));
  return std::string(value.substr(0, value.find(':')));
}

// A browser names the page a request comes from; it must be this console.
bool same_origin(const HttpRequest& request) {
  const auto origin = request.header("origin");
  if (!origin || *origin == "null") return true;  // not sent: the CSRF token decides
  const auto host = request.header("host").value_or("");
  const auto scheme = origin->find("://");
  return scheme != std::string::npos && origin->substr(scheme + 3) == host;
}

// Where to go after signing in: a path of this console, never another site.
std::string local_path(const std::string& next) {
  if (next.empty() || next[0] != '/' || next.starts_with("//") ||
      next.find('\\') != std::string::npos) {
    return "/alerts";
  }
  return next;
}

std::int64_t number_after(std::string_view path, std::string_view prefix) {
  if (!path.starts_with(prefix)) return 0;
  const auto digits = path.substr(prefix.size());
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return error == std::errc() && end == digits.data() + digits.size() ? value : 0;
}

HttpResponse static_asset(std::string_view path) {
  const Asset* asset = find_asset(path.substr(std::string_view("/static/").size()));
  if (asset == nullptr) return plain(404, "no such file");
  HttpResponse response(200, std::string(asset->content_type), std::string(asset->body));
  response.headers.emplace_back("Cache-Control", "public, max-age=300");
  return response;
}

}  // namespace

void add_security_headers(HttpResponse& response) {
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  response.headers.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
  const bool cached = std::any_of(response.headers.begin(), response.headers.end(),
                                  [](const auto& field) { return field.first == "Cache-Control"; });
  if (!cached) response.headers.emplace_back("Cache-Control", "no-store");
}

/// Who is asking: a signed-in user, a bearer token, or nobody yet.
struct Console::Visitor {
  std::string user;         ///< empty: not signed in
  std::string cookie;       ///< the session cookie forms are bound to
  bool new_cookie = false;  ///< cookie must be set on the answer
  bool bearer = false;      ///< authorised by an Authorization header (no cookie, no CSRF)
};

Console::Console(ConsoleSource& source, Authenticator auth, std::chrono::seconds session,
                 const util::Clock& clock)
    : m_source(source),
      m_auth(std::move(auth)),
      m_sessions(session),
      m_clock(clock),
      m_host_check(m_auth.enabled() ? HostCheck::any : HostCheck::loopback),
      m_rules(std::make_shared<RulesSnapshot>()) {}

void Console::set_rules(RulesUpdate update) {
  auto snapshot = std::make_shared<RulesSnapshot>();
  for (auto& summary : update.summaries) {
    if (!summary.enabled) snapshot->disabled.push_back(std::move(summary));
  }
  if (update.rules) snapshot->failures = update.rules->run_tests();
  snapshot->rules = std::move(update.rules);
  snapshot->paths = std::move(update.paths);
  snapshot->names = std::move(update.names);
  snapshot->options = update.options;
  std::lock_guard lock(m_rules_mutex);
  m_rules = std::move(snapshot);
}

std::shared_ptr<const RulesSnapshot> Console::rules() const {
  std::lock_guard lock(m_rules_mutex);
  return m_rules;
}

Console::Visitor Console::identify(const HttpRequest& request, Epoch now) const {
  Visitor visitor;
  const auto authorization = request.header("authorization").value_or("");
  if (authorization.starts_with("Bearer ")) {
    if (auto user = m_auth.check_token(authorization.substr(7))) {
      visitor.user = *user;
      visitor.bearer = true;
      return visitor;
    }
  }
  const auto cookie = cookie_value(request.header("cookie").value_or(""), k_cookie);
  if (cookie) {
    if (auto user = m_sessions.verify(*cookie, now)) {
      visitor.cookie = *cookie;
      visitor.user = *user;
    }
  }
  if (visitor.cookie.empty()) {
    // Without web.auth everyone on this machine is "local"; with it, a visitor starts
    // signed out, with a cookie that the sign-in form's CSRF token is bound to.
    visitor.cookie = m_sessions.issue(m_auth.enabled() ? "" : "local", now);
    visitor.user = m_auth.enabled() ? "" : "local";
    visitor.new_cookie = true;
  }
  return visitor;
}

HttpResponse Console::handle(const HttpRequest& request) {
  const Target target = parse_target(request.target);
  HttpResponse response;
  if (target.path.starts_with("/static/")) {
    response = static_asset(target.path);
  } else if (m_host_check == HostCheck::loopback &&
             !is_loopback_host(host_part(request.header("host").value_or("")))) {
    response = plain(421, "this console answers only to localhost, 127.0.0.1 or [::1]");
  } else {
    const Epoch now = util::to_epoch_seconds(m_clock.now());
    Visitor visitor = identify(request, now);
    PageRequest page{
        target.path, target.query, {}, visitor.user, {}, now, request.method == "POST"};
    page.csrf = m_sessions.csrf_token(visitor.cookie);
    if (page.post) page.form = Form::parse(request.body);
    response = route(request, page, visitor);
    if (visitor.new_cookie) {
      response.headers.emplace_back(
          "Set-Cookie", fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
                                    k_cookie, visitor.cookie, m_sessions.lifetime().count()));
    }
  }
  add_security_headers(response);
  return response;
}

HttpResponse Console::route(const HttpRequest& request, PageRequest& page, Visitor& visitor) {
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (!read && !page.post) return plain(405, "only GET and POST are served here");
  if (page.post && !visitor.bearer &&
      (!same_origin(request) || !m_sessions.check_csrf(visitor.cookie, page.form.get("csrf")))) {
    return respond(error_page(403,
                              "This form has expired or came from another site: reload "
                              "the page and try again."),
                   page, visitor);
  }
  if (page.path == "/login") return login(page, visitor);
  if (visitor.user.empty()) {
    if (!read || page.path == "/events") return plain(401, "sign in first");
    return redirect("/login?next=" + url_encode(request.target));
  }
  if (page.path == "/logout" && page.post) {
    visitor.cookie = m_sessions.issue("", page.now);
    visitor.new_cookie = true;
    return redirect("/login");
  }
  if (page.path == "/events" && read) return events(request, page);
  return respond(page_for(page), page, visitor);
}

PageResult Console::page_for(const PageRequest& page) {
  const auto snapshot = rules();
  const std::string& path = page.path;
  if (page.post) {
    if (path == "/playground") return playground_page(page, m_source, *snapshot);
    if (path.starts_with("/silences")) return silence_action(page, m_source, *snapshot);
    return error_page(405, "Nothing here takes a form.");
  }
  if (path == "/") return PageResult{303, "", "", {}, "/alerts"};
  if (path == "/alerts") return alerts_page(page, m_source, *snapshot);
  if (const auto id = number_after(path, "/alerts/"))
    return alert_page(page, m_source, *snapshot, id);
  if (path == "/feeds") return feeds_page(page, m_source);
  if (path == "/rules") return rules_page(page, *snapshot);
  if (path == "/playground") return playground_page(page, m_source, *snapshot);
  if (path == "/activity") return activity_page(page, m_source);
  if (path == "/silences") return silences_page(page, m_source);
  return error_page(404, "There is no page here.");
}

HttpResponse Console::respond(const PageResult& result, const PageRequest& page,
                              const Visitor&) const {
  if (!result.redirect.empty()) return redirect(result.redirect);
  return HttpResponse(result.status, k_html, render_document(result, page));
}

HttpResponse Console::login(PageRequest& page, Visitor& visitor) {
  if (!m_auth.enabled()) return redirect("/alerts");
  if (!page.post) {
    return respond(login_page(page, m_auth.has_users(), m_auth.has_token(), ""), page, visitor);
  }
  std::optional<std::string> user;
  if (const auto token = page.form.get("token"); !token.empty()) user = m_auth.check_token(token);
  if (!user && !page.form.get("user").empty()) {
    user = m_auth.check_password(page.form.get("user"), page.form.get("password"));
  }
  if (!user) {
    page.query.set("next", page.form.get("next"));
    return respond(login_page(page, m_auth.has_users(), m_auth.has_token(),
                              "That did not match: check the name and password, or the token."),
                   page, visitor);
  }
  // A new cookie: the one held before signing in is not promoted.
  visitor.cookie = m_sessions.issue(*user, page.now);
  visitor.new_cookie = true;
  return redirect(local_path(page.form.get("next")));
}

HttpResponse Console::events(const HttpRequest& request, const PageRequest& page) {
  if (!m_live) return plain(503, "live updates are not running");
  // A browser reconnecting after a break says which alert it saw last.
  auto after = number_after(page.query.get("after"), "");
  const auto last = number_after(request.header("last-event-id").value_or(""), "");
  after = std::max(after, last);
  HttpResponse response(200, "text/event-stream; charset=utf-8", "");
  response.stream = [live = m_live, after](std::shared_ptr<ResponseStream> stream) {
    live(std::move(stream), after);
  };
  return response;
}

}  // namespace newsmon::web
