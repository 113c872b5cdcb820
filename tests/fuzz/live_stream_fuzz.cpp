// The live-stream session (the relay's real code) driven through in-memory
// connections by a script the fuzzer writes: tabs connecting in either
// subprotocol, hellos with any backlog, pings, pongs, messages valid and
// not, raw frames, oversized frames, live messages and read receipts,
// writes trickling out or stuck, tabs closing politely or vanishing, the
// keep-alive rounds, and the event loop stepped by any amount in between.
//
// After every script, the properties the relay promises must hold:
//  - never two reads or two writes in flight on one connection;
//  - every tab gets each log entry at most once, in order; a tab still open
//    at the end has every entry after its hello exactly once;
//  - the hub keeps exactly the open tabs that joined;
//  - once every tab has gone, no session is left.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/protocol/binary_codec.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/hub/json_codec.hpp"
#include "tests/fuzz/fuzz_input.hpp"
#include "tests/support/live_stream_rig.hpp"

namespace {

using baton::fuzz::FuzzInput;
using baton::test::LiveStreamRig;
using baton::test::RigSession;
using baton::test::RigTab;

constexpr std::size_t max_tabs = 6;

// What the script did to one tab, to know what the relay owes it.
struct ScriptedTab {
  std::shared_ptr<RigTab> tab;
  bool header_token = false;
  bool sent_hello = false;  // the relay answers the first hello it decodes
  bool hello_valid = false;
  std::uint64_t after = 0;
  bool sent_message_first = false;
  bool went_away = false;  // closed or vanished by the script
};

// How the relay will read a frame the script sends (the decoders have their
// own fuzz targets): a hello, and whether it names this session.
void note_frame(ScriptedTab& t, const std::string& bytes, bool text, const RigSession& s) {
  std::optional<baton::ClientFrame> frame;
  if (t.tab->binary() != !text) return;  // refused as the wrong frame type
  if (text) {
    auto decoded = baton::decode_client_json(bytes);
    if (auto* f = std::get_if<baton::ClientFrame>(&decoded)) frame = *f;
  } else {
    frame = baton::decode_client_frame(bytes);
  }
  if (!frame || t.sent_hello) return;
  if (auto* hello = std::get_if<baton::Hello>(&*frame)) {
    t.sent_hello = true;
    bool token_ok = t.header_token || hello->token == s.token;
    bool id_ok = hello->session_id.empty() || hello->session_id == s.id;
    // With a header token the relay ignores the frame's token.
    if (t.header_token) id_ok = hello->session_id.empty() || hello->session_id == s.id;
    t.hello_valid = token_ok && id_ok && (t.header_token || !hello->token.empty());
    t.after = hello->after_seq;
  } else {
    t.sent_message_first = true;
  }
}

LiveStreamRig& rig() {
  // One rig for the whole run (a new database per input would cost more
  // than the input); never destroyed, as libFuzzer exits without unwinding.
  static auto* instance = new LiveStreamRig(false);
  return *instance;
}

RigSession& session_for_run() {
  // A fresh chat now and then keeps the logs from growing without end.
  static RigSession session;
  static unsigned uses = 0;
  if (uses++ % 256 == 0) session = rig().open_session(5 * 32 + 7);
  return session;
}

void connect(std::vector<ScriptedTab>& tabs, FuzzInput& in, const RigSession& s) {
  if (tabs.size() >= max_tabs) return;
  ScriptedTab t;
  bool binary = in.flag();
  t.header_token = in.flag();
  std::vector<std::string> extra;
  if (t.header_token) extra.push_back("baton.auth." + s.token);
  t.tab = rig().connect(binary, extra);
  tabs.push_back(std::move(t));
}

void send(ScriptedTab& t, const RigSession& s, std::string bytes, bool text) {
  note_frame(t, bytes, text, s);
  t.tab->send_frame(std::move(bytes), text);
}

void run_script(FuzzInput& in, const RigSession& s) {
  auto& r = rig();
  std::vector<ScriptedTab> tabs;
  connect(tabs, in, s);
  int message_number = 0;
  // Live messages are bounded per script, so that one input stays quick.
  std::size_t appends_left = 160;
  auto append = [&](const std::string& text) {
    if (appends_left == 0) return;
    --appends_left;
    r.append(s.id, text);
  };
  while (!in.empty()) {
    auto op = in.below(19);
    auto& t = tabs[in.below(tabs.size())];
    bool binary = t.tab->binary();
    switch (op) {
      case 0: {  // hello with a backlog of 0 to 99 entries (0, 1, a page, a page + 1, 3 pages)
        auto last = r.last_seq(s.id);
        auto backlog = std::min<std::uint64_t>(in.byte() % 100, last);
        send(t, s, baton::bench::hello_frame(binary, t.header_token && in.flag() ? "" : s.id, s.token, last - backlog),
             !binary);
        break;
      }
      case 1:  // a hello with a wrong token
        send(t, s, baton::bench::hello_frame(binary, s.id, "wrong-" + in.text(8), in.byte()), !binary);
        break;
      case 2: t.tab->ping(in.text(130)); break;
      case 3: t.tab->pong(in.text(130)); break;
      case 4: {  // the tab's own message: valid, or with any cid and text
        bool valid = in.flag();
        auto cid = valid ? "m" + std::to_string(message_number++) : in.text(70);
        auto text = valid ? std::string("hello there") : in.text(255);
        send(t, s, baton::bench::message_frame(binary, cid, text), !binary);
        break;
      }
      case 5: {  // raw bytes, in either frame type
        bool text = in.flag();
        send(t, s, in.text(255), text);
        break;
      }
      case 6: append("live " + std::to_string(in.byte())); break;
      case 7: r.mark_newest_read(s.id); break;
      case 8: r.step(in.below(64)); break;
      case 9: t.tab->window().let_through(static_cast<std::size_t>(in.byte()) * 16 + 1); break;
      case 10: t.tab->window().shut(); break;
      case 11: t.tab->window().open_fully(); break;
      case 12:
        t.went_away = true;
        t.tab->close();
        break;
      case 13:
        t.went_away = true;
        t.tab->vanish();
        break;
      case 14: connect(tabs, in, s); break;
      case 15: r.settle(10000); break;
      case 16:  // larger than a frame may be (1009)
        t.tab->send_frame(std::string(70 * 1024, 'x'), !binary);
        break;
      case 17: r.keep_alive_round(); break;  // pings the quiet, cuts the silent and the stuck closing
      default:                               // a burst of live messages: a slow tab may fall 64 behind
        for (std::size_t i = 0, n = 1 + in.below(80); i < n; ++i) append("burst");
        break;
    }
  }

  // Let everything finish: every write through, every handler run.
  for (auto& t : tabs) t.tab->window().open_fully();
  BATON_FUZZ_REQUIRE(r.settle());
  BATON_FUZZ_REQUIRE(r.overlaps() == 0);

  auto last = r.last_seq(s.id);
  std::size_t joined_and_open = 0;
  for (auto& t : tabs) {
    BATON_FUZZ_REQUIRE(!t.tab->out_of_order());
    BATON_FUZZ_REQUIRE(t.tab->count("unreadable") == 0);
    BATON_FUZZ_REQUIRE(t.tab->count("welcome") <= 1);
    BATON_FUZZ_REQUIRE(t.tab->has_at_most_once());
    bool open = t.tab->handshake_done() && !t.tab->closed() && !t.went_away;
    if (!open) continue;
    // An open tab whose first decoded frame was a valid hello follows the chat.
    bool joined = t.sent_hello && t.hello_valid && !t.sent_message_first;
    if (t.tab->count("welcome") == 1) {
      BATON_FUZZ_REQUIRE(joined);
      BATON_FUZZ_REQUIRE(t.tab->has_exactly(std::min(t.after, last), last));
      ++joined_and_open;
    }
  }
  BATON_FUZZ_REQUIRE(r.service().hub().subscribers(s.id) == joined_and_open);

  for (auto& t : tabs) t.tab->vanish();
  BATON_FUZZ_REQUIRE(r.settle());
  BATON_FUZZ_REQUIRE(r.service().hub().subscribers(s.id) == 0);
  // Nothing is left of a tab that has gone: no session, no socket.
  BATON_FUZZ_REQUIRE(r.live_sessions() == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  run_script(in, session_for_run());
  return 0;
}
