#pragma once
// An HttpClient for tests, as Ninja fakes its disk: answers come from a script per URL,
// and the test decides when held transfers complete. No sockets, no threads, no clock:
// what a poller or a delivery worker does with each answer can be checked exactly.
//
//   FakeHttpClient client(io);
//   client.set("https://example.org/feed.xml", FakeHttpClient::ok(feed, "application/rss+xml"));
//   client.then("https://hooks.example.org/a", FakeHttpClient::status(500));  // once, first
//   client.hold("https://slow.example.org/feed");   // waits until release()
//
// Like a real client, it answers on the io_context (never from inside start()); a
// cancelled transfer's callback runs before cancel() returns.

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/fetch/http_client.h"

namespace boost::asio {
class io_context;
}

namespace newsmon::test {

class FakeHttpClient final : public fetch::HttpClient {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;
  using Handler = std::function<fetch::Response(const fetch::Request&)>;

  /// The io_context must outlive the client; answers are posted to it.
  explicit FakeHttpClient(boost::asio::io_context& io);
  /// Drops the transfers still held without calling their callbacks, as CurlClient does.
  ~FakeHttpClient() override;
  FakeHttpClient(const FakeHttpClient&) = delete;
  FakeHttpClient& operator=(const FakeHttpClient&) = delete;

  /// A completed response with this status (headers in lower case, as a client gives them).
  static fetch::Response status(long code, Headers headers = {}, std::string body = {});
  /// 200 with a body and its Content-Type.
  static fetch::Response ok(std::string body, std::string content_type);
  /// A transfer that ended without a usable response (timeout, refused connection, ...).
  static fetch::Response failure(fetch::Outcome outcome, std::string error);

  // The script. Answers are chosen when a request starts: the next answer queued for its
  // URL, else the URL's standing answer (or handler), else the fallback (200, no body).
  void then(const std::string& url, fetch::Response response);
  void set(const std::string& url, fetch::Response response);
  void set(const std::string& url, Handler handler);
  void set_fallback(Handler handler);
  /// Requests to this URL wait, unanswered, until release() or cancel().
  void hold(const std::string& url);
  /// Stops holding and answers every held request, in the order they started; returns how
  /// many. With a URL, only that URL's.
  std::size_t release(std::string_view url = {});

  // What happened.
  /// Every request started, in order.
  const std::vector<fetch::Request>& requests() const { return m_requests; }
  std::vector<fetch::Request> requests(std::string_view url) const;
  std::size_t count(std::string_view url) const;
  /// Requests waiting because their URL is held.
  std::size_t held() const { return m_held.size(); }
  /// Transfers ended by cancel() or cancel_all().
  std::size_t cancelled() const { return m_cancelled; }
  /// The most transfers that were in flight at once, and the most to one host.
  std::size_t peak_in_flight() const { return m_peak; }
  std::size_t peak_in_flight(std::string_view host) const;

  // fetch::HttpClient
  fetch::TransferId start(fetch::Request request, Callback callback) override;
  void cancel(fetch::TransferId transfer) override;
  void cancel_all() override;
  std::size_t in_flight() const override { return m_in_flight.size(); }

 private:
  struct Transfer {
    fetch::Request request;
    fetch::Response response;  ///< chosen when it started
    Callback callback;
  };

  fetch::Response answer_for(const fetch::Request& request);
  void deliver(fetch::TransferId id);
  void finish(fetch::TransferId id, fetch::Response response);
  bool is_held(const std::string& url) const;

  boost::asio::io_context& m_io;
  std::map<std::string, std::deque<fetch::Response>> m_queued;
  std::map<std::string, Handler> m_standing;
  Handler m_fallback;
  std::vector<std::string> m_held_urls;
  std::vector<fetch::TransferId> m_held;  ///< in the order they started
  std::map<fetch::TransferId, Transfer> m_in_flight;
  std::map<std::string, std::size_t, std::less<>> m_host_in_flight;
  std::map<std::string, std::size_t, std::less<>> m_host_peak;
  std::vector<fetch::Request> m_requests;
  fetch::TransferId m_last_id = 0;
  std::size_t m_cancelled = 0;
  std::size_t m_peak = 0;
  std::shared_ptr<char> m_lifetime = std::make_shared<char>();
};

}  // namespace newsmon::test
