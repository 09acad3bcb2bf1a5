#include "daemon/fetch/curl_client.h"

#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include <curl/curl.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/fetch/curl_handles.h"
#include "daemon/fetch/transfer.h"

namespace newsmon::fetch {
namespace asio = boost::asio;
using boost::system::error_code;
using detail::Transfer;

namespace {

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl could not be initialised");
    }
  });
}

}  // namespace

// How curl and Asio meet (curl's multi_socket API):
// - curl says which sockets to watch for which direction (on_socket); each is wrapped in
//   a stream_descriptor that waits for readiness and reports it to curl_multi_socket_action.
// - curl says when to call it back for timeouts (on_timer); one steady_timer does that.
// - Completed transfers are collected after every socket_action call.
// curl owns its sockets: descriptors are released, never closed. Curl is never called
// from inside one of its own callbacks. Handlers hold weak references, so completions
// that arrive after a socket or the client is gone do nothing.
class CurlClient::Impl {
 public:
  Impl(asio::io_context& io, ClientOptions options)
      : m_io(io), m_options(std::move(options)), m_timer(io) {
    init_curl_once();
    m_multi.reset(curl_multi_init());
    if (!m_multi) throw std::runtime_error("libcurl could not create a multi handle");
    CURLM* multi = m_multi.get();
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &Impl::on_socket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &Impl::on_timer);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, m_options.max_connections);
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, m_options.per_host);
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  }

  ~Impl() {
    m_lifetime.reset();
    for (auto& [id, transfer] : m_transfers) {
      curl_multi_remove_handle(m_multi.get(), transfer->easy());
    }
    m_transfers.clear();
    m_multi.reset();  // may still report sockets to on_socket, so before the watches go
    for (auto& [fd, watch] : m_sockets) forget(*watch);
    m_sockets.clear();
  }

  TransferId start(Request request, Callback callback) {
    const TransferId id = ++m_last_id;
    auto transfer = std::make_unique<Transfer>(id, std::move(request), std::move(callback));
    auto problem = transfer->configure(m_options);
    if (problem.empty() && curl_multi_add_handle(m_multi.get(), transfer->easy()) != CURLM_OK) {
      problem = "libcurl refused the transfer";
    }
    if (!problem.empty()) {
      auto response = transfer->fail(Outcome::bad_url, std::move(problem));
      asio::post(m_io,
                 [callback = transfer->take_callback(), response = std::move(response)]() mutable {
                   callback(std::move(response));
                 });
      return id;
    }
    m_transfers.emplace(id, std::move(transfer));
    return id;
  }

  void cancel(TransferId id) {
    const auto found = m_transfers.find(id);
    if (found == m_transfers.end()) return;
    auto transfer = std::move(found->second);
    m_transfers.erase(found);
    curl_multi_remove_handle(m_multi.get(), transfer->easy());
    report_cancelled(*transfer);
  }

  void cancel_all() {
    auto transfers = std::move(m_transfers);
    m_transfers.clear();
    for (auto& [id, transfer] : transfers)
      curl_multi_remove_handle(m_multi.get(), transfer->easy());
    for (auto& [id, transfer] : transfers) report_cancelled(*transfer);
  }

  std::size_t in_flight() const { return m_transfers.size(); }

 private:
  struct Watch {
    Watch(asio::io_context& io, curl_socket_t socket) : descriptor(io, socket), fd(socket) {}
    asio::posix::stream_descriptor descriptor;
    curl_socket_t fd;
    int wanted = 0;  ///< CURL_POLL_IN / OUT / INOUT
    bool reading = false;
    bool writing = false;
  };

  static void report_cancelled(Transfer& transfer) {
    auto response = transfer.fail(Outcome::cancelled, "the transfer was cancelled");
    transfer.take_callback()(std::move(response));
  }

  static int on_socket(CURL*, curl_socket_t fd, int what, void* self, void* socket_data) {
    static_cast<Impl*>(self)->watch_socket(fd, what, static_cast<Watch*>(socket_data));
    return 0;
  }

  static int on_timer(CURLM*, long timeout_ms, void* self) {
    static_cast<Impl*>(self)->set_timer(timeout_ms);
    return 0;
  }

  void watch_socket(curl_socket_t fd, int what, Watch* known) {
    if (what == CURL_POLL_REMOVE) {
      const auto found = m_sockets.find(fd);
      if (found != m_sockets.end()) {
        forget(*found->second);
        m_sockets.erase(found);
      }
      return;
    }
    auto found = m_sockets.find(fd);
    if (known == nullptr || found == m_sockets.end() || found->second.get() != known) {
      // A socket curl has not told us about yet (its number may be reused).
      if (found != m_sockets.end()) forget(*found->second);
      auto watch = std::make_shared<Watch>(m_io, fd);
      curl_multi_assign(m_multi.get(), fd, watch.get());
      found = m_sockets.insert_or_assign(fd, std::move(watch)).first;
    }
    found->second->wanted = what;
    arm(found->second);
  }

  static void forget(Watch& watch) {
    error_code ignored;
    watch.descriptor.cancel(ignored);
    watch.descriptor.release();
    watch.wanted = 0;
  }

  void arm(const std::shared_ptr<Watch>& watch) {
    if ((watch->wanted & CURL_POLL_IN) != 0 && !watch->reading) {
      watch->reading = true;
      watch->descriptor.async_wait(asio::posix::descriptor_base::wait_read,
                                   [this, weak = std::weak_ptr(watch)](error_code error) {
                                     on_ready(weak, CURL_CSELECT_IN, error);
                                   });
    }
    if ((watch->wanted & CURL_POLL_OUT) != 0 && !watch->writing) {
      watch->writing = true;
      watch->descriptor.async_wait(asio::posix::descriptor_base::wait_write,
                                   [this, weak = std::weak_ptr(watch)](error_code error) {
                                     on_ready(weak, CURL_CSELECT_OUT, error);
                                   });
    }
  }

  // `this` is only touched while the watch is alive, and watches die with the client.
  void on_ready(const std::weak_ptr<Watch>& weak, int direction, error_code error) {
    const auto watch = weak.lock();
    if (!watch) return;
    (direction == CURL_CSELECT_IN ? watch->reading : watch->writing) = false;
    if (error == asio::error::operation_aborted) return;
    const int wanted_bit = direction == CURL_CSELECT_IN ? CURL_POLL_IN : CURL_POLL_OUT;
    if ((watch->wanted & wanted_bit) == 0) return;
    act(watch->fd, error ? CURL_CSELECT_ERR : direction);
    // curl may have dropped the socket, or replaced it with another of the same number.
    const auto found = m_sockets.find(watch->fd);
    if (found != m_sockets.end() && found->second == watch) arm(watch);
  }

  void set_timer(long timeout_ms) {
    if (timeout_ms < 0) {
      m_timer.cancel();
      return;
    }
    m_timer.expires_after(std::chrono::milliseconds(timeout_ms));
    m_timer.async_wait([this, alive = std::weak_ptr(m_lifetime)](error_code error) {
      if (error || alive.expired()) return;
      act(CURL_SOCKET_TIMEOUT, 0);
    });
  }

  void act(curl_socket_t fd, int events) {
    int running = 0;
    curl_multi_socket_action(m_multi.get(), fd, events, &running);
    collect_finished();
  }

  void collect_finished() {
    // Ids, not handles: a callback of this batch may cancel a transfer that finished with
    // it, and its handle is gone then.
    std::vector<std::pair<TransferId, CURLcode>> finished;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(m_multi.get(), &queued)) {
      if (message->msg == CURLMSG_DONE)
        finished.emplace_back(Transfer::of(message->easy_handle).id(), message->data.result);
    }
    for (const auto& [id, code] : finished) {
      const auto found = m_transfers.find(id);
      if (found == m_transfers.end()) continue;
      auto transfer = std::move(found->second);
      m_transfers.erase(found);
      curl_multi_remove_handle(m_multi.get(), transfer->easy());
      auto response = transfer->finish(code);
      transfer->take_callback()(std::move(response));
    }
  }

  asio::io_context& m_io;
  ClientOptions m_options;
  detail::MultiHandle m_multi;
  asio::steady_timer m_timer;
  std::unordered_map<curl_socket_t, std::shared_ptr<Watch>> m_sockets;
  std::unordered_map<TransferId, std::unique_ptr<Transfer>> m_transfers;
  TransferId m_last_id = 0;
  std::shared_ptr<char> m_lifetime = std::make_shared<char>();
};

CurlClient::CurlClient(asio::io_context& io, ClientOptions options)
    : m_impl(std::make_unique<Impl>(io, std::move(options))) {}

CurlClient::~CurlClient() = default;

TransferId CurlClient::start(Request request, Callback callback) {
  return m_impl->start(std::move(request), std::move(callback));
}

void CurlClient::cancel(TransferId transfer) {
  m_impl->cancel(transfer);
}

void CurlClient::cancel_all() {
  m_impl->cancel_all();
}

std::size_t CurlClient::in_flight() const {
  return m_impl->in_flight();
}

}  // namespace newsmon::fetch
