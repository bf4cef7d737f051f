# Script mode half of anoman_embed_text(): writes the bytes as a char array.
# Each byte is a '\xNN' character literal: a plain 0xNN above 0x7f would be a
# narrowing error in a char array (UTF-8 text such as "…" has such bytes).
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE "${OUT}" "// Generated from ${IN}; do not edit.\nextern const char ${SYMBOL}[];\nconst char ${SYMBOL}[] = {${bytes} 0x00};\n")
