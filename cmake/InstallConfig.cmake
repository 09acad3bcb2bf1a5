# Run at install time: copies a configuration file into place unless the user has one.
# A user's edited file is never overwritten: the shipped version lands beside it as
# FILE.dist so the differences can be reviewed.
# Variables: SOURCE (file to install), DESTINATION (full path of the installed file).
set(_target "$ENV{DESTDIR}${DESTINATION}")
get_filename_component(_folder "${_target}" DIRECTORY)
file(MAKE_DIRECTORY "${_folder}")
if(NOT EXISTS "${_target}")
  message(STATUS "Installing: ${_target}")
  file(COPY_FILE "${SOURCE}" "${_target}")
else()
  file(SHA256 "${SOURCE}" _shipped)
  file(SHA256 "${_target}" _present)
  if(_shipped STREQUAL _present)
    message(STATUS "Up-to-date: ${_target}")
  else()
    message(STATUS "Kept your ${_target}; the shipped version is ${_target}.dist")
    file(COPY_FILE "${SOURCE}" "${_target}.dist")
  endif()
endif()
