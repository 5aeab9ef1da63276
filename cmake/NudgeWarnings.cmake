# Warnings and sanitizers are set per target, never through CMAKE_CXX_FLAGS.
function(nudge_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANG_AND_ID:CXX,GNU,Clang>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow>
    $<$<COMPILE_LANG_AND_ID:C,GNU,Clang>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow>)
  if(NUDGE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

function(nudge_set_sanitizers target)
  if(NUDGE_SANITIZE)
    # -fno-sanitize-recover: a UBSan finding fails the run instead of scrolling past.
    target_compile_options(${target} PRIVATE -fsanitize=${NUDGE_SANITIZE} -fno-omit-frame-pointer
                           -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${NUDGE_SANITIZE})
  endif()
endfunction()
