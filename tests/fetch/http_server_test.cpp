#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "tests/support/http_server.h"

namespace asio = boost::asio;
using newsmon::test::HttpServer;
using newsmon::test::Reply;

namespace {

// A raw exchange over one connection, so the server is checked without the client under test.
std::string exchange(std::uint16_t port, const std::string& request) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(socket, asio::buffer(request));
  std::string response;
  boost::system::error_code error;
  asio::read(socket, asio::dynamic_buffer(response), error);
  return response;
}

}  // namespace

TEST_CASE("The test server answers a programmed path and records the request", "[fetch][server]") {
  HttpServer server;
  server.set("/feed.xml", Reply::ok("<rss/>", "application/rss+xml").header("ETag", "\"v1\""));
  const auto response = exchange(server.port(),
                                 "GET /feed.xml?x=1 HTTP/1.1\r\nHost: t\r\nIf-None-Match: "
                                 "W/\"a, b\"\r\nConnection: close\r\n\r\n");
  CHECK(response.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(response.find("ETag: \"v1\"\r\n") != std::string::npos);
  CHECK(response.find("\r\n\r\n<rss/>") != std::string::npos);
  const auto requests = server.requests("/feed.xml");
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].target == "/feed.xml?x=1");
  CHECK(requests[0].header("if-none-match") == "W/\"a, b\"");
}

TEST_CASE("The test server answers unknown paths with 404", "[fetch][server]") {
  HttpServer server;
  const auto response =
      exchange(server.port(), "GET /nothing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  CHECK(response.rfind("HTTP/1.1 404", 0) == 0);
}

TEST_CASE("The test server records POST bodies for handlers", "[fetch][server]") {
  HttpServer server;
  server.set("/hook", [](const newsmon::test::RecordedRequest& request) {
    return Reply::ok("got " + request.body);
  });
  const auto response = exchange(
      server.port(),
      "POST /hook HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
  CHECK(response.find("got hello") != std::string::npos);
  REQUIRE(server.requests().size() == 1);
  CHECK(server.requests()[0].method == "POST");
  CHECK(server.requests()[0].body == "hello");
}

TEST_CASE("The test server closes without answering when told to", "[fetch][server]") {
  HttpServer server;
  Reply reply;
  reply.behaviour = newsmon::test::Behaviour::close_without_answer;
  server.set("/drop", reply);
  const auto response =
      exchange(server.port(), "GET /drop HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  CHECK(response.empty());
  CHECK(server.request_count("/drop") == 1);
}

TEST_CASE("gzip_compress produces a gzip member that names its size", "[fetch][server]") {
  const std::string data(100'000, 'a');
  const auto compressed = newsmon::test::gzip_compress(data);
  REQUIRE(compressed.size() > 18);
  CHECK(compressed.size() < 1000);
  CHECK(static_cast<unsigned char>(compressed[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(compressed[1]) == 0x8b);
  const auto size_at_end = static_cast<unsigned char>(compressed[compressed.size() - 4]) |
                           static_cast<unsigned char>(compressed[compressed.size() - 3]) << 8 |
                           static_cast<unsigned char>(compressed[compressed.size() - 2]) << 16;
  CHECK(size_at_end == 100'000);
}
