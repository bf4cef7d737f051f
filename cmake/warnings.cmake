# INTERFACE targets linked into every real target (cmake_template's habit):
# warnings stay on everywhere, sanitizers only when asked for.
add_library(anoman_warnings INTERFACE)
target_compile_options(anoman_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow)

option(ANOMAN_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
add_library(anoman_options INTERFACE)
if(ANOMAN_SANITIZE)
  target_compile_options(anoman_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(anoman_options INTERFACE -fsanitize=address,undefined)
endif()
