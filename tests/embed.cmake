# Tests of the embedding parts (included by tests/CMakeLists.txt): the store tests need
# SQLite directly; the C test is a C program linked to nudge::capi only; the ctypes example
# of docs/embedding.md runs with /usr/bin/python3 against the built library.
target_link_libraries(nudge_tests PRIVATE SQLite::SQLite3 nlohmann_json::nlohmann_json)
add_dependencies(nudge_tests nudge_capi)
target_compile_definitions(nudge_tests PRIVATE
  NUDGE_CAPI_PATH="$<TARGET_FILE:nudge_capi>")

add_executable(nudge_c_api_test "${CMAKE_CURRENT_SOURCE_DIR}/c_api/c_api_test.c")
set_target_properties(nudge_c_api_test PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON
                                                  C_EXTENSIONS OFF)
target_link_libraries(nudge_c_api_test PRIVATE nudge::capi)
nudge_set_warnings(nudge_c_api_test)
nudge_set_sanitizers(nudge_c_api_test)
if(NUDGE_SANITIZE)
  # The library is C++: a sanitized one needs the C++ parts of the sanitizer runtimes, which
  # only the C++ driver links. The test itself stays C.
  set_target_properties(nudge_c_api_test PROPERTIES LINKER_LANGUAGE CXX)
endif()
add_test(NAME CApi.CProgram
  COMMAND nudge_c_api_test "${PROJECT_SOURCE_DIR}/policies/default.toml"
          "${CMAKE_CURRENT_BINARY_DIR}/c-api-tmp" "$<TARGET_FILE:example_c>")
# Python cannot load a sanitized library without preloading the sanitizer runtime, so the
# ctypes example runs in the plain build only (scripts/test.sh runs both builds).
if(NOT NUDGE_SANITIZE)
  add_test(NAME CApi.PythonCtypesExample
    COMMAND /usr/bin/python3 "${PROJECT_SOURCE_DIR}/docs/examples/embed_host.py"
            "$<TARGET_FILE:nudge_capi>" "${PROJECT_SOURCE_DIR}/policies/default.toml"
            "${CMAKE_CURRENT_BINARY_DIR}/ctypes-tmp")
endif()
