#include "daemon/app/service.h"

#include <new>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "daemon/alert/worker.h"
#include "daemon/app/instance.h"
#include "daemon/app/metrics.h"
#include "daemon/app/notify.h"
#include "daemon/app/reload_signal.h"
#include "daemon/fetch/curl_client.h"
#include "daemon/poll/ingest.h"
#include "daemon/poll/poller.h"
#include "daemon/poll/scheduler.h"
#include "daemon/rules/rule_set.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/diagnostic.h"
#include "daemon/web/http_listener.h"
#include "daemon/web/server.h"

namespace newsmon::app {
namespace {

using web::HttpListener;
using web::HttpRequest;
using web::HttpResponse;
using web::parse_listen_address;

namespace asio = boost::asio;

// Polls that ended (not cancelled), and those of them that failed: the feed's fault, or
// its items could not be stored.
std::pair<std::uint64_t, std::uint64_t> polled_and_failed(const poll::PollerCounters& counters) {
  std::uint64_t polled = 0;
  std::uint64_t failed = 0;
  for (std::size_t i = 0; i < counters.polls.size(); ++i) {
    const auto result = static_cast<store::PollResult>(i);
    if (result == store::PollResult::cancelled) continue;
    polled += counters.polls[i];
    if (poll::is_feed_failure(result) || result == store::PollResult::internal_error) {
      failed += counters.polls[i];
    }
  }
  return {polled, failed};
}

store::ClusterPolicy cluster_policy(const AlertsConfig& alerts) {
  store::ClusterPolicy policy;
  policy.window = alerts.cluster_window;
  policy.max_hamming_distance = alerts.similarity_bits;
  return policy;
}

alert::RoutingPolicy routing_policy(const AlertsConfig& alerts) {
  return {alerts.max_age};
}

web::RulesUpdate console_rules(const Config& config, const rules::LoadResult& loaded) {
  return {loaded.rules, config.rules, silence_names(config, loaded.summaries), loaded.summaries,
          rule_load_options(config)};
}

// Everything a running newsmon holds, in the order it must be built and torn down.
class Service {
 public:
  Service(Config config, const ServiceOptions& options)
      : m_config(std::move(config)), m_options(options), m_signals(m_io) {}

  int run();

 private:
  bool start();
  void start_daemon();
  void start_one_pass();
  void finish_one_pass();
  void on_signal(int signal_number);
  void reload();
  void apply_reload(Config config, rules::LoadResult rules);
  void shutdown();
  void arm_watchdog();
  void arm_status();
  void publish_status();
  bool open_metrics_listener();
  bool open_web_console();
  HttpResponse serve(const HttpRequest& request);
  static bool is_metrics_path(const std::string& target);
  MetricsSnapshot metrics_snapshot() const;
  util::Result<int> ingest(const store::FeedState& feed, feed::ParsedFeed&& parsed);

