# `cmake --install`: the binary, the systemd unit, the manual page, and the default
# configuration, feed list and rule packs under /etc/newsmon (a user's edited files are
# kept; see InstallConfig.cmake). Use DESTDIR to stage into another folder.
set(NEWSMON_CONFIG_DIR "/etc/newsmon" CACHE PATH "Where the configuration is installed")
set(NEWSMON_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE PATH
    "Where the systemd unit is installed, relative to the prefix")

# The unit names the installed binary and configuration.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/systemd/newsmon.service)
file(READ ${PROJECT_SOURCE_DIR}/systemd/newsmon.service _unit)
string(REPLACE "/usr/bin/newsmon" "${CMAKE_INSTALL_FULL_BINDIR}/newsmon" _unit "${_unit}")
string(REPLACE "/etc/newsmon/" "${NEWSMON_CONFIG_DIR}/" _unit "${_unit}")
file(WRITE ${PROJECT_BINARY_DIR}/systemd/newsmon.service "${_unit}")
install(FILES ${PROJECT_BINARY_DIR}/systemd/newsmon.service DESTINATION ${NEWSMON_SYSTEMD_UNIT_DIR})

install(FILES ${PROJECT_SOURCE_DIR}/docs/newsmon.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

function(newsmon_install_config source destination)
  install(CODE "set(SOURCE \"${source}\")
set(DESTINATION \"${destination}\")
include(\"${PROJECT_SOURCE_DIR}/cmake/InstallConfig.cmake\")")
endfunction()

newsmon_install_config(${PROJECT_SOURCE_DIR}/systemd/newsmon.yaml ${NEWSMON_CONFIG_DIR}/newsmon.yaml)
newsmon_install_config(${PROJECT_SOURCE_DIR}/feeds/default.yaml ${NEWSMON_CONFIG_DIR}/feeds.yaml)
file(GLOB_RECURSE _rule_files CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}/rules
     ${PROJECT_SOURCE_DIR}/rules/*.yaml)
foreach(_file IN LISTS _rule_files)
  newsmon_install_config(${PROJECT_SOURCE_DIR}/rules/${_file} ${NEWSMON_CONFIG_DIR}/rules/${_file})
endforeach()
