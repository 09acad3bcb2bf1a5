#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "daemon/fetch/curl_client.h"
#include "daemon/web/http_listener.h"

namespace asio = boost::asio;
using namespace newsmon;
using web::HttpListener;
using web::HttpRequest;
using web::HttpResponse;
using web::parse_listen_address;

namespace {

// Sends one request with a client on the listener's io_context and runs the loop until
// the response arrives.
fetch::Response send(asio::io_context& io, fetch::Request request) {
  fetch::CurlClient client(io, {});
  std::optional<fetch::Response> response;
  client.start(std::move(request), [&](fetch::Response received) {
    response = std::move(received);
    io.stop();
  });
  io.restart();
  io.run_for(std::chrono::seconds(20));
  REQUIRE(response);
  return std::move(*response);
}

fetch::Request request_to(const HttpListener& listener, const std::string& target) {
  fetch::Request request;
  request.url = "http://127.0.0.1:" + std::to_string(listener.port()) + target;
  return request;
}

std::unique_ptr<HttpListener> open(asio::io_context& io, web::HttpHandler handler) {
  auto listener = HttpListener::open(io, "127.0.0.1:0", std::move(handler));
  INFO((listener ? "" : listener.error().message));
  REQUIRE(listener);
  return std::move(*listener);
}

}  // namespace

TEST_CASE("A listen address is a host and a port, the host in brackets for IPv6",
          "[web][http-listener]") {
  CHECK(parse_listen_address("127.0.0.1:9464").value() ==
        std::pair<std::string, std::uint16_t>{"127.0.0.1", 9464});
  CHECK(parse_listen_address("[::1]:9464").value() ==
        std::pair<std::string, std::uint16_t>{"::1", 9464});
  CHECK(parse_listen_address("localhost:0").value() ==
        std::pair<std::string, std::uint16_t>{"localhost", 0});
  CHECK(parse_listen_address(":9464").value() ==
        std::pair<std::string, std::uint16_t>{"0.0.0.0", 9464});
  CHECK(parse_listen_address("9464").error().message ==
        "'9464' is not an address:port such as 127.0.0.1:9464");
  CHECK(parse_listen_address("[::1]9464").error().message ==
        "'[::1]9464' is not an address:port such as [::1]:9464");
  for (const char* bad : {"127.0.0.1:65536", "127.0.0.1:", "127.0.0.1:80x", "[::1]:-1"}) {
    CHECK(parse_listen_address(bad).error().message ==
          std::string("'") + bad + "' has no valid port number (0 to 65535)");
  }
}

TEST_CASE("The listener hands each request to its handler and sends back what it returns",
          "[web][http-listener]") {
  asio::io_context io;
  std::optional<HttpRequest> received;
  const auto listener = open(io, [&](const HttpRequest& request) {
    received = request;
    return HttpResponse{201, "application/json", "{\"ok\":true}"};
  });
  CHECK(listener->port() != 0);
  auto request = request_to(*listener, "/hook?id=7");
  request.method = fetch::Method::post;
  request.body = "{\"story\":1}";
  request.headers = {{"X-Webhook-Id", "msg_1"}};
  const auto response = send(io, request);
  CHECK(response.status == 201);
  CHECK(response.body == "{\"ok\":true}");
  CHECK(response.header("content-type") == "application/json");
  CHECK(response.header("server") == "newsmon");
  REQUIRE(received);
  CHECK(received->method == "POST");
  CHECK(received->target == "/hook?id=7");
  CHECK(received->body == "{\"story\":1}");
  CHECK(received->header("x-webhook-id") == "msg_1");
  CHECK(received->header("X-Webhook-Id") == std::nullopt);  // names are lower-cased
}

