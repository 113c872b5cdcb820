#include "relay/core/address_range.hpp"

#include <charconv>

namespace baton {
namespace {

using boost::asio::ip::address;

template <std::size_t N>
bool same_prefix(const std::array<unsigned char, N>& a, const std::array<unsigned char, N>& b, unsigned bits) {
  for (std::size_t i = 0; i < N && bits > 0; ++i) {
    unsigned take = bits >= 8 ? 8 : bits;
    auto mask = static_cast<unsigned char>(0xFF << (8 - take));
    if ((a[i] & mask) != (b[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

}  // namespace

address plain_address(const address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  }
  return a;
}

std::optional<AddressRange> AddressRange::parse(std::string_view text) {
  auto slash = text.find('/');
  boost::system::error_code ec;
  auto network = boost::asio::ip::make_address(std::string(text.substr(0, slash)), ec);
  if (ec) return std::nullopt;
  network = plain_address(network);
  unsigned max = network.is_v4() ? 32 : 128;
  unsigned prefix = max;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (error != std::errc() || end != digits.data() + digits.size() || digits.empty() || prefix > max) {
      return std::nullopt;
    }
  }
  AddressRange range;
  range.network_ = network;
  range.prefix_ = prefix;
  return range;
}

bool AddressRange::contains(const address& candidate) const {
  auto a = plain_address(candidate);
  if (a.is_v4() != network_.is_v4()) return false;
  if (a.is_v4()) return same_prefix(a.to_v4().to_bytes(), network_.to_v4().to_bytes(), prefix_);
  return same_prefix(a.to_v6().to_bytes(), network_.to_v6().to_bytes(), prefix_);
}

std::string AddressRange::to_string() const { return network_.to_string() + "/" + std::to_string(prefix_); }

bool any_contains(const std::vector<AddressRange>& ranges, const address& a) {
  for (const auto& range : ranges) {
    if (range.contains(a)) return true;
  }
  return false;
}

namespace {

// Dotted decimal, as to_string writes it: that goes through inet_ntop and
// sprintf, and every request names its sender's key twice.
std::string dotted(const boost::asio::ip::address_v4& a) {
  char text[16];
  char* end = text;
  for (auto byte : a.to_bytes()) {
    if (end != text) *end++ = '.';
    end = std::to_chars(end, text + sizeof text, static_cast<unsigned>(byte)).ptr;
  }
  return std::string(text, end);
}

}  // namespace

std::string limit_key(const address& candidate) {
  auto a = plain_address(candidate);
  if (a.is_v4()) return dotted(a.to_v4());
  auto bytes = a.to_v6().to_bytes();
  for (std::size_t i = 8; i < bytes.size(); ++i) bytes[i] = 0;
  return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

}  // namespace baton
