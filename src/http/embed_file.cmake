# cmake -DINPUT=file -DOUTPUT=file.cpp -DFUNCTION=Name -P embed_file.cmake
# Writes a .cpp defining `std::string_view wangge::http::Name()` that returns INPUT's bytes. Hex, not a raw
# string literal, so no content can break the generated source.
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){16})" "\\1\n    " bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by embed_file.cmake. Do not edit.\n"
  "#include <string_view>\n\n"
  "namespace wangge::http {\n"
  "namespace {\n"
  "// The trailing NUL keeps the array non-empty for an empty file; it is not part of the view.\n"
  "constexpr char kData[] = {\n    ${bytes}'\\0'};\n"
  "}  // namespace\n\n"
  "std::string_view ${FUNCTION}() { return {kData, sizeof kData - 1}; }\n\n"
  "}  // namespace wangge::http\n")
# Only touch the output when it changed, so editing nothing else does not recompile it.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
