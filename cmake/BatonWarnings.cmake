# Warnings for Baton's own targets (never for third-party headers, which are
# included as system headers).
function(baton_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4)
  else()
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
      -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
      -Wimplicit-fallthrough)
    # GCC 12 flags Asio's coroutine-frame allocator (operator new/delete
    # pairs it cannot see through) as mismatched: a known false positive.
    # GCC 12 also reports "maybe uninitialized" strings inside std::variant
    # temporaries at -O2 (GCC bug 105562 and kin).
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} PRIVATE -Wno-mismatched-new-delete -Wno-maybe-uninitialized)
    endif()
    if(BATON_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
