#pragma once
// The cluster's hub (`--hub redis://...`, docs/cluster.md): the relay's own
// tabs get a frame at once, from the in-process hub, and every other relay
// gets it through one Redis channel that all relays subscribe to.
//
// Redis's publish/subscribe delivers at most once, and two relays' frames for
// one chat may cross. Neither loses a message: a tab that sees a gap in the
// sequence numbers re-reads the chat's log from the database, and after the
// subscription was lost and made again every tab re-reads what it missed
// (Subscriber::resync). Frames without a sequence number (typing, drafts,
// queue positions) are news of the moment and may be lost with the link.
//
// Settings travel the same way, as "the setting under this key changed": the
// other relays read it from the database. A relay that may have missed such
// news (its subscription was made again, or another relay could not publish)
// reads every setting again.
//
// Each relay publishes a heartbeat every second; who was heard lately are
// the members that share the outbox's lanes (relay/hub/cluster_members.hpp).
// A heartbeat also says whether a console is open on its relay: while one
// is open anywhere, every relay passes its console events on (but for its
// figures, which are its own), so each console shows the whole cluster.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "relay/core/admin_feed.hpp"
#include "relay/core/net.hpp"
#include "relay/hub/cluster_members.hpp"
#include "relay/hub/hub.hpp"
#include "relay/hub/hub_envelope.hpp"
#include "relay/hub/local_hub.hpp"
#include "relay/hub/redis_address.hpp"

struct redisReply;  // hiredis's, kept out of this header

namespace baton {

class RedisConnection;

class RedisHub final : public Hub {
 public:
  // `feed`: the console events this relay emits and shows.
  RedisHub(net::any_io_executor loop, RedisAddress address, RelayId self, AdminFeed& feed);
  ~RedisHub() override;

  void start() override;
  void stop() override;
  // Both connections up and subscribed: frames cross to the other relays.
  bool linked() const override;

  void subscribe(const std::string& session_id, const std::shared_ptr<Subscriber>& subscriber) override;
  void unsubscribe(const std::string& session_id, const Subscriber* subscriber) override;
  void publish(const std::string& session_id, const SharedFrame& frame) override;
  void publish_to_all(const SharedFrame& frame) override;
  std::size_t subscribers(std::string_view session_id) const override;
  void on_cluster_news(ClusterNews news) override { news_ = std::move(news); }
  void setting_changed(std::string_view key) override;
  bool owns(std::string_view key) const override { return members_.owns(key); }
  std::size_t relays() const override { return members_.size(); }
  void work_for(std::string_view recipient) override;

  // The channel of a cluster whose Redis database is `database`. Redis'
  // publish and subscribe ignore the database, so two clusters sharing one
  // Redis through different databases would otherwise hear each other, and
  // share out lanes with relays that cannot see their rows.
  static std::string channel_for(int database);

 private:
  // False when the publisher could not take it (down, or too far behind).
  bool send(HubEnvelope::Kind kind, std::string_view subject, std::string_view frame);
  // Connected again, or the publisher caught up: if frames went unsent
  // meanwhile, the others re-read.
  void pay_resync();
  void on_subscriber_reply(const redisReply& reply);
  void on_message(std::string_view payload);
  void on_subscribed();
  // Every tab here re-reads its chat, and every setting is read again:
  // what other relays published was lost.
  void resync_tabs();
  // Says this relay is alive, and lets go of relays not heard lately.
  void beat();
  void heard_from(const RelayId& relay);
  void members_changed();
  // An event emitted here: to the other relays' consoles, if any is open.
  void pass_on(std::string_view type, const FeedLine& line);

  LocalHub local_;
  std::string channel_;
  RelayId self_;
  ClusterNews news_;
  ClusterMembers members_;
  net::steady_timer heartbeat_;
  AdminFeed& feed_;
  // Until when a console open on another relay was last said to be (steady ms).
  std::int64_t consoles_elsewhere_until_ms_ = 0;
  std::shared_ptr<RedisConnection> publisher_;
  std::shared_ptr<RedisConnection> subscriber_;
  bool subscribed_ = false;
  bool stopped_ = false;
  // When this relay last heard itself on the channel (steady ms): its own
  // heartbeat comes back each second while the link works both ways. A
  // link that died without a word (the host gone, a network that drops
  // everything) closes nothing; its silence is how it is found.
  std::int64_t heard_self_ms_ = 0;
  // Frames other relays did not get (the link was down or too far behind):
  // they are told to re-read once it is back.
  bool owe_resync_ = false;
  // The last frame every tab got, from here or another relay.
  std::string last_to_all_;
};

}  // namespace baton
