#pragma once
// Downloads the files of inbound WhatsApp media messages before they join
// their chat (docs/attachments.md, "From WhatsApp"): GET /{media-id} for a
// short-lived URL, the URL with the token, the bytes checked against the
// sha256 Meta sent and sniffed, then, in one transaction, the file kept and
// the message delivered as if it had just arrived. Temporary failures are
// retried for ten minutes; after that the message joins its chat saying the
// file could not be downloaded. One download at a time: files are large and
// a chat's messages should not overtake each other more than they must.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "relay/conversation/conversation_service.hpp"
#include "relay/whatsapp/graph_client.hpp"

namespace baton {

class MediaWorker : public MediaQueue {
 public:
  MediaWorker(boost::asio::any_io_executor executor, ConversationService& service, GraphClient& graph);

  void start();
  void stop();
  void poke() override;

  // How long a file may keep failing before its message is shown without it.
  static constexpr std::int64_t give_up_after_ms = 10 * 60 * 1000;

 private:
  struct Attempt;
  void look();
  void arm(std::int64_t delay_ms);
  void fetch(std::shared_ptr<Attempt> attempt);
  void download(std::shared_ptr<Attempt> attempt, const std::string& url, const std::string& expected_sha);
  void deliver(std::shared_ptr<Attempt> attempt);
  void failed(std::shared_ptr<Attempt> attempt, std::string why, bool temporary);
  std::int64_t now() const { return service_.clock().now_ms(); }

  ConversationService& service_;
  GraphClient& graph_;
  boost::asio::steady_timer timer_;
  bool busy_ = false;
  bool again_ = false;  // poked while busy
  bool stopped_ = false;
};

}  // namespace baton
