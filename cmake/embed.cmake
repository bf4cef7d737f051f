# anoman_embed_text(TARGET SYMBOL FILE): compiles FILE's bytes into TARGET as
#   extern const char SYMBOL[];  (NUL-terminated)
# so language files and other small assets travel inside the binary.
function(anoman_embed_text target symbol file)
  get_filename_component(abs "${file}" ABSOLUTE)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embed_${symbol}.cpp")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DIN=${abs} -DOUT=${out} -DSYMBOL=${symbol}
            -P "${ANOMAN_CMAKE_DIR}/embed_run.cmake"
    DEPENDS "${abs}" "${ANOMAN_CMAKE_DIR}/embed_run.cmake"
    COMMENT "Embedding ${file}")
  target_sources(${target} PRIVATE "${out}")
endfunction()