  Config m_config;
  ServiceOptions m_options;
  asio::io_context m_io;
  asio::thread_pool m_compiler{1};  // rule and config loading, off the loop
  asio::signal_set m_signals;
  util::SystemClock m_clock;
  ServiceNotifier m_notifier;
  std::unique_ptr<store::Store> m_store;
  std::unique_ptr<Instance> m_instance;  // this daemon's row and heartbeat in the store
  // One client, one connection pool, for feed polls and webhook deliveries alike; it
  // outlives both users.
  std::unique_ptr<fetch::CurlClient> m_client;
  std::unique_ptr<poll::Ingester> m_ingester;
  std::unique_ptr<poll::Scheduler> m_scheduler;
  std::unique_ptr<poll::Poller> m_poller;
  std::unique_ptr<alert::DeliveryWorker> m_worker;
  std::unique_ptr<HttpListener> m_metrics_listener;
  web::RulesUpdate m_console_rules;  // the running rules, as the console shows them
  std::unique_ptr<web::WebServer> m_web;
  std::unique_ptr<HttpListener> m_web_listener;  // null when it shares the metrics listener
  std::optional<asio::steady_timer> m_watchdog_timer;
  std::optional<asio::steady_timer> m_status_timer;
  std::optional<asio::steady_timer> m_deadline_timer;
  bool m_ready = false;
  bool m_stopping = false;
  std::uint64_t m_reloads_ok = 0;
  std::uint64_t m_reloads_failed = 0;
  double m_start_time = 0;
  bool m_reloading = false;
  bool m_reload_again = false;
  int m_exit_code = 0;
};

int Service::run() {
  if (!start()) return 1;
  if (m_options.mode == RunMode::daemon) {
    start_daemon();
  } else {
    start_one_pass();
  }
  m_io.run();
  m_compiler.join();
  return m_exit_code;
}

bool Service::start() {
  auto store = open_daemon_store(m_config);
  if (!store) {
    spdlog::error("cannot open the database: {}", store.error().message);
    return false;
  }
  m_store = std::move(*store);
  m_instance = std::make_unique<Instance>(m_io, *m_store, m_clock, m_config.instance);
  if (auto status = m_instance->start(); !status) {
    spdlog::error("{}", status.error().message);
    return false;
  }

  auto loaded = load_checked_rules(m_options.compile_rules, m_config);
  if (!loaded.errors.empty()) {
    for (const auto& error : loaded.errors) spdlog::error("{}", error.format());
    spdlog::error(
        "newsmon cannot start: fix the errors above in the rules or the webhooks (newsmon "
        "check shows them all)");
    return false;
  }

  m_client = std::make_unique<fetch::CurlClient>(m_io, client_options(m_config.http));
  m_ingester = std::make_unique<poll::Ingester>(*m_store, m_clock);
  m_console_rules = console_rules(m_config, loaded);
  m_ingester->set_rules(loaded.rules);
  m_ingester->set_routing(m_config.webhooks, cluster_policy(m_config.alerts),
                          routing_policy(m_config.alerts));

  m_scheduler =
      std::make_unique<poll::Scheduler>(m_config.schedule, m_clock, poll::make_random_source());
  poll::PollerOptions poller_options;
  poller_options.http = m_config.http;
  m_poller = std::make_unique<poll::Poller>(
      m_io, *m_client, *m_store, *m_scheduler, m_clock, poller_options,
      [this](const store::FeedState& feed, feed::ParsedFeed&& parsed) {
        return ingest(feed, std::move(parsed));
      });

  alert::WorkerOptions worker_options;
  worker_options.lease = m_config.alerts.lease;
  m_worker =
      std::make_unique<alert::DeliveryWorker>(m_io, *m_store, *m_client, m_clock, worker_options);
  for (const auto& error : m_worker->set_endpoints(m_config.webhooks)) {
    spdlog::error("{}", error.message);
  }
  m_ingester->on_new_deliveries([this] { m_worker->poke(); });

  if (auto status = m_poller->set_feeds(m_config.feeds); !status) {
    spdlog::error("cannot record the feeds in the database: {}", status.error().message);
    return false;
  }
  spdlog::info("newsmon {}: {} feeds, {} rules, {} webhooks, database {}", NEWSMON_VERSION,
               m_config.feeds.size(), m_ingester->rule_count(), m_config.webhooks.size(),
               store::shown_database(m_config.database.string()));
  return true;
}

util::Result<int> Service::ingest(const store::FeedState& feed, feed::ParsedFeed&& parsed) {
  auto result = m_ingester->ingest(feed, std::move(parsed.items));
  if (!result) return result.error();
  if (m_web && result->alerts_raised > 0) m_web->alerts_raised();
  return result->new_items;
}

void Service::start_daemon() {
  m_start_time = static_cast<double>(util::to_epoch_seconds(m_clock.now()));
  if (!open_web_console() || !open_metrics_listener()) {
    m_exit_code = 1;
    m_io.stop();
    return;
  }
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) m_signals.add(signal);
  m_signals.async_wait([this](const boost::system::error_code& error, int signal_number) {
    if (!error) on_signal(signal_number);
  });
  release_reload_signal();  // held since the start: a SIGHUP meanwhile reloads now
  m_worker->start();
  m_poller->run();
  m_ready = true;
  m_notifier.ready();
  publish_status();
  arm_watchdog();
  arm_status();
}

void Service::start_one_pass() {
  m_signals.add(SIGINT);
  m_signals.add(SIGTERM);
  m_signals.async_wait([this](const boost::system::error_code& error, int) {
    if (!error) shutdown();
  });
  m_worker->start();
  m_poller->poll_all_once([this] {
    if (m_stopping) return;
    m_deadline_timer.emplace(m_io, m_options.deliver_timeout);
    m_deadline_timer->async_wait([this](const boost::system::error_code& error) {
      if (!error) finish_one_pass();
    });
    m_worker->when_drained([this] { finish_one_pass(); });
  });
}

void Service::finish_one_pass() {
  if (m_stopping) return;
  m_stopping = true;
  if (m_deadline_timer) m_deadline_timer->cancel();
  m_signals.cancel();
  m_worker->stop(std::chrono::milliseconds(0), [this] {
    const auto counters = m_poller->counters();
    const auto metrics = m_worker->metrics();
    const auto [polled, failed] = polled_and_failed(counters);
    spdlog::info(
        "one pass done: {} feeds polled, {} failed, {} new items, {} delivered, {} pending",
        counters.active_feeds, failed, counters.new_items, metrics.delivered, metrics.pending);
    const bool all_failed = polled > 0 && failed == polled;
    if (all_failed || (failed > 0 && m_options.failed_feeds == FailedFeeds::when_any)) {
      m_exit_code = k_feeds_failed_exit_code;
    }
    m_instance->stop();
    m_io.stop();
  });
}

void Service::on_signal(int signal_number) {
  if (signal_number == SIGHUP) {
    reload();
  } else {
    spdlog::info("received {}: stopping", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
    shutdown();
    return;
  }
  m_signals.async_wait([this](const boost::system::error_code& error, int next) {
    if (!error) on_signal(next);
  });
}

void Service::reload() {
  if (m_reloading) {
    m_reload_again = true;  // a SIGHUP during a reload reads the files once more afterwards
    return;
  }
  m_reloading = true;
  m_notifier.reloading();
  spdlog::info("reloading {}", m_config.path.string());
  asio::post(m_compiler, [this, path = m_config.path] {
    auto loaded = load_config_safely(path);
    std::vector<util::Diagnostic> errors = std::move(loaded.errors);
    rules::LoadResult rules;
    if (errors.empty()) {
      rules = load_checked_rules(m_options.compile_rules, loaded.config);
      errors = std::move(rules.errors);
    }
    asio::post(m_io, [this, config = std::move(loaded.config), rules = std::move(rules),
                      errors = std::move(errors)]() mutable {
      if (!errors.empty()) {
        for (const auto& error : errors) spdlog::error("{}", error.format());
        spdlog::error("reload refused: {} error(s); the running configuration and rules stay",
                      errors.size());
        ++m_reloads_failed;
      } else {
        apply_reload(std::move(config), std::move(rules));
        ++m_reloads_ok;
      }
      m_reloading = false;
      m_notifier.ready();
      publish_status();
      if (m_reload_again && !m_stopping) {
        m_reload_again = false;
        reload();
      }
    });
  });
}

void Service::apply_reload(Config config, rules::LoadResult loaded) {
  keep_start_up_settings(config, m_config);
  util::init_logging(config.log_level);
  m_console_rules = console_rules(config, loaded);
  if (m_web) m_web->set_rules(m_console_rules);
  m_ingester->set_rules(std::move(loaded.rules));
  m_ingester->set_routing(config.webhooks, cluster_policy(config.alerts),
                          routing_policy(config.alerts));
  for (const auto& error : m_worker->set_endpoints(config.webhooks)) {
    spdlog::error("{}", error.message);
  }
  if (auto status = m_poller->set_feeds(config.feeds); !status) {
    spdlog::error("reload: cannot record the feeds: {}", status.error().message);
  }
  m_config = std::move(config);
  spdlog::info("reloaded: {} feeds, {} rules, {} webhooks", m_config.feeds.size(),
               m_ingester->rule_count(), m_config.webhooks.size());
}

void Service::shutdown() {
  if (m_stopping) return;
  m_stopping = true;
  m_notifier.stopping();
  m_signals.cancel();
  if (m_watchdog_timer) m_watchdog_timer->cancel();
  if (m_status_timer) m_status_timer->cancel();
  if (m_deadline_timer) m_deadline_timer->cancel();
  if (m_metrics_listener) m_metrics_listener->close();
  if (m_web_listener) m_web_listener->close();
  if (m_web) m_web->stop();
  m_ready = false;
  m_poller->stop();
  m_worker->stop(m_options.stop_deadline, [this] {
    m_instance->stop();  // the polls and deliveries are settled: hand the rest back
    spdlog::info("stopped");
    m_io.stop();
  });
}

void Service::arm_watchdog() {
  const auto interval = m_notifier.watchdog_interval();
  if (!interval) return;
  if (!m_watchdog_timer) m_watchdog_timer.emplace(m_io);
  m_watchdog_timer->expires_after(*interval);
  m_watchdog_timer->async_wait([this](const boost::system::error_code& error) {
    if (error || m_stopping) return;
    // The loop is turning (this timer fired) and the database answers: healthy.
    if (m_store->queue_stats(util::to_epoch_seconds(m_clock.now()))) {
      m_notifier.watchdog();
    } else {
      spdlog::warn("the database does not answer: withholding the watchdog keep-alive");
    }
    arm_watchdog();
  });
}

void Service::arm_status() {
  if (!m_status_timer) m_status_timer.emplace(m_io);
  m_status_timer->expires_after(std::chrono::seconds(30));
  m_status_timer->async_wait([this](const boost::system::error_code& error) {
    if (error || m_stopping) return;
    publish_status();
    arm_status();
  });
}

void Service::publish_status() {
  const auto metrics = m_worker->metrics();
  m_notifier.status(fmt::format("{} feeds, {} rules, {} deliveries pending",
                                m_poller->counters().active_feeds, m_ingester->rule_count(),
                                metrics.pending));
}

bool Service::open_web_console() {
  if (m_config.web.listen.empty()) return true;
  auto server = web::WebServer::create(m_io, *m_store, m_config.web, m_clock);
  if (!server) {
    spdlog::error("web: {}", server.error().message);
    return false;
  }
  m_web = std::move(*server);
  m_web->set_rules(m_console_rules);
  if (m_config.web.listen == m_config.metrics.listen) return true;  // one listener serves both
  auto listener = HttpListener::open_async(m_io, m_config.web.listen,
                                           [this](HttpRequest request, web::Responder respond) {
                                             m_web->serve(std::move(request), std::move(respond));
                                           });
  if (!listener) {
    spdlog::error("web: {}; free the port or change web.listen in {}", listener.error().message,
                  m_config.path.string());
    return false;
  }
  m_web_listener = std::move(*listener);
  const auto address = parse_listen_address(m_config.web.listen);
  spdlog::info("web console on http://{}:{}/", address ? address->first : m_config.web.listen,
               m_web_listener->port());
  return true;
}

bool Service::is_metrics_path(const std::string& target) {
  const std::string path = target.substr(0, target.find('?'));
  return path == "/metrics" || path == "/healthz" || path == "/readyz";
}

bool Service::open_metrics_listener() {
  if (m_config.metrics.listen.empty()) return true;
  auto listener = HttpListener::open_async(
      m_io, m_config.metrics.listen, [this](HttpRequest request, web::Responder respond) {
        if (m_web && !m_web_listener && !is_metrics_path(request.target)) {
          return m_web->serve(std::move(request), std::move(respond));
        }
        respond(serve(request));
      });
  if (!listener) {
    spdlog::error("metrics: {}; free the port or change metrics.listen in {}",
                  listener.error().message, m_config.path.string());
    return false;
  }
  m_metrics_listener = std::move(*listener);
  const auto address = parse_listen_address(m_config.metrics.listen);
  spdlog::info("metrics, health and readiness on http://{}:{}/metrics, /healthz, /readyz",
               address ? address->first : m_config.metrics.listen, m_metrics_listener->port());
  if (m_web && !m_web_listener) spdlog::info("web console on the same listener, at /");
  return true;
}

HttpResponse Service::serve(const HttpRequest& request) {
  const std::string path = request.target.substr(0, request.target.find('?'));
  if (request.method != "GET" && request.method != "HEAD") {
    return {405, "text/plain; charset=utf-8", "only GET is served here\n"};
  }
  if (path == "/metrics") {
    return {200, "text/plain; version=0.0.4; charset=utf-8", render_metrics(metrics_snapshot())};
  }
  if (path == "/healthz") return {200, "text/plain; charset=utf-8", "ok\n"};
  if (path == "/readyz") {
    if (m_ready && !m_stopping) return {200, "text/plain; charset=utf-8", "ready\n"};
    return {503, "text/plain; charset=utf-8", m_stopping ? "stopping\n" : "starting\n"};
  }
  return {404, "text/plain; charset=utf-8", "not found: try /metrics, /healthz or /readyz\n"};
}

MetricsSnapshot Service::metrics_snapshot() const {
  MetricsSnapshot snapshot;
  snapshot.polls = m_poller->counters();
  snapshot.deliveries = m_worker->metrics();
  snapshot.matches_by_rule = m_ingester->alerts_by_rule();
  snapshot.alert_copies = m_ingester->copies();
  snapshot.follow_ups = m_ingester->follow_ups();
  snapshot.held_deliveries = m_ingester->held();
  snapshot.reloads_ok = m_reloads_ok;
  snapshot.reloads_failed = m_reloads_failed;
  snapshot.sqlite_busy = m_store->busy_count();
  snapshot.rules = m_ingester->rule_count();
  snapshot.webhooks = m_config.webhooks.size();
  snapshot.start_time_seconds = m_start_time;
  snapshot.ready = m_ready && !m_stopping;
  return snapshot;
}

}  // namespace

int run_service(Config config, const ServiceOptions& options) {
  Service service(std::move(config), options);
  return service.run();
}

}  // namespace newsmon::app
