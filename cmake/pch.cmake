# One precompiled header for the whole build, made once and reused by every
# target that may use it (REUSE_FROM). Without it each of the ~280 translation
# units parses Boost.Asio and nlohmann/json again: 10-30 s each on the 2-core
# CI machine, most of the build. See README.md "Build time".
#
# What goes in: system headers only (no warnings from them), and only headers
# whose meaning no macro of ours changes. spdlog is left out: it is configured
# by the definitions its CMake target adds (SPDLOG_FMT_EXTERNAL, ...), which
# not every target has. GCC checks a precompiled header before using it (same
# -O, -f and -m options; macros it mentions defined alike) and otherwise reads
# the headers as text, so a mismatch is slower, never wrong.
#
# Left out on purpose: the layers that must not see Boost (anoman_forbid_boost:
# a forced include of Asio would break exactly the rule they test), the
# expected-to-fail layer cases, and builds with clang (fuzz), which refuses a
# mismatched precompiled header instead of falling back.
option(ANOMAN_PCH "Precompile Asio, Beast and nlohmann/json once for every target that may use them" ON)

set(ANOMAN_PCH_HEADERS
  <algorithm> <chrono> <cstdint> <functional> <map> <memory> <optional> <string> <string_view> <vector>
  <boost/asio.hpp> <boost/beast/core.hpp> <boost/beast/http.hpp>
  <nlohmann/json.hpp>)

function(anoman_pch_make)
  if(NOT ANOMAN_PCH OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    return()
  endif()
  add_library(anoman_pch STATIC ${ANOMAN_CMAKE_DIR}/pch.cpp)
  target_link_libraries(anoman_pch PRIVATE anoman_warnings anoman_options Boost::headers nlohmann_json::nlohmann_json)
  target_precompile_headers(anoman_pch PRIVATE "$<$<COMPILE_LANGUAGE:CXX>:${ANOMAN_PCH_HEADERS}>")
endfunction()

# Every eligible target under `dir` reuses anoman_pch.
function(anoman_pch_apply dir)
  if(NOT TARGET anoman_pch)
    return()
  endif()
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target ${targets})
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY)$" OR target STREQUAL "anoman_pch"
       OR target MATCHES "^layer_case_")
      continue()
    endif()
    get_target_property(definitions ${target} COMPILE_DEFINITIONS)
    if(definitions MATCHES "BOOST_USER_CONFIG")
      continue()
    endif()
    get_target_property(own ${target} PRECOMPILE_HEADERS)
    if(own)
      continue()
    endif()
    target_precompile_headers(${target} REUSE_FROM anoman_pch)
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir ${subdirs})
    anoman_pch_apply(${subdir})
  endforeach()
endfunction()
