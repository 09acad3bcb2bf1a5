#include "tests/support/fake_http_client.h"

#include <algorithm>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "daemon/util/url.h"

namespace newsmon::test {

FakeHttpClient::FakeHttpClient(boost::asio::io_context& io) : m_io(io) {}

FakeHttpClient::~FakeHttpClient() = default;

fetch::Response FakeHttpClient::status(long code, Headers headers, std::string body) {
  fetch::Response response;
  response.status = code;
  response.headers = std::move(headers);
  response.body = std::move(body);
  response.http_version = fetch::HttpVersion::http1_1;
  return response;
}

fetch::Response FakeHttpClient::ok(std::string body, std::string content_type) {
  return status(200, {{"content-type", std::move(content_type)}}, std::move(body));
}

fetch::Response FakeHttpClient::failure(fetch::Outcome outcome, std::string error) {
  fetch::Response response;
  response.outcome = outcome;
  response.error = std::move(error);
  return response;
}

void FakeHttpClient::then(const std::string& url, fetch::Response response) {
  m_queued[url].push_back(std::move(response));
}

void FakeHttpClient::set(const std::string& url, fetch::Response response) {
  m_standing[url] = [response = std::move(response)](const fetch::Request&) { return response; };
}

void FakeHttpClient::set(const std::string& url, Handler handler) {
  m_standing[url] = std::move(handler);
}

void FakeHttpClient::set_fallback(Handler handler) {
  m_fallback = std::move(handler);
}

void FakeHttpClient::hold(const std::string& url) {
  m_held_urls.push_back(url);
}

std::size_t FakeHttpClient::release(std::string_view url) {
  std::erase_if(m_held_urls, [url](const std::string& held) { return url.empty() || held == url; });
  std::vector<fetch::TransferId> answer;
  std::erase_if(m_held, [&](fetch::TransferId id) {
    const bool matches = url.empty() || m_in_flight.at(id).request.url == url;
    if (matches) answer.push_back(id);
    return matches;
  });
  for (const auto id : answer) deliver(id);
  return answer.size();
}

std::vector<fetch::Request> FakeHttpClient::requests(std::string_view url) const {
  std::vector<fetch::Request> found;
  for (const auto& request : m_requests) {
    if (request.url == url) found.push_back(request);
  }
  return found;
}

std::size_t FakeHttpClient::count(std::string_view url) const {
  return static_cast<std::size_t>(
      std::count_if(m_requests.begin(), m_requests.end(),
                    [url](const auto& request) { return request.url == url; }));
}

std::size_t FakeHttpClient::peak_in_flight(std::string_view host) const {
  const auto found = m_host_peak.find(host);
  return found == m_host_peak.end() ? 0 : found->second;
}

fetch::TransferId FakeHttpClient::start(fetch::Request request, Callback callback) {
  const auto id = ++m_last_id;
  m_requests.push_back(request);
  auto response = answer_for(request);
  if (response.effective_url.empty()) response.effective_url = request.url;
  if (response.wire_bytes == 0) response.wire_bytes = response.body.size();
  const bool held = is_held(request.url);
  const auto host = util::url_host(request.url);
  m_peak = std::max(m_peak, m_in_flight.size() + 1);
  const auto in_host = ++m_host_in_flight[host];
  auto& host_peak = m_host_peak[host];
  host_peak = std::max(host_peak, in_host);
  m_in_flight.emplace(id, Transfer{std::move(request), std::move(response), std::move(callback)});
  if (held) {
    m_held.push_back(id);
  } else {
    deliver(id);
  }
  return id;
}

void FakeHttpClient::cancel(fetch::TransferId transfer) {
  if (m_in_flight.find(transfer) == m_in_flight.end()) return;
  std::erase(m_held, transfer);
  ++m_cancelled;
  finish(transfer, failure(fetch::Outcome::cancelled, "the transfer was cancelled"));
}

void FakeHttpClient::cancel_all() {
  std::vector<fetch::TransferId> ids;
  for (const auto& [id, transfer] : m_in_flight) ids.push_back(id);
  for (const auto id : ids) cancel(id);
}

fetch::Response FakeHttpClient::answer_for(const fetch::Request& request) {
  if (auto queued = m_queued.find(request.url);
      queued != m_queued.end() && !queued->second.empty()) {
    auto response = std::move(queued->second.front());
    queued->second.pop_front();
    return response;
  }
  if (const auto standing = m_standing.find(request.url); standing != m_standing.end()) {
    return standing->second(request);
  }
  return m_fallback ? m_fallback(request) : status(200);
}

// Answers on the io_context, as a real client would; a transfer cancelled meanwhile
// (its callback already called) is not answered again.
void FakeHttpClient::deliver(fetch::TransferId id) {
  boost::asio::post(m_io, [this, id, alive = std::weak_ptr(m_lifetime)] {
    if (alive.expired() || m_in_flight.find(id) == m_in_flight.end()) return;
    auto response = std::move(m_in_flight.at(id).response);
    finish(id, std::move(response));
  });
}

void FakeHttpClient::finish(fetch::TransferId id, fetch::Response response) {
  auto node = m_in_flight.extract(id);
  --m_host_in_flight[util::url_host(node.mapped().request.url)];
  node.mapped().callback(std::move(response));
}

bool FakeHttpClient::is_held(const std::string& url) const {
  return std::find(m_held_urls.begin(), m_held_urls.end(), url) != m_held_urls.end();
}

}  // namespace newsmon::test
