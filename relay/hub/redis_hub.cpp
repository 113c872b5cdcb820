#include "relay/hub/redis_hub.hpp"

#include "common/protocol/binary_codec.hpp"
#include "relay/core/log.hpp"
#include "relay/hub/redis_connection.hpp"

namespace baton {

namespace {

struct HubMetrics {
  metrics::Counter& sent = metrics::registry().counter("baton_hub_cluster_sent_total",
                                                       "Frames published to the other relays");
  metrics::Counter& received = metrics::registry().counter("baton_hub_cluster_received_total",
                                                           "Frames from other relays delivered to this relay's tabs");
  metrics::Counter& unsent = metrics::registry().counter(
      "baton_hub_cluster_unsent_total", "Frames the other relays did not get (the link was down); tabs re-read them");
  metrics::Counter& resyncs = metrics::registry().counter(
      "baton_hub_cluster_resyncs_total", "Times this relay's tabs re-read their chats after the link came back");
  metrics::Counter& unreadable = metrics::registry().counter("baton_hub_cluster_unreadable_total",
                                                             "Messages on the hub's channel this relay could not read");
  metrics::Gauge& members = metrics::registry().gauge(
      "baton_hub_cluster_relays", "Relays heard on the hub lately, this one included: they share the outbox's lanes");
};

HubMetrics& hub_metrics() {
  static HubMetrics m;
  return m;
}

// What a heartbeat says while a console is open on its relay.
constexpr std::string_view console_open = "console";

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string RedisHub::channel_for(int database) {
  // Database 0 keeps the name relays of earlier releases use.
  return database == 0 ? "baton:frames" : "baton:frames:" + std::to_string(database);
}

RedisHub::RedisHub(net::any_io_executor loop, RedisAddress address, RelayId self, AdminFeed& feed)
    : channel_(channel_for(address.database)), self_(self), members_(self), heartbeat_(loop), feed_(feed) {
  hub_metrics().members.set(1);
  feed_.set_tap([this](std::string_view type, const FeedLine& line) { pass_on(type, line); });
  publisher_ = std::make_shared<RedisConnection>(loop, address, "hub publisher",
                                                 RedisConnection::Handlers{.ready =
                                                                               [this] {
                                                                                 // Its heartbeats come back from now.
                                                                                 heard_self_ms_ = steady_ms();
                                                                                 pay_resync();
                                                                               },
                                                                           .reply = [](const redisReply&) {},
                                                                           .lost = [this] { owe_resync_ = true; }});
  subscriber_ = std::make_shared<RedisConnection>(
      loop, address, "hub subscriber",
      RedisConnection::Handlers{.ready =
                                    [this] {
                                      subscriber_->send({"SUBSCRIBE", channel_});
                                    },
                                .reply = [this](const redisReply& reply) { on_subscriber_reply(reply); },
                                .lost = [this] { subscribed_ = false; }});
}

void RedisHub::pay_resync() {
  if (!owe_resync_) return;
  // Cleared only once the news is on its way: a publisher still too far
  // behind tries again at the next beat.
  if (send(HubEnvelope::Kind::resync, {}, {})) owe_resync_ = false;
}

void RedisHub::on_subscriber_reply(const redisReply& reply) {
  // ["message", channel, payload] or ["subscribe", channel, count].
  if (reply.type != REDIS_REPLY_ARRAY || reply.elements != 3) return;
  auto kind = reply_text(*reply.element[0]);
  if (kind == "message" && reply.element[2]->type == REDIS_REPLY_STRING) {
    on_message(reply_text(*reply.element[2]));
  } else if (kind == "subscribe") {
    on_subscribed();
  }
}

RedisHub::~RedisHub() {
  feed_.set_tap({});
  stop();
}

void RedisHub::start() {
  publisher_->start();
  subscriber_->start();
  beat();
}

void RedisHub::stop() {
  stopped_ = true;
  heartbeat_.cancel();
  publisher_->stop();
  subscriber_->stop();
}

void RedisHub::beat() {
  // A beat already due when stop() cancelled the timer still runs.
  if (stopped_) return;
  auto now = steady_ms();
  if (linked() && now - heard_self_ms_ > ClusterMembers::silence_ms) {
    log::warn("the hub has not heard itself on Redis: connecting again",
              {{"silent_ms", now - heard_self_ms_}, {"channel", channel_}});
    // Both lost: frames this relay published may not have gone, and others'
    // did not come; the usual recovery follows (resync both ways).
    publisher_->drop("no answer from the server");
    subscriber_->drop("no answer from the server");
  }
  pay_resync();
  if (publisher_->ready()) send(HubEnvelope::Kind::heartbeat, feed_.watched() ? console_open : "", {});
  if (members_.expire(now)) members_changed();
  heartbeat_.expires_after(std::chrono::milliseconds(ClusterMembers::heartbeat_ms));
  heartbeat_.async_wait([this](boost::system::error_code ec) {
    if (!ec) beat();
  });
}

void RedisHub::heard_from(const RelayId& relay) {
  if (members_.heard(relay, steady_ms())) members_changed();
}

void RedisHub::pass_on(std::string_view type, const FeedLine& line) {
  if (type == "figures" || steady_ms() >= consoles_elsewhere_until_ms_) return;
  send(HubEnvelope::Kind::feed, {}, *line);
}

void RedisHub::members_changed() {
  hub_metrics().members.set(static_cast<std::int64_t>(members_.size()));
  if (news_.members_changed) news_.members_changed();
}

bool RedisHub::linked() const { return publisher_->ready() && subscribed_; }

void RedisHub::on_subscribed() {
  bool first = !subscribed_;
  subscribed_ = true;
  if (!first) return;
  heard_self_ms_ = steady_ms();  // from now, its own heartbeats should come back
  // Whatever other relays published while this one was not listening is in
  // the database: every tab here re-reads from its last sequence number, and
  // the settings are read again (at start too: a change made between this
  // relay's first read and its subscription would be missed).
  resync_tabs();
}

void RedisHub::resync_tabs() {
  hub_metrics().resyncs.inc();
  local_.resync_all();
  if (news_.setting_changed) news_.setting_changed({});
}

void RedisHub::setting_changed(std::string_view key) {
  if (!key.empty()) send(HubEnvelope::Kind::setting, key, {});
}

void RedisHub::work_for(std::string_view recipient) {
  if (!recipient.empty()) send(HubEnvelope::Kind::work, recipient, {});
}

void RedisHub::subscribe(const std::string& session_id, const std::shared_ptr<Subscriber>& subscriber) {
  local_.subscribe(session_id, subscriber);
}

void RedisHub::unsubscribe(const std::string& session_id, const Subscriber* subscriber) {
  local_.unsubscribe(session_id, subscriber);
}

std::size_t RedisHub::subscribers(std::string_view session_id) const { return local_.subscribers(session_id); }

void RedisHub::publish(const std::string& session_id, const SharedFrame& frame) {
  local_.publish(session_id, frame);
  send(HubEnvelope::Kind::session, session_id, *frame->binary());
}

void RedisHub::publish_to_all(const SharedFrame& frame) {
  // News for every widget (what is offered now) is worked out by every
  // relay: what one of them told the widgets, the others do not repeat.
  const auto& bytes = *frame->binary();
  if (bytes == last_to_all_) return;
  last_to_all_ = bytes;
  local_.publish_to_all(frame);
  send(HubEnvelope::Kind::everyone, {}, bytes);
}

bool RedisHub::send(HubEnvelope::Kind kind, std::string_view subject, std::string_view frame) {
  auto payload = encode_envelope(kind, self_, subject, frame);
  bool is_frame = kind == HubEnvelope::Kind::session || kind == HubEnvelope::Kind::everyone;
  if (publisher_->send({"PUBLISH", channel_, payload})) {
    if (is_frame) hub_metrics().sent.inc();
    return true;
  }
  // Frames and settings are what the others re-read once told to. A lost
  // heartbeat, console event or work notice needs nothing: the next beat
  // comes, events are of the moment, and each relay sweeps its lanes anyway.
  if (!is_frame && kind != HubEnvelope::Kind::setting) return false;
  hub_metrics().unsent.inc();
  owe_resync_ = true;
  return false;
}

void RedisHub::on_message(std::string_view payload) {
  auto envelope = decode_envelope(payload);
  if (!envelope) {
    hub_metrics().unreadable.inc();
    return;
  }
  if (envelope->origin == self_) {  // delivered here already
    heard_self_ms_ = steady_ms();
    return;
  }
  heard_from(envelope->origin);
  switch (envelope->kind) {
    case HubEnvelope::Kind::resync: return resync_tabs();
    case HubEnvelope::Kind::heartbeat:
      if (envelope->subject == console_open) consoles_elsewhere_until_ms_ = steady_ms() + ClusterMembers::silence_ms;
      return;
    case HubEnvelope::Kind::feed:
      if (feed_.watched()) feed_.forward(std::make_shared<const std::string>(std::move(envelope->frame)));
      return;
    case HubEnvelope::Kind::setting:
      if (news_.setting_changed) news_.setting_changed(envelope->subject);
      return;
    case HubEnvelope::Kind::work:
      // Every relay hears it; the one that looks after the lane acts.
      if (news_.work_for && members_.owns(envelope->subject)) news_.work_for(envelope->subject);
      return;
    case HubEnvelope::Kind::session:
      // Most chats have no tab here: skip the decoding.
      if (local_.subscribers(envelope->subject) == 0) return;
      break;
    case HubEnvelope::Kind::everyone:
      if (envelope->frame == last_to_all_) return;
      last_to_all_ = envelope->frame;
      break;
  }
  auto frame = decode_server_frame(envelope->frame);
  if (!frame) {
    hub_metrics().unreadable.inc();
    return;
  }
  auto shared = make_frame(std::move(*frame));
  if (envelope->kind == HubEnvelope::Kind::everyone) local_.publish_to_all(shared);
  else local_.publish(envelope->subject, shared);
  hub_metrics().received.inc();
}

}  // namespace baton
