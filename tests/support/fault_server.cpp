#include "tests/support/fault_server.h"

#include <ctime>

#include <fmt/format.h>
#include <boost/beast/http.hpp>

namespace newsmon::test {

FaultServer::FaultServer() = default;

void FaultServer::script(std::string path, Handler fault, Handler healthy) {
  m_http.set(std::move(path), [this, fault = std::move(fault),
                               healthy = std::move(healthy)](const RecordedRequest& request) {
    return m_healed ? healthy(request) : fault(request);
  });
}

void FaultServer::script(std::string path, Reply fault, Reply healthy) {
  script(
      std::move(path), [fault = std::move(fault)](const RecordedRequest&) { return fault; },
      [healthy = std::move(healthy)](const RecordedRequest&) { return healthy; });
}

namespace faults {
namespace {

// The response as HttpServer would send it, for faults that send part of it or lie in it.
std::string head(int status, const std::string& content_type, std::size_t content_length,
                 const std::string& extra = {}) {
  namespace http = boost::beast::http;
  return fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}"
      "Connection: close\r\n\r\n",
      status, std::string(http::obsolete_reason(static_cast<http::status>(status))), content_type,
      content_length, extra);
}

std::string content_type_of(const Reply& reply) {
  for (const auto& [name, value] : reply.headers) {
    if (name == "Content-Type") return value;
  }
  return "application/octet-stream";
}

}  // namespace

Reply reset_mid_body(const Reply& reply) {
  Reply fault = reply;
  fault.behaviour = Behaviour::raw;
  fault.body = head(reply.status, content_type_of(reply), reply.body.size()) + reply.body;
  fault.reset_after_bytes = fault.body.size() - reply.body.size() / 2;
  return fault;
}

Reply truncated_gzip(const std::string& body, const std::string& content_type) {
  const std::string compressed = gzip_compress(body);
  const std::string cut = compressed.substr(0, compressed.size() / 2);
  Reply fault;
  fault.behaviour = Behaviour::raw;
  fault.body = head(200, content_type, cut.size(), "Content-Encoding: gzip\r\n") + cut;
  return fault;
}

Reply gzip_bomb(std::size_t size, const std::string& content_type) {
  const std::string compressed =
      gzip_compress("<rss version=\"2.0\"><channel>" + std::string(size, ' '));
  Reply bomb;
  bomb.behaviour = Behaviour::raw;
  bomb.body = head(200, content_type, compressed.size(), "Content-Encoding: gzip\r\n") + compressed;
  return bomb;
}

Reply wrong_content_length(const std::string& body, const std::string& content_type) {
  Reply fault;
  fault.behaviour = Behaviour::raw;
  fault.body = head(200, content_type, body.size() * 2) + body;
  return fault;
}

Reply html_page() {
  return Reply::ok(
      "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><h1>Checking "
      "your browser before accessing the site.</h1><p>Enable JavaScript and cookies to "
      "continue.</p></body></html>",
      "text/html; charset=utf-8");
}

Reply throttled(int status, std::string retry_after) {
  Reply fault = Reply::status_only(status);
  fault.header("Retry-After", std::move(retry_after));
  return fault;
}

std::string http_date_in(std::chrono::seconds from_now) {
  const std::time_t at = std::time(nullptr) + from_now.count();
  std::tm utc{};
  gmtime_r(&at, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

Reply one_byte_a_second(const Reply& reply) {
  Reply fault = reply;
  fault.trickle_bytes = 1;
  fault.trickle_interval = std::chrono::seconds(1);
  return fault;
}

Reply stall() {
  Reply fault;
  fault.behaviour = Behaviour::never_answer;
  return fault;
}

Reply reset_before_answer() {
  Reply fault;
  fault.behaviour = Behaviour::reset_without_answer;
  return fault;
}

Reply answer_after(const Reply& reply, std::chrono::milliseconds delay) {
  Reply late = reply;
  late.delay = delay;
  return late;
}

}  // namespace faults
}  // namespace newsmon::test
