# cmake --install: headers, the engine library, the nudge command, the policies, the built
# plugins, and a CMake package (find_package(nudge)) with two components:
#   plugin  nudge::plugin, headers only: everything a plugin needs (plugin_abi.h, plugin.hpp)
#   engine  nudge::engine, the static library and what it links (Boost, toml++, date/tz)
# find_package(nudge) with no components gives both.
include(CMakePackageConfigHelpers)

set(NUDGE_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/nudge")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/engine/include/nudge"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(TARGETS nudge_plugin EXPORT nudgePluginTargets)
install(EXPORT nudgePluginTargets NAMESPACE nudge:: DESTINATION "${NUDGE_CMAKE_DIR}")
install(TARGETS nudge_engine EXPORT nudgeEngineTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(EXPORT nudgeEngineTargets NAMESPACE nudge:: DESTINATION "${NUDGE_CMAKE_DIR}")
if(TARGET nudge)
  install(TARGETS nudge RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()
# The nudge command finds these next to itself (../share/nudge/policies).
install(DIRECTORY "${PROJECT_SOURCE_DIR}/policies/"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/nudge/policies")

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/nudgeConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/nudgeConfig.cmake" INSTALL_DESTINATION "${NUDGE_CMAKE_DIR}")
# 0.x: a minor version may break the API, so only the same minor is compatible.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/nudgeConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/nudgeConfig.cmake"
              "${PROJECT_BINARY_DIR}/nudgeConfigVersion.cmake"
        DESTINATION "${NUDGE_CMAKE_DIR}")
