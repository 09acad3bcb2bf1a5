// The webhook fault matrix: one daemon delivers the same alerts to ten receivers at once,
// each failing the way real endpoints fail (errors, throttling, a gone endpoint, silence,
// resets, a bad certificate, redirects, answers that come too late). For each, the daemon
// keeps running and the delivery's row says what happened; once the receivers heal,
// every alert arrives at each of them under one webhook id (retries repeat it), and the
// gone endpoint's alerts stay dead and visible.

#include <fmt/format.h>

#include <csignal>

#include "tests/e2e/fault_matrix.h"

using namespace newsmon::test;
using namespace newsmon::test::matrix;
using Catch::Matchers::Contains;

namespace {

struct HookFault {
  std::string name;   ///< the webhook's name, and its path /<name>
  std::string url;    ///< when not on the fault server's HTTP port
  std::string state;  ///< the delivery's state while the fault lasts
  int status = 0;     ///< its last HTTP status then (0: no response)
  std::string says;   ///< a piece of its last error then
  bool heals = true;  ///< whether healing the server lets it through
};

const std::vector<std::string> k_stories = {"Norway sends tanks", "Chile sends tanks"};

std::vector<HookFault> script_faults(FaultServer& server) {
  const Reply accepted = Reply::status_only(204);
  std::vector<HookFault> faults;
  const auto add = [&](HookFault fault, Reply reply) {
    server.script("/" + fault.name, std::move(reply), accepted);
    faults.push_back(std::move(fault));
  };
  add({"error", "", "pending", 500, "HTTP 500"}, Reply::status_only(500));
  add({"throttled", "", "pending", 429, "HTTP 429"}, faults::throttled(429, "2"));
  server.script(  // the date is taken at each request, a few seconds ahead
      "/unavailable",
      [](const RecordedRequest&) {
        return faults::throttled(503, faults::http_date_in(std::chrono::seconds(4)));
      },
      [accepted](const RecordedRequest&) { return accepted; });
  faults.push_back({"unavailable", "", "pending", 503, "HTTP 503"});
  add({"gone", "", "dead", 410, "410", false}, Reply::status_only(410));
  add({"silent", "", "pending", 0, "no response within 1000 ms"}, faults::stall());
  add({"reset", "", "pending", 0, "eset"}, faults::reset_before_answer());
  faults.push_back(
      {"untrusted", server.untrusted_url("/untrusted"), "pending", 0, "certificate", false});
  add({"moved", "", "pending", 302, "HTTP 302"}, Reply::redirect(302, "/elsewhere"));
  add({"late", "", "pending", 0, "no response within 1000 ms"},
      faults::answer_after(accepted, std::chrono::milliseconds(2500)));
  add({"slow", "", "pending", 0, "no response within 1000 ms"},
      faults::one_byte_a_second(Reply::status_only(200)));
  for (auto& fault : faults) {
    if (fault.url.empty()) fault.url = server.url("/" + fault.name);
  }
  return faults;
}

std::string config(const FaultServer& server, const std::vector<HookFault>& faults) {
  std::string hooks;
  for (const auto& fault : faults) {
    // Only the faults about time meet a short timeout. The others get one no answer comes
    // near, so that on a machine busy with builds a TLS handshake fails at the
    // certificate and an error at its status, not at the clock.
    const bool about_time = fault.says.starts_with("no response within");
    hooks += fmt::format("  - {{name: {}, url: \"{}\", timeout: {}, retry: {}}}\n", fault.name,
                         fault.url, about_time ? "1s" : "10s", patient_retries());
  }
  return fmt::format(
      "database: newsmon.db\nrules: [rules]\nfeeds:\n  - {{url: \"{}\", every: 1s}}\n"
      "webhooks:\n{}{}",
      server.url("/feed.xml"), hooks, fast_settings());
}

struct DeliveryRow {
  std::string state;
  int attempts = 0;
  int status = 0;
  std::string error;
  long long next_attempt_at = 0;
  long long last_attempt_at = 0;  ///< when its last lease began
  bool leased = false;            ///< an attempt is under way
};

// endpoint -> story title -> its delivery.
std::map<std::string, std::map<std::string, DeliveryRow>> deliveries(
    const std::filesystem::path& database) {
  std::map<std::string, std::map<std::string, DeliveryRow>> rows;
  for (const auto& row :
       rows_once_created(database,
                         "SELECT d.endpoint, i.title, d.state, d.attempts, d.last_status, "
                         "d.last_error, d.next_attempt_at, coalesce(d.last_attempt_at, 0), "
                         "d.lease_until IS NOT NULL "
                         "FROM deliveries d JOIN alerts a ON a.id = d.alert_id "
                         "JOIN items i ON i.id = a.item_id")) {
    rows[row[0]][row[1]] = DeliveryRow{row[2],       std::stoi(row[3]),  std::stoi(row[4]),
                                       row[5],       std::stoll(row[6]), std::stoll(row[7]),
                                       row[8] == "1"};
  }
  return rows;
}

// Every story has a delivery to every endpoint in its faulty state, tried at least twice
// (once for the gone endpoint, which stops at its first answer).
bool all_faults_shown(const std::map<std::string, std::map<std::string, DeliveryRow>>& rows,
                      const std::vector<HookFault>& faults) {
  for (const auto& fault : faults) {
    const auto endpoint = rows.find(fault.name);
    if (endpoint == rows.end() || endpoint->second.size() != k_stories.size()) return false;
    for (const auto& [title, row] : endpoint->second) {
      if (row.state != fault.state) return false;
      // The gone endpoint's first answer kills its other deliveries, sent or not.
      if (fault.state != "dead" && (row.status != fault.status || row.attempts < 2)) return false;
      if (row.error.find(fault.says) == std::string::npos) return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("Webhook faults: the daemon runs on, each delivery says what happened, none is lost",
          "[e2e][faults]") {
  FaultServer server;
  server.http().set("/feed.xml", Reply::ok(rss(k_stories), "application/rss+xml"));
  const auto faults = script_faults(server);
  REQUIRE(faults.size() >= 10);
  Daemon daemon(config(server, faults));
  const auto& database = daemon.database;

  // The rows that showed every fault at once (a later read may catch an attempt between).
  std::map<std::string, std::map<std::string, DeliveryRow>> rows;
  const bool shown = wait_until(
      [&] {
        rows = deliveries(database);
        return all_faults_shown(rows, faults);
      },
      k_patience);
  for (const auto& fault : faults) {
    for (const auto& title : k_stories) {
      const auto& row = rows[fault.name][title];
      INFO(fault.name << " / " << title << ": " << row.state << ", HTTP " << row.status << ", "
                      << row.attempts << " attempts: " << row.error);
      CHECK(row.state == fault.state);
      if (fault.state != "dead") CHECK(row.status == fault.status);
      CHECK_THAT(row.error, Contains(fault.says));
    }
  }
  INFO(daemon.process.stderr_text());
  REQUIRE(shown);
  REQUIRE(daemon.process.running());
  // Retry-After is honoured in both forms (read between attempts: a lease moves
  // last_attempt_at); a redirect is not followed.
  for (const char* endpoint : {"throttled", "unavailable"}) {
    REQUIRE(wait_until(
        [&] {
          rows = deliveries(database);
          for (const auto& [title, row] : rows[endpoint]) {
            if (row.leased) return false;
          }
          return true;
        },
        k_patience));
    for (const auto& title : k_stories) {
      INFO(endpoint << " / " << title);
      CHECK(rows[endpoint][title].next_attempt_at - rows[endpoint][title].last_attempt_at >= 2);
    }
  }
  CHECK(server.http().request_count("/elsewhere") == 0);
  CHECK(server.tls_handshakes() >= 2);
  // The gone endpoint was asked once per story at most, then given up on.
  CHECK(server.http().request_count("/gone") <= k_stories.size());

  server.heal();
  const auto healed_delivered = [&] {
    const auto now = deliveries(database);
    for (const auto& fault : faults) {
      if (!fault.heals) continue;
      for (const auto& [title, row] : now.at(fault.name)) {
        if (row.state != "delivered") return false;
      }
    }
    return true;
  };
  REQUIRE(wait_until(healed_delivered, k_patience));

  // Each endpoint got each story under exactly one webhook id, however many times it was
  // sent; ids differ between endpoints; the gone endpoint's deliveries stay dead.
  std::set<std::string> all_ids;
  for (const auto& fault : faults) {
    if (fault.url != server.url("/" + fault.name)) continue;  // not on the HTTP server
    const auto got = received(server.http(), "/" + fault.name);
    for (const auto& title : k_stories) {
      INFO(fault.name << " / " << title);
      REQUIRE(got.ids_by_title.contains(title));
      CHECK(got.ids_by_title.at(title).size() == 1);
      CHECK(all_ids.insert(*got.ids_by_title.at(title).begin()).second);
    }
  }
  CHECK(received(server.http(), "/late").requests_by_title.at(k_stories[0]) >= 2);
  const auto end_state = deliveries(database);
  for (const auto& title : k_stories) {
    CHECK(end_state.at("gone").at(title).state == "dead");
    CHECK(end_state.at("untrusted").at(title).state != "delivered");  // pending, or dead at last
    CHECK_THAT(end_state.at("untrusted").at(title).error, Contains("certificate"));
  }
  CHECK(query_value(database, "SELECT count(*) FROM deliveries") ==
        std::to_string(faults.size() * k_stories.size()));

  daemon.stop();
}
