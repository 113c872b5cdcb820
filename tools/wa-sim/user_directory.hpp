#pragma once
// The WhatsApp users the simulator knows: the --users people, anyone who
// wrote, anyone the business wrote to. Holds each user's 24-hour customer
// service window, which opens when the user writes and closes 24 hours after
// their latest message. A user may be known by phone, by business-scoped id,
// or both once one message carried both.

#include <boost/json/array.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/wa-sim/sim_options.hpp"

namespace baton::sim {

struct UserState {
  std::string name;
  std::string phone;    // E.164, may be empty
  std::string user_id;  // business-scoped id, may be empty
  std::optional<std::int64_t> last_inbound_ms;
  bool listed = false;  // from --users
};

class UserDirectory {
 public:
  static constexpr std::int64_t window_ms = 24 * 60 * 60 * 1000;

  explicit UserDirectory(std::vector<SimUser> listed);

  // The user wrote at `at_ms`: opens or refreshes the window (never moves
  // it back to an older message).
  void record_inbound(const std::string& phone, const std::string& user_id, const std::string& name,
                      std::int64_t at_ms);
  // Makes sure someone the business wrote to is listed.
  void note(const std::string& key) { find_or_add(key); }
  // Sets or (nullopt) closes the window of `key` ("+E164" or a user id).
  void set_window(const std::string& key, std::optional<std::int64_t> last_inbound_ms);
  // `key` is "+E164" or a business-scoped id.
  bool window_open(const std::string& key, std::int64_t now_ms) const;
  const UserState* find(const std::string& key) const;
  // Every id the person behind `key` is known by, `key` included.
  std::vector<std::string> aliases(const std::string& key) const;

  boost::json::object to_json(const UserState& user, std::int64_t now_ms) const;
  boost::json::array to_json(std::int64_t now_ms) const;
  void reset();

 private:
  template <class Self>
  static auto* lookup(Self& self, const std::string& phone, const std::string& user_id);
  UserState& find_or_add(const std::string& key);

  std::vector<SimUser> listed_;
  std::vector<UserState> users_;
};

}  // namespace baton::sim
