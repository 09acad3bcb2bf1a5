// bench_deliver throughput [DELIVERIES] | latency [STORIES] [NEWSMON]

#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/deliver/bench.h"
#include "daemon/util/log.h"
#include "tests/support/paths.h"

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  const int count = argc > 2 ? std::atoi(argv[2]) : 0;
  newsmon::util::init_logging(newsmon::util::LogLevel::error);
  if (what == "throughput") return newsmon::bench::run_throughput(count > 0 ? count : 2000);
  if (what == "latency") {
    const std::filesystem::path newsmon =
        argc > 3 ? std::filesystem::path(argv[3]) : newsmon::test::newsmon_executable();
    return newsmon::bench::run_latency(newsmon, count > 0 ? count : 100);
  }
  std::fprintf(stderr,
               "usage: bench_deliver throughput [DELIVERIES] | latency [STORIES] [NEWSMON]\n");
  return 2;
}
