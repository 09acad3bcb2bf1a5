#pragma once
// Running requests through a real CurlClient to their responses, for the fetch tests.

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "daemon/fetch/curl_client.h"

namespace newsmon::fetch::test {

/// Runs one loop until every request has its response (or a generous deadline passes).
inline std::vector<Response> fetch_all(std::vector<Request> requests, ClientOptions options = {}) {
  boost::asio::io_context io;
  CurlClient client(io, std::move(options));
  std::vector<Response> responses(requests.size());
  std::size_t done = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    client.start(std::move(requests[i]), [&, i](Response response) {
      responses[i] = std::move(response);
      if (++done == responses.size()) io.stop();
    });
  }
  io.run_for(std::chrono::seconds(60));
  REQUIRE(done == responses.size());
  return responses;
}

inline Response fetch(Request request, ClientOptions options = {}) {
  return fetch_all({std::move(request)}, std::move(options)).at(0);
}

inline Request get(std::string url) {
  Request request;
  request.url = std::move(url);
  return request;
}

}  // namespace newsmon::fetch::test
