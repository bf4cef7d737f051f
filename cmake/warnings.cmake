# INTERFACE targets linked into every real target (cmake_template's habit):
# warnings stay on everywhere, sanitizers only when asked for.
add_library(anoman_warnings INTERFACE)
target_compile_options(anoman_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow
  -Wconversion -Wsign-conversion -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC-only checks (clang builds the fuzz targets and does not know them).
  target_compile_options(anoman_warnings INTERFACE
    -Wduplicated-cond -Wlogical-op -Wuseless-cast)
endif()

# CI turns warnings into errors (deploy/run-tests.sh builds with
# -DANOMAN_WERROR=ON through deploy/build.sh); a developer's build only reports them.
option(ANOMAN_WERROR "Treat compiler warnings as errors" OFF)
# -Wnull-dereference stays a warning even then: GCC 12 at -O2 reports paths
# inside Boost.Asio's own scheduler (boost/asio/detail/impl/scheduler.ipp,
# inlined into our files) that we cannot change; our own code is clean of it.
if(ANOMAN_WERROR)
  target_compile_options(anoman_warnings INTERFACE -Werror -Wno-error=null-dereference)
endif()

option(ANOMAN_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
add_library(anoman_options INTERFACE)
if(ANOMAN_SANITIZE)
  target_compile_options(anoman_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(anoman_options INTERFACE -fsanitize=address,undefined)
endif()

# anoman_forbid_boost(TARGET): any Boost header compiled into TARGET stops the
# build (cmake/layer_forbids_boost.hpp). Boost's headers sit in /usr/include,
# so not linking Boost::headers alone would not keep them out.
function(anoman_forbid_boost target)
  target_compile_definitions(${target} PRIVATE
    "BOOST_USER_CONFIG=\"${ANOMAN_CMAKE_DIR}/layer_forbids_boost.hpp\"")
endfunction()
