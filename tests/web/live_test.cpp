#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include "daemon/web/live.h"
#include "tests/web/fake_source.h"

using namespace newsmon;
using namespace newsmon::web;

namespace {

class RecordingStream final : public ResponseStream {
 public:
  bool write(std::string data) override {
    if (m_closed) return false;
    written += data;
    return true;
  }
  void close() override { m_closed = true; }
  bool closed() const override { return m_closed; }
  std::string written;

 private:
  bool m_closed = false;
};

void run_until(boost::asio::io_context& io, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.restart();
    io.run_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

TEST_CASE("An alert event carries the alert as JSON text", "[web][live]") {
  AlertSummary alert;
  alert.id = 42;
  alert.title = "Line\nbreak </script>";
  alert.severity = rules::Severity::high;
  alert.main_event =
      rules::Event{"United States", "Ukraine", "M1 Abrams", 31, rules::TransferStatus::pledged};
  const auto event = alert_event(alert);
  CHECK(event.starts_with("event: alert\nid: 42\ndata: {"));
  CHECK(event.ends_with("}\n\n"));
  CHECK(event.find("\"title\":\"Line\\nbreak </script>\"") != std::string::npos);
  CHECK(event.find("\"event\":\"United States → Ukraine: 31 × M1 Abrams (pledged)\"") !=
        std::string::npos);
  CHECK(std::count(event.begin(), event.end(), '\n') == 4);  // the JSON is on one line
}

TEST_CASE("Listeners hear of alerts newer than they have seen, each once", "[web][live]") {
  boost::asio::io_context io;
  test::FakeSource source;
  source.add_alert(1, "old");
  LiveAlerts live(io, source, std::chrono::milliseconds(10));
  auto fresh = std::make_shared<RecordingStream>();
  auto behind = std::make_shared<RecordingStream>();
  live.subscribe(fresh, 0);  // has seen nothing: only what comes next
  live.subscribe(behind, 0);
  CHECK(fresh->written.find("id: 1\n") == std::string::npos);
  source.add_alert(2, "new");
  run_until(io, [&] { return fresh->written.find("id: 2\n") != std::string::npos; });
  CHECK(fresh->written.find("id: 2\n") != std::string::npos);
  auto late = std::make_shared<RecordingStream>();
  live.subscribe(late, 1);  // its page showed alert 1: alert 2 is new to it
  CHECK(late->written.find("id: 2\n") != std::string::npos);
  source.add_alert(3, "newer");
  live.poke();
  run_until(io, [&] { return late->written.find("id: 3\n") != std::string::npos; });
  for (const auto* stream : {fresh.get(), behind.get(), late.get()}) {
    CHECK(stream->written.find("id: 3\n") != std::string::npos);
    CHECK(stream->written.find("id: 2\n") == stream->written.rfind("id: 2\n"));
  }
  live.stop();
  CHECK(fresh->closed());
  CHECK(late->closed());
}

TEST_CASE("A listener that left is dropped", "[web][live]") {
  boost::asio::io_context io;
  test::FakeSource source;
  LiveAlerts live(io, source, std::chrono::milliseconds(10));
  auto stream = std::make_shared<RecordingStream>();
  live.subscribe(stream, 0);
  CHECK(live.listeners() == 1);
  stream->close();
  source.add_alert(1, "new");
  run_until(io, [&] { return live.listeners() == 0; });
  CHECK(live.listeners() == 0);
}
