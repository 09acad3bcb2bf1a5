# Interface targets every newsmon target links: warnings and, optionally, sanitizers.
add_library(newsmon_warnings INTERFACE)
target_compile_options(newsmon_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough)

add_library(newsmon_sanitize INTERFACE)
if(NEWSMON_SANITIZE)
  string(REPLACE "," ";" _sanitizers "${NEWSMON_SANITIZE}")
  foreach(_sanitizer IN LISTS _sanitizers)
    if(NOT _sanitizer MATCHES "^(address|undefined|leak|thread)$")
      message(FATAL_ERROR "NEWSMON_SANITIZE: unknown sanitizer '${_sanitizer}'")
    endif()
  endforeach()
  target_compile_options(newsmon_sanitize INTERFACE
    -fsanitize=${NEWSMON_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(newsmon_sanitize INTERFACE -fsanitize=${NEWSMON_SANITIZE})
endif()

add_library(newsmon_options INTERFACE)
target_link_libraries(newsmon_options INTERFACE newsmon_warnings newsmon_sanitize)
target_include_directories(newsmon_options INTERFACE ${PROJECT_SOURCE_DIR})

# newsmon_library(NAME) — the static library for daemon/NAME, built from its *.cpp files.
function(newsmon_library name)
  file(GLOB _sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(newsmon_${name} STATIC ${_sources})
  add_library(newsmon::${name} ALIAS newsmon_${name})
  target_link_libraries(newsmon_${name} PUBLIC newsmon_options)
endfunction()
