// The libFuzzer entry point of one target, chosen at build time by NEWSMON_FUZZ_TARGET.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/fuzz.h"

#ifndef NEWSMON_FUZZ_TARGET
#error "NEWSMON_FUZZ_TARGET names the target this executable runs"
#endif

namespace {

newsmon::fuzz::TargetFunction target() {
  static const newsmon::fuzz::TargetFunction run = [] {
    const auto* found = newsmon::fuzz::find_target(NEWSMON_FUZZ_TARGET);
    if (found == nullptr) {
      std::fprintf(stderr, "no fuzz target named %s\n", NEWSMON_FUZZ_TARGET);
      std::abort();
    }
    return found->run;
  }();
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  newsmon::fuzz::quiet_logs();
  (void)target();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  target()({reinterpret_cast<const char*>(data), size});
  return 0;
}