TEST_CASE("A request announcing a body over 4 MiB is answered 413 without reaching the handler",
          "[web][http-listener]") {
  asio::io_context io;
  bool handled = false;
  const auto listener = open(io, [&](const HttpRequest&) {
    handled = true;
    return HttpResponse{};
  });
  // The client here writes the head alone and reads: one that goes on writing the body
  // may find the connection closed before it reads the answer.
  std::thread loop([&] { io.run_for(std::chrono::seconds(20)); });
  asio::ip::tcp::socket client(io);
  client.connect({asio::ip::make_address("127.0.0.1"), listener->port()});
  const std::string head = fmt::format(
      "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n\r\n", (4u << 20) + 1);
  asio::write(client, asio::buffer(head));
  std::string answer;
  boost::system::error_code error;
  asio::read(client, asio::dynamic_buffer(answer), error);
  io.stop();
  loop.join();
  CHECK(error == asio::error::eof);
  CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 413 "));
  CHECK_THAT(answer, Catch::EndsWith("\r\n\r\nrequest too large\n"));
  CHECK_FALSE(handled);
}

TEST_CASE("An address already in use is an error naming it; a closed listener takes no more",
          "[web][http-listener]") {
  asio::io_context io;
  const auto listener = open(io, [](const HttpRequest&) {
    return HttpResponse{200, "text/plain", "up"};
  });
  const std::string address = "127.0.0.1:" + std::to_string(listener->port());
  const auto second =
      HttpListener::open(io, address, [](const HttpRequest&) { return HttpResponse{}; });
  REQUIRE_FALSE(second);
  CHECK_THAT(second.error().message, Catch::StartsWith("cannot listen on " + address + ": "));
  const auto request = request_to(*listener, "/");
  CHECK(send(io, request).body == "up");
  listener->close();
  CHECK(send(io, request).outcome == fetch::Outcome::connect_failed);
}

namespace {

// Sends one GET with a raw socket and reads until the server closes.
std::string raw_get(asio::io_context& io, std::uint16_t port, const std::string& target) {
  std::thread loop([&] { io.run_for(std::chrono::seconds(20)); });
  asio::ip::tcp::socket client(io);
  client.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(client, asio::buffer("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  std::string answer;
  boost::system::error_code error;
  asio::read(client, asio::dynamic_buffer(answer), error);
  io.stop();
  loop.join();
  return answer;
}

}  // namespace

TEST_CASE("An answer given later from another thread carries its extra header fields",
          "[web][http-listener]") {
  asio::io_context io;
  std::vector<std::thread> workers;
  auto listener =
      HttpListener::open_async(io, "127.0.0.1:0", [&](HttpRequest, web::Responder respond) {
        workers.emplace_back([respond = std::move(respond)] {
          HttpResponse answer(201, "text/html; charset=utf-8", "<p>later</p>");
          answer.headers.emplace_back("Content-Security-Policy", "default-src 'none'");
          respond(std::move(answer));
        });
      });
  REQUIRE(listener);
  const auto answer = raw_get(io, (*listener)->port(), "/");
  for (auto& worker : workers) worker.join();
  CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 201 "));
  CHECK_THAT(answer, Catch::Contains("Content-Security-Policy: default-src 'none'\r\n"));
  CHECK_THAT(answer, Catch::EndsWith("\r\n\r\n<p>later</p>"));
}

TEST_CASE("A streamed answer sends what is written, in order, until it is closed",
          "[web][http-listener]") {
  asio::io_context io;
  const auto listener = open(io, [](const HttpRequest&) {
    HttpResponse answer(200, "text/event-stream", "ignored");
    answer.stream = [](std::shared_ptr<web::ResponseStream> stream) {
      CHECK(stream->write("data: one\n\n"));
      CHECK(stream->write("data: two\n\n"));
      stream->close();
    };
    return answer;
  });
  const auto answer = raw_get(io, listener->port(), "/events");
  CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 200 "));
  CHECK_THAT(answer, Catch::Contains("Content-Type: text/event-stream\r\n"));
  CHECK_THAT(answer, !Catch::Contains("Content-Length"));
  CHECK_THAT(answer, Catch::EndsWith("\r\n\r\ndata: one\n\ndata: two\n\n"));
}
