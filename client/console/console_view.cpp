#include "client/console/console_view.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <imgui.h>

namespace baton::console {
namespace {

// Colours for states, readable on ImGui's dark theme.
ImVec4 state_colour(std::string_view state) {
  if (state == "failed" || state == "permanent" || state == "refused" || state == "lost") return {1.0f, 0.45f, 0.4f, 1};
  if (state == "read" || state == "live" || state == "sent" || state == "delivered") return {0.5f, 0.9f, 0.5f, 1};
  if (state == "retry" || state == "waiting" || state == "in_doubt" || state == "throttled") return {1, 0.8f, 0.3f, 1};
  return {0.85f, 0.85f, 0.85f, 1};
}

void coloured(std::string_view s) {
  ImGui::PushStyleColor(ImGuiCol_Text, state_colour(s));
  ImGui::TextUnformatted(s.data(), s.data() + s.size());
  ImGui::PopStyleColor();
}

// "12 s", "4 min", "3 h": how long ago, without allocating.
void ago(std::int64_t now_ms, std::int64_t then_ms) {
  if (then_ms <= 0) {
    ImGui::TextUnformatted("-");
    return;
  }
  auto s = std::max<std::int64_t>(0, (now_ms - then_ms) / 1000);
  if (s < 60) {
    ImGui::Text("%lld s", static_cast<long long>(s));
  } else if (s < 3600) {
    ImGui::Text("%lld min", static_cast<long long>(s / 60));
  } else {
    ImGui::Text("%lld h", static_cast<long long>(s / 3600));
  }
}

bool contains(std::string_view haystack, std::string_view needle) {
  return needle.empty() || haystack.find(needle) != std::string_view::npos;
}

constexpr ImGuiTableFlags table_flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                        ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                        ImGuiTableFlags_SizingStretchProp;

}  // namespace

void draw_utc_time(std::int64_t t_ms) {
  auto day_ms = t_ms % (24LL * 3600 * 1000);
  ImGui::Text("%02lld:%02lld:%02lld.%03lld", static_cast<long long>(day_ms / 3600000),
              static_cast<long long>(day_ms / 60000 % 60), static_cast<long long>(day_ms / 1000 % 60),
              static_cast<long long>(day_ms % 1000));
}

void ConsoleView::text(std::string_view s) {
  ImGui::TextUnformatted(s.data(), s.data() + s.size());
  if (recording_) drawn_.emplace_back(s);
}

void ConsoleView::note(std::string_view s) {
  ImGui::TextWrapped("%.*s", static_cast<int>(s.size()), s.data());
  if (recording_) drawn_.emplace_back(s);
}

bool ConsoleView::button(const char* label) {
  bool pressed = ImGui::Button(label);
  if (recording_) {
    drawn_.emplace_back(label);
    auto min = ImGui::GetItemRectMin();
    auto max = ImGui::GetItemRectMax();
    spots_.push_back(Spot{label, (min.x + max.x) / 2, (min.y + max.y) / 2});
  }
  return pressed;
}

bool ConsoleView::tab(const char* label) {
  bool chosen = show_ == label;
  bool open = ImGui::BeginTabItem(label, nullptr, chosen ? ImGuiTabItemFlags_SetSelected : 0);
  if (chosen) show_.clear();
  if (recording_) {
    drawn_.emplace_back(label);
    auto min = ImGui::GetItemRectMin();
    auto max = ImGui::GetItemRectMax();
    spots_.push_back(Spot{label, (min.x + max.x) / 2, (min.y + max.y) / 2});
  }
  return open;
}

bool ConsoleView::drew(std::string_view s) const {
  return std::any_of(drawn_.begin(), drawn_.end(),
                     [&](const std::string& d) { return d.find(s) != std::string::npos; });
}

bool ConsoleView::where(std::string_view label, float& x, float& y) const {
  for (const auto& spot : spots_) {
    if (spot.label == label) {
      x = spot.x;
      y = spot.y;
      return true;
    }
  }
  return false;
}

std::vector<ConsoleRequest> ConsoleView::draw(ConsoleModel& model, std::int64_t now_ms) {
  requests_.clear();
  if (recording_) {
    drawn_.clear();
    spots_.clear();
  }
  const auto* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  ImGui::Begin("Baton console", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  if (model.link() == Link::signed_out || model.link() == Link::refused) {
    sign_in_window(model);
  } else {
    status_bar(model);
    if (ImGui::BeginTabBar("panels")) {
      if (tab("Chats")) {
        chats_tab(model, now_ms);
        ImGui::EndTabItem();
      }
      if (tab("Events")) {
        events_tab(model);
        ImGui::EndTabItem();
      }
      if (tab("WhatsApp")) {
        whatsapp_tab(model);
        ImGui::EndTabItem();
      }
      if (tab("Outbox")) {
        outbox_tab(model);
        ImGui::EndTabItem();
      }
      if (tab("Mail")) {
        mail_tab(model);
        ImGui::EndTabItem();
      }
      if (tab("Calls")) {
        calls_tab(model, now_ms);
        ImGui::EndTabItem();
      }
      if (tab("Agents")) {
        agents_tab(model);
        ImGui::EndTabItem();
      }
      if (tab("Figures")) {
        figures_tab(model);
        ImGui::EndTabItem();
      }
      if (model.simulator() && tab("Simulator")) {
        simulator_tab(model);
        ImGui::EndTabItem();
      }
      if (tab("Audit")) {
        audit_tab(model);
        ImGui::EndTabItem();
      }
      bool tracing = tab("Trace");
      if (tracing) {
        trace_box(model);
        ImGui::EndTabItem();
      }
      trace_open_ = tracing;
      ImGui::EndTabBar();
    }
    confirm_dialog();
  }
  ImGui::End();
  return std::move(requests_);
}

void ConsoleView::sign_in_window(ConsoleModel& model) {
  text("Baton developer console");
  ImGui::Separator();
  note(
      "Sign in with the relay's admin token (printed by the relay when it started, or --admin-token). "
      "It stays in this tab's memory only.");
  if (model.link() == Link::refused) {
    ImGui::PushStyleColor(ImGuiCol_Text, state_colour("failed"));
    note("The relay refused: " + model.link_reason());
    ImGui::PopStyleColor();
  }
  ImGui::SetNextItemWidth(420);
  // The token field has the keyboard whenever nothing else is in use.
  if (!ImGui::IsAnyItemActive()) ImGui::SetKeyboardFocusHere();
  bool entered = ImGui::InputText("Admin token", token_, sizeof token_,
                                  ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  if ((button("Sign in") || entered) && token_[0] != '\0') {
    requests_.push_back(ConsoleRequest{ConsoleRequest::Kind::sign_in, token_});
    // Handed to the glue; not kept in the form.
    std::memset(token_, 0, sizeof token_);
  }
}

void ConsoleView::status_bar(ConsoleModel& model) {
  coloured(to_string(model.link()));
  if (!model.link_reason().empty()) {
    ImGui::SameLine();
    text(model.link_reason());
  }
  ImGui::SameLine();
  const auto& a = model.availability();
  ImGui::Text("| %s, %lld agent(s) available | %zu chats | %llu lines", a.online ? "online" : "offline",
              static_cast<long long>(a.agents_online), model.sessions().size(),
              static_cast<unsigned long long>(model.lines_applied()));
  ImGui::SameLine();
  if (button("Sign out")) requests_.push_back(ConsoleRequest{ConsoleRequest::Kind::sign_out, {}});
  action_reply(model);
}

void ConsoleView::chats_tab(ConsoleModel& model, std::int64_t now_ms) {
  ImGui::BeginChild("list", ImVec2(ImGui::GetContentRegionAvail().x * 0.55f, 0), true);
  session_list(model, now_ms);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("detail", ImVec2(0, 0), true);
  session_detail(model);
  ImGui::EndChild();
}

void ConsoleView::session_list(ConsoleModel& model, std::int64_t now_ms) {
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##filter", "filter: code, state, agent, origin, language", filter_, sizeof filter_);
  const auto& order = model.sessions_by_recency();
  const auto& rows = model.sessions();
  std::string_view needle(filter_);
  filtered_.clear();
  for (auto i : order) {
    const auto& r = rows[i];
    if (contains(r.code, needle) || contains(r.state, needle) || contains(r.agent, needle) ||
        contains(r.origin, needle) || contains(r.language, needle) || contains(r.id, needle)) {
      filtered_.push_back(i);
    }
  }
  if (!ImGui::BeginTable("sessions", 8, table_flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* heading : {"code", "state", "agent", "tabs", "queue", "WhatsApp", "msgs", "changed"}) {
    ImGui::TableSetupColumn(heading);
  }
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(filtered_.size()));
  while (clipper.Step()) {
    for (int n = clipper.DisplayStart; n < clipper.DisplayEnd; ++n) {
      const auto& r = rows[filtered_[static_cast<std::size_t>(n)]];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::PushID(r.id.c_str());
      bool chosen = r.id == selected_;
      if (ImGui::Selectable(r.code.empty() ? r.id.c_str() : r.code.c_str(), chosen,
                            ImGuiSelectableFlags_SpanAllColumns)) {
        selected_ = r.id;
        requests_.push_back(ConsoleRequest{ConsoleRequest::Kind::transcript, r.id});
      }
      if (recording_) {
        drawn_.push_back(r.code);
        auto min = ImGui::GetItemRectMin();
        spots_.push_back(Spot{r.code, min.x + 4, (min.y + ImGui::GetItemRectMax().y) / 2});
      }
      ImGui::PopID();
      ImGui::TableSetColumnIndex(1);
      coloured(r.state);
      if (recording_) drawn_.push_back(r.state);
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(r.agent.c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::Text("%lld", static_cast<long long>(r.tabs));
      ImGui::TableSetColumnIndex(4);
      if (r.queue_position > 0) ImGui::Text("#%lld", static_cast<long long>(r.queue_position));
      ImGui::TableSetColumnIndex(5);
      ImGui::TextUnformatted(r.on_whatsapp ? "joined" : r.mode == "whatsapp" ? "invited" : "");
      ImGui::TableSetColumnIndex(6);
      ImGui::Text("%llu", static_cast<unsigned long long>(r.last_seq));
      ImGui::TableSetColumnIndex(7);
      ago(now_ms, r.updated_ms);
    }
  }
  ImGui::EndTable();
}

void ConsoleView::session_detail(ConsoleModel& model) {
  const auto* row = model.session(selected_);
  if (!row) {
    note("Pick a chat on the left to see its timeline, where each of its messages went, and its transcript.");
    return;
  }
  ImGui::Text("Chat %s", row->code.c_str());
  ImGui::SameLine();
  coloured(row->state);
  if (row->state != "ended") {
    ImGui::SameLine();
    if (button("End chat")) offer(end_chat(*row, next_request_++));
  }
  ImGui::TextDisabled("%s  %s  %s", row->id.c_str(), row->origin.c_str(), row->language.c_str());
  if (ImGui::CollapsingHeader("Messages and their copies", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (const auto* t : model.tracks_of(row->id)) {
      ImGui::PushID(t->id.c_str());
      ImGui::Text("#%llu %s %s, %lld chars", static_cast<unsigned long long>(t->seq), t->author.c_str(),
                  t->kind.c_str(), static_cast<long long>(t->length));
      ImGui::SameLine();
      coloured(t->status);
      ImGui::Indent();
      ImGui::Text("widget: %lld tab(s)", static_cast<long long>(t->tabs));
      for (const auto& c : t->copies) {
        ImGui::Text("WhatsApp %s (row %s, attempt %lld):", c.recipient.c_str(), c.row.c_str(),
                    static_cast<long long>(c.attempts));
        ImGui::SameLine();
        coloured(c.state);
        if (recording_) drawn_.push_back("copy " + c.row + " " + c.state);
        if (!c.error.empty()) {
          ImGui::SameLine();
          ImGui::TextDisabled("%s", c.error.c_str());
        }
      }
      ImGui::Unindent();
      ImGui::PopID();
    }
  }
  if (ImGui::CollapsingHeader("Timeline", ImGuiTreeNodeFlags_DefaultOpen)) {
    if (const auto* lines = model.timeline(row->id)) event_rows(*lines, "timeline");
  }
  if (ImGui::CollapsingHeader("Transcript (texts)")) {
    if (model.transcript_session() == row->id) {
      for (const auto& line : model.transcript()) ImGui::TextWrapped("%s", line.text.c_str());
    } else if (button("Load transcript")) {
      requests_.push_back(ConsoleRequest{ConsoleRequest::Kind::transcript, row->id});
    }
  }
}

void ConsoleView::event_rows(const std::deque<EventLine>& lines, const char* id) {
  if (!ImGui::BeginTable(id, 3, table_flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("time (UTC)", ImGuiTableColumnFlags_WidthFixed, 96);
  ImGui::TableSetupColumn("event", ImGuiTableColumnFlags_WidthFixed, 90);
  ImGui::TableSetupColumn("what happened");
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(lines.size()));
  while (clipper.Step()) {
    for (int n = clipper.DisplayStart; n < clipper.DisplayEnd; ++n) {
      // Newest first.
      const auto& line = lines[lines.size() - 1 - static_cast<std::size_t>(n)];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      draw_utc_time(line.t);
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(line.type.c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(line.text.c_str());
      if (recording_) drawn_.push_back(line.text);
    }
  }
  ImGui::EndTable();
}

void ConsoleView::events_tab(const ConsoleModel& model) { event_rows(model.events(), "events"); }

void ConsoleView::whatsapp_tab(const ConsoleModel& model) {
  note("Cloud API calls (out) and webhooks (in), newest first. Numbers are masked; texts are never here.");
  const auto& traffic = model.traffic();
  bool body_shown = !model.body().empty();
  float height = ImGui::GetContentRegionAvail().y * (body_shown ? 0.55f : 1.0f);
  if (!ImGui::BeginTable("traffic", 4, table_flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("time (UTC)", ImGuiTableColumnFlags_WidthFixed, 96);
  ImGui::TableSetupColumn("way", ImGuiTableColumnFlags_WidthFixed, 40);
  ImGui::TableSetupColumn("exchange (hover for the JSON)");
  ImGui::TableSetupColumn("kept body", ImGuiTableColumnFlags_WidthFixed, 170);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(traffic.size()));
  while (clipper.Step()) {
    for (int n = clipper.DisplayStart; n < clipper.DisplayEnd; ++n) {
      const auto& x = traffic[traffic.size() - 1 - static_cast<std::size_t>(n)];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      draw_utc_time(x.t);
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(x.outbound ? "out" : "in");
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(x.summary.c_str());
      if (recording_) drawn_.push_back(x.summary);
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(600);
        ImGui::TextUnformatted(x.json.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      ImGui::TableSetColumnIndex(3);
      if (!x.kept_id.empty()) {
        const char* of = x.outbound ? "graph" : "webhook";
        if (row_button("Show", std::string(of) + " " + x.kept_id)) {
          requests_.push_back(ConsoleRequest{ConsoleRequest::Kind::body, body_request(of, x.kept_id)});
        }
        if (!x.outbound) {
          ImGui::SameLine();
          if (row_button("Re-deliver", x.kept_id)) offer(redeliver_webhook(x.kept_id, next_request_++));
        }
      }
    }
  }
  ImGui::EndTable();
  if (body_shown) kept_body(model);
}

void ConsoleView::outbox_tab(const ConsoleModel& model) {
  const auto& rows = model.outbox();
  ImGui::Text("%zu WhatsApp message(s) not yet settled", rows.size());
  if (!ImGui::BeginTable("outbox", 9, table_flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* heading : {"row", "to", "purpose", "state", "attempts", "last call", "ms", "error", ""}) {
    ImGui::TableSetupColumn(heading);
  }
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int n = clipper.DisplayStart; n < clipper.DisplayEnd; ++n) {
      const auto& r = rows[static_cast<std::size_t>(n)];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(r.row.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(r.recipient.c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(r.purpose.c_str());
      ImGui::TableSetColumnIndex(3);
      coloured(r.state);
      if (recording_) drawn_.push_back("row " + r.row + " " + r.state);
      ImGui::TableSetColumnIndex(4);
      ImGui::Text("%lld", static_cast<long long>(r.attempts));
      ImGui::TableSetColumnIndex(5);
      if (r.last_http > 0) ImGui::Text("HTTP %lld %s", static_cast<long long>(r.last_http), r.last_outcome.c_str());
      ImGui::TableSetColumnIndex(6);
      if (r.last_ms > 0) ImGui::Text("%.1f", r.last_ms);
      ImGui::TableSetColumnIndex(7);
      ImGui::TextUnformatted(r.last_error.c_str());
      ImGui::TableSetColumnIndex(8);
      if (retryable(r) && row_button("Retry now", r.row)) offer(retry_send(r, next_request_++));
    }
  }
  ImGui::EndTable();
}

void ConsoleView::mail_tab(const ConsoleModel& model) {
  if (!ImGui::BeginTable("mail", 4, table_flags)) return;
  for (const char* heading : {"mail", "purpose", "state", "error"}) ImGui::TableSetupColumn(heading);
  ImGui::TableHeadersRow();
  for (const auto& m : model.mail()) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(m.id.c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(m.purpose.c_str());
    ImGui::TableSetColumnIndex(2);
    coloured(m.state);
    ImGui::TableSetColumnIndex(3);
    ImGui::TextUnformatted(m.error.c_str());
  }
  ImGui::EndTable();
}

void ConsoleView::calls_tab(const ConsoleModel& model, std::int64_t now_ms) {
  const auto& calls = model.calls();
  ImGui::Text("%zu call-back(s): those not over at sign-in, and every one that changed since.", calls.size());
  if (!ImGui::BeginTable("calls", 7, table_flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* heading : {"call", "chat", "when", "visitor", "agent", "state", ""})
    ImGui::TableSetupColumn(heading);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(calls.size()));
  while (clipper.Step()) {
    for (int n = clipper.DisplayStart; n < clipper.DisplayEnd; ++n) {
      const auto& c = calls[static_cast<std::size_t>(n)];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(c.id.c_str());
      ImGui::TableSetColumnIndex(1);
      const auto* chat = model.session(c.session);
      ImGui::TextUnformatted(chat && !chat->code.empty() ? chat->code.c_str() : c.session.c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(c.when.c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::TextUnformatted(c.visitor.c_str());
      ImGui::TableSetColumnIndex(4);
      ImGui::TextUnformatted(c.agent.c_str());
      ImGui::TableSetColumnIndex(5);
      coloured(c.state);
      if (recording_) drawn_.push_back("call " + c.id + " " + c.state);
      ImGui::TableSetColumnIndex(6);
      // Once its time has come the agent may be dialling: the relay refuses.
      bool open = (c.state == "booked" || c.state == "reminded") && c.start_ms > now_ms;
      if (open && row_button("Cancel call", c.id)) offer(cancel_call(c, next_request_++));
    }
  }
  ImGui::EndTable();
}

void ConsoleView::agents_tab(const ConsoleModel& model) {
  const auto& a = model.availability();
  ImGui::Text("Live chat is %s: %lld agent(s) can take a chat now.", a.online ? "offered" : "not offered",
              static_cast<long long>(a.agents_online));
  if (!ImGui::BeginTable("agents", 5, table_flags)) return;
  for (const char* heading : {"agent", "number", "presence", "24-hour window", "chats"}) {
    ImGui::TableSetupColumn(heading);
  }
  ImGui::TableHeadersRow();
  for (const auto& agent : model.agents()) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(agent.name.c_str());
    if (recording_) drawn_.push_back(agent.name);
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(agent.phone.c_str());
    ImGui::TableSetColumnIndex(2);
    coloured(agent.away ? "away" : "online");
    ImGui::TableSetColumnIndex(3);
    ImGui::TextUnformatted(agent.window_open ? "open" : "closed: a template must reopen it");
    ImGui::TableSetColumnIndex(4);
    ImGui::Text("%lld / %lld", static_cast<long long>(agent.open_chats), static_cast<long long>(agent.capacity));
  }
  ImGui::EndTable();
}

void ConsoleView::figures_tab(const ConsoleModel& model) {
  const auto& p = model.plots();
  auto plot = [](const char* label, const std::vector<float>& series, const char* unit) {
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%s: %.1f %s", label, series.empty() ? 0.0f : series.back(), unit);
    float top = 1;
    for (float v : series) top = std::max(top, v);
    ImGui::PlotLines(label, series.data(), static_cast<int>(series.size()), 0, overlay, 0.0f, top * 1.2f,
                     ImVec2(-120, 70));
  };
  ImGui::Text("Each point is one second; the newest is on the right. Resident memory: %lld KiB",
              static_cast<long long>(p.rss_kib));
  plot("messages/s", p.messages, "");
  plot("webhooks/s", p.webhooks, "");
  plot("webhook to tab p50", p.p50_ms, "ms");
  plot("webhook to tab p99", p.p99_ms, "ms");
  plot("open sockets", p.sockets, "");
  plot("outbox depth", p.outbox, "");
}

void ConsoleView::trace_box(ConsoleModel& model) {
  note("Where is my message? Paste a message id, the widget's client id or a WhatsApp message id (wamid).");
  ImGui::SetNextItemWidth(420);
  // The box has the keyboard as the panel opens: paste, Enter.
  if (!trace_open_) ImGui::SetKeyboardFocusHere();
  bool entered = ImGui::InputText("##trace", trace_id_, sizeof trace_id_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((button("Trace") || entered) && trace_id_[0] != '\0') {
    requests_.push_back(ConsoleRequest{ConsoleRequest::Kind::trace, trace_id_});
  }
  if (model.trace_query().empty()) return;
  ImGui::Separator();
  ImGui::Text("%s", model.trace_query().c_str());
  note(model.trace_summary());
  event_rows(model.trace(), "trace");
}

}  // namespace baton::console
