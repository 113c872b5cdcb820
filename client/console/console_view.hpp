#pragma once
// Draws the console (console_model.hpp) with Dear ImGui, one frame at a
// time, and says what the developer asked for. Knows nothing of the browser:
// the glue (web/main.cpp) owns the window, the renderer and the socket, and
// the tests draw it headless (an ImGui context with no renderer) and look
// at what it drew.
//
// Per frame it allocates nothing per row: lists go through ImGuiListClipper
// and draw only the visible rows, straight from the model's strings.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/console/console_actions.hpp"
#include "client/console/console_model.hpp"

struct ImVec2;

namespace baton::console {

struct ConsoleRequest {
  // action, body: `value` is the request to send (a confirmed ActionDraft, a kept body asked for).
  enum class Kind { sign_in, sign_out, transcript, trace, action, faults, body };
  Kind kind;
  std::string value;  // the token, a session id, a message id, or the request
};

// Seconds and milliseconds of the day (UTC), for event logs.
void draw_utc_time(std::int64_t t_ms);

class ConsoleView {
 public:
  // Into the current ImGui context, between NewFrame and Render.
  std::vector<ConsoleRequest> draw(ConsoleModel& model, std::int64_t now_ms);

  // Tests: keep every label drawn (texts, buttons, tabs) and where each
  // button is, for the next frames.
  void record(bool on) { recording_ = on; }
  const std::vector<std::string>& drawn() const { return drawn_; }
  bool drew(std::string_view text) const;
  // The centre of the button or selectable labelled `label` in the last
  // frame, for a test's click; false if it was not drawn.
  bool where(std::string_view label, float& x, float& y) const;

  const std::string& selected_session() const { return selected_; }
  // Opens a panel by its tab's label ("Outbox") and picks a chat, as a click
  // would; for links into the console and for tests' screenshots.
  void show(std::string panel) { show_ = std::move(panel); }
  void select(std::string session_id) { selected_ = std::move(session_id); }

 private:
  void sign_in_window(ConsoleModel& model);
  void status_bar(ConsoleModel& model);
  void chats_tab(ConsoleModel& model, std::int64_t now_ms);
  void session_list(ConsoleModel& model, std::int64_t now_ms);
  void session_detail(ConsoleModel& model);
  void events_tab(const ConsoleModel& model);
  void whatsapp_tab(const ConsoleModel& model);
  void outbox_tab(const ConsoleModel& model);
  void mail_tab(const ConsoleModel& model);
  void calls_tab(const ConsoleModel& model, std::int64_t now_ms);
  void agents_tab(const ConsoleModel& model);
  void figures_tab(const ConsoleModel& model);
  void trace_box(ConsoleModel& model);
  void event_rows(const std::deque<EventLine>& lines, const char* id);
  // Actions (console_view_actions.cpp): each waits for a confirmation.
  void offer(ActionDraft draft) { pending_ = std::move(draft); }
  void confirm_dialog();
  void action_reply(const ConsoleModel& model);
  void simulator_tab(const ConsoleModel& model);
  void audit_tab(const ConsoleModel& model);
  void kept_body(const ConsoleModel& model);
  // A button whose label repeats on many rows; `id` tells them apart, and
  // tests find it as "label id".
  bool row_button(const char* label, const std::string& id);

  void text(std::string_view s);
  bool button(const char* label);
  bool tab(const char* label);
  void note(std::string_view s);

  std::vector<ConsoleRequest> requests_;
  char token_[256] = {};
  char filter_[128] = {};
  char trace_id_[128] = {};
  std::string selected_;
  std::string show_;
  bool trace_open_ = false;
  std::optional<ActionDraft> pending_;
  bool confirm_open_ = false;
  std::uint64_t next_request_ = 1;
  char sim_text_[1024] = {};
  int sim_agent_ = 0;
  std::vector<std::size_t> filtered_;
  bool recording_ = false;
  std::vector<std::string> drawn_;
  struct Spot {
    std::string label;
    float x, y;
  };
  std::vector<Spot> spots_;
};

}  // namespace baton::console
