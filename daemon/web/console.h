#pragma once
// The console's front door: every request passes here. It serves the compiled-in
// assets, checks who is asking (sign-in, bearer token, or loopback without web.auth),
// refuses state changes without a CSRF token or from another origin, routes to a page
// and adds the headers every answer carries (a strict Content-Security-Policy, no
// framing, no caching of pages).

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "daemon/web/auth.h"
#include "daemon/web/http_listener.h"
#include "daemon/web/pages.h"
#include "daemon/web/source.h"

namespace newsmon::util {
class Clock;
}

namespace newsmon::web {

/// Opens a live stream of new alerts for a client that has seen those up to `after`.
using LiveSubscribe = std::function<void(std::shared_ptr<ResponseStream>, std::int64_t after)>;

enum class HostCheck {
  loopback,  ///< only Host headers naming this machine (no auth: guards against DNS rebinding)
  any,       ///< any Host (web.auth is on)
};

class Console {
 public:
  /// The source and clock must outlive the console.
  Console(ConsoleSource& source, Authenticator auth, std::chrono::seconds session,
          const util::Clock& clock);

  /// Answers one request. Thread-safe.
  HttpResponse handle(const HttpRequest& request);

  /// Replaces the rules the pages show, the playground's lists and bounds and what a
  /// silence may name (start and reload).
  void set_rules(RulesUpdate update);
  /// Where /events streams go; without it /events answers 503.
  void set_live(LiveSubscribe subscribe) { m_live = std::move(subscribe); }

 private:
  struct Visitor;
  Visitor identify(const HttpRequest& request, Epoch now) const;
  HttpResponse route(const HttpRequest& request, PageRequest& page, Visitor& visitor);
  HttpResponse login(PageRequest& page, Visitor& visitor);
  HttpResponse events(const HttpRequest& request, const PageRequest& page);
  PageResult page_for(const PageRequest& page);
  HttpResponse respond(const PageResult& result, const PageRequest& page,
                       const Visitor& visitor) const;
  std::shared_ptr<const RulesSnapshot> rules() const;

  ConsoleSource& m_source;
  Authenticator m_auth;
  Sessions m_sessions;
  const util::Clock& m_clock;
  HostCheck m_host_check;
  LiveSubscribe m_live;
  mutable std::mutex m_rules_mutex;
  std::shared_ptr<const RulesSnapshot> m_rules;
};

/// The headers every console answer carries.
void add_security_headers(HttpResponse& response);

}  // namespace newsmon::web
