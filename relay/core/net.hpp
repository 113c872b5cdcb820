#pragma once
// Short names for the networking libraries, instead of `using namespace`.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace boost::beast {}
namespace boost::beast::http {}
namespace boost::beast::websocket {}
namespace boost::asio::ssl {}
namespace boost::json {}

namespace baton {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace ssl = boost::asio::ssl;
namespace json = boost::json;
using tcp = boost::asio::ip::tcp;

}  // namespace baton
