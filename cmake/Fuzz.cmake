# NEWSMON_FUZZ: every library built for libFuzzer (clang only). The code under test gets
# coverage instrumentation (fuzzer-no-link) and AddressSanitizer and UBSan, any UBSan
# report aborting so libFuzzer keeps the input; the fuzz executables under tests/fuzz
# link libFuzzer itself. libstdc++'s assertions catch what ASan cannot see (an index past
# a string's size but inside its capacity). clang's -Wconversion also warns on changes of
# signedness, which GCC's, the one the code is written against, leaves out.
if(NEWSMON_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "NEWSMON_FUZZ needs clang (CXX=clang++-14); this is ${CMAKE_CXX_COMPILER_ID}")
  endif()
  if(NEWSMON_SANITIZE)
    message(FATAL_ERROR "NEWSMON_FUZZ brings its own sanitizers: leave NEWSMON_SANITIZE empty")
  endif()
  target_compile_options(newsmon_sanitize INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer -D_GLIBCXX_ASSERTIONS -Wno-sign-conversion)
  target_link_options(newsmon_sanitize INTERFACE -fsanitize=address,undefined)
endif()
