# Embedding: the durable store (engine/src/store, SQLite), the JSON helpers it shares with
# `nudge serve` (nlohmann/json, header only, private), the C API (nudge::capi, a shared
# library with a SOVERSION) and their install rules (docs/embedding.md).
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
# nlohmann/json is header only: a build-time need, not part of the installed link interface.
target_link_libraries(nudge_engine PRIVATE SQLite::SQLite3
                                           $<BUILD_INTERFACE:nlohmann_json::nlohmann_json>)
if(TARGET nudge)
  target_link_libraries(nudge PRIVATE nlohmann_json::nlohmann_json)
endif()

# ---- the C API: libnudge_c.so.0 ------------------------------------------------------------
# The static engine is linked in (hidden), so the library exports only the nudge_* functions.
# SOVERSION 0: raised whenever a nudge.h change breaks the ABI (docs/embedding.md).
add_library(nudge_capi SHARED "${PROJECT_SOURCE_DIR}/engine/src/capi/nudge_c.cpp"
                             "${PROJECT_SOURCE_DIR}/engine/src/capi/nudge_c_engine.cpp")
add_library(nudge::capi ALIAS nudge_capi)
set_target_properties(nudge_capi PROPERTIES
  OUTPUT_NAME nudge_c
  EXPORT_NAME capi
  VERSION ${PROJECT_VERSION}
  SOVERSION 0
  C_VISIBILITY_PRESET hidden
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON)
target_include_directories(nudge_capi
  PUBLIC  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/engine/include>
          $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
  PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_link_libraries(nudge_capi PRIVATE nudge_engine)
target_link_options(nudge_capi PRIVATE "LINKER:--exclude-libs,ALL"
  "LINKER:--version-script=${PROJECT_SOURCE_DIR}/engine/src/capi/nudge_c.map")
if(NOT NUDGE_SANITIZE)
  # A sanitized shared library leaves the sanitizer runtime to the executable (clang), so
  # only a plain build can insist that every symbol is resolved.
  target_link_options(nudge_capi PRIVATE "LINKER:--no-undefined")
endif()
set_property(TARGET nudge_capi APPEND PROPERTY
  LINK_DEPENDS "${PROJECT_SOURCE_DIR}/engine/src/capi/nudge_c.map")
target_compile_definitions(nudge_capi PRIVATE NUDGE_CAPI_BUILDING
  NUDGE_VERSION_STRING="${PROJECT_VERSION}")
nudge_set_warnings(nudge_capi)
nudge_set_sanitizers(nudge_capi)

install(TARGETS nudge_capi EXPORT nudgeCapiTargets
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(EXPORT nudgeCapiTargets NAMESPACE nudge::
        DESTINATION "${CMAKE_INSTALL_LIBDIR}/cmake/nudge")
# pkg-config for C hosts; ${pcfiledir} keeps it right wherever the prefix is (--prefix).
file(RELATIVE_PATH NUDGE_PC_TO_PREFIX "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file("${PROJECT_SOURCE_DIR}/cmake/nudge.pc.in" "${PROJECT_BINARY_DIR}/nudge.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/nudge.pc"
        DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
