# Precompiled system headers for the sanitized build (clang), whose files
# spend most of their compile time parsing Asio, Beast and JSON: at -O0 a
# typical relay file took 5.3 s to parse and 2 s to compile. GCC's build is
# left alone: at -O2 parsing is a smaller share, each precompiled header cost
# 12-14 s to build, and GCC 12 then reports its -Wstringop-overflow false
# positives from inside the precompiled standard headers.
#
# Only system headers are listed: a project header in here would let a file
# use it without including it, and the layers rule (cmake/BatonLayers.cmake)
# would stop seeing upward includes. The portable core (common/, client/)
# never gets these: it may not include Asio at all.
option(BATON_PRECOMPILE "Precompile Boost's headers for clang builds of the native targets" ON)

set(baton_precompiled_headers
  <algorithm> <chrono> <cstdint> <functional> <map> <memory> <optional> <string> <string_view>
  <unordered_map> <variant> <vector>
  <boost/asio/any_io_executor.hpp> <boost/asio/awaitable.hpp> <boost/asio/co_spawn.hpp>
  <boost/asio/io_context.hpp> <boost/asio/ip/tcp.hpp> <boost/asio/post.hpp>
  <boost/asio/redirect_error.hpp> <boost/asio/steady_timer.hpp> <boost/asio/use_awaitable.hpp>
  <boost/beast/core.hpp> <boost/beast/http.hpp>
  <boost/json.hpp>)

# baton_precompile(TARGET): TARGET's files start from the precompiled headers.
function(baton_precompile target)
  if(BATON_PRECOMPILE AND NOT EMSCRIPTEN AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    target_precompile_headers(${target} PRIVATE ${baton_precompiled_headers})
  endif()
endfunction()
