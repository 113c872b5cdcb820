#pragma once
// The request and response types every handler uses.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace baton {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

}  // namespace baton
