// The console's actions (console_actions.hpp): where they are offered, the
// confirmation each waits for, the relay's answer, the simulator panel and
// the audit log.

#include <imgui.h>

#include <cstdio>
#include <cstring>

#include "client/console/console_view.hpp"

namespace baton::console {
namespace {

constexpr ImGuiTableFlags table_flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                        ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                        ImGuiTableFlags_SizingStretchProp;

constexpr const char* confirm_title = "Confirm action";

}  // namespace

bool ConsoleView::row_button(const char* label, const std::string& id) {
  ImGui::PushID(id.c_str());
  bool pressed = ImGui::SmallButton(label);
  ImGui::PopID();
  if (recording_) {
    auto name = std::string(label) + " " + id;
    drawn_.push_back(name);
    auto min = ImGui::GetItemRectMin();
    auto max = ImGui::GetItemRectMax();
    spots_.push_back(Spot{std::move(name), (min.x + max.x) / 2, (min.y + max.y) / 2});
  }
  return pressed;
}

void ConsoleView::confirm_dialog() {
  if (pending_ && !confirm_open_) {
    ImGui::OpenPopup(confirm_title);
    confirm_open_ = true;
  }
  ImGui::SetNextWindowSize(ImVec2(520, 0));
  if (!ImGui::BeginPopupModal(confirm_title, nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings)) {
    // Closed some other way (Escape): nothing is sent.
    if (confirm_open_ && !ImGui::IsPopupOpen(confirm_title)) {
      pending_.reset();
      confirm_open_ = false;
    }
    return;
  }
  if (pending_) {
    text(pending_->title);
    ImGui::Separator();
    note(pending_->consequence);
    note("It is written to the relay's audit log, with your address.");
    ImGui::Spacing();
    if (button("Yes, do it")) {
      requests_.push_back(ConsoleRequest{ConsoleRequest::Kind::action, pending_->request});
      pending_.reset();
    }
    ImGui::SameLine();
    if (button("Cancel")) pending_.reset();
  }
  if (!pending_) {
    confirm_open_ = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void ConsoleView::action_reply(const ConsoleModel& model) {
  const auto& reply = model.last_action();
  if (reply.action.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, reply.ok ? ImVec4(0.5f, 0.9f, 0.5f, 1) : ImVec4(1.0f, 0.45f, 0.4f, 1));
  char head[96];
  std::snprintf(head, sizeof head, "%s %s:", reply.action.c_str(), reply.ok ? "done" : "refused");
  text(head);
  ImGui::PopStyleColor();
  ImGui::SameLine();
  note(reply.message);
}

void ConsoleView::kept_body(const ConsoleModel& model) {
  if (model.body_of() == "graph") {
    ImGui::Text(
        "Cloud API call %s: the request as sent and the answer (numbers masked, texts replaced by their "
        "length; the token is never kept):",
        model.body_id().c_str());
  } else {
    ImGui::Text("Webhook %s, as the relay received it (numbers masked, texts replaced by their length):",
                model.body_id().c_str());
  }
  ImGui::BeginChild("kept body", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::TextUnformatted(model.body().c_str());
  if (recording_) drawn_.push_back(model.body());
  ImGui::EndChild();
}

void ConsoleView::simulator_tab(const ConsoleModel& model) {
  note(
      "The relay runs against wa-sim (--simulator-url): write as a WhatsApp user, and make the Cloud API "
      "misbehave to watch the relay cope. Each action is confirmed and audited.");
  ImGui::Separator();
  text("Write on WhatsApp");
  const auto& agents = model.agents();
  if (sim_agent_ >= static_cast<int>(agents.size())) sim_agent_ = 0;
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextMultiline("##sim text", sim_text_, sizeof sim_text_, ImVec2(-1, 60));
  if (!agents.empty()) {
    ImGui::SetNextItemWidth(160);
    if (ImGui::BeginCombo("##agent", agents[static_cast<std::size_t>(sim_agent_)].name.c_str())) {
      for (std::size_t i = 0; i < agents.size(); ++i) {
        if (ImGui::Selectable(agents[i].name.c_str(), static_cast<int>(i) == sim_agent_))
          sim_agent_ = static_cast<int>(i);
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (button("Write as agent") && sim_text_[0] != '\0') {
      offer(write_as_agent(agents[static_cast<std::size_t>(sim_agent_)].name, sim_text_, next_request_++));
    }
  }
  const auto* chat = model.session(selected_);
  if (chat && chat->on_whatsapp) {
    ImGui::SameLine();
    char label[64];
    std::snprintf(label, sizeof label, "Write as the visitor of #%s", chat->code.c_str());
    if (button(label) && sim_text_[0] != '\0') offer(write_as_visitor(*chat, sim_text_, next_request_++));
  } else {
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    text("(pick a chat continued on WhatsApp to write as its visitor)");
    ImGui::PopStyleColor();
  }

  ImGui::Separator();
  text("wa-sim faults");
  for (const auto& preset : fault_presets()) {
    if (button(preset.label)) offer(switch_fault_on(preset, next_request_++));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", preset.consequence);
    ImGui::SameLine();
  }
  if (button("Clear faults")) offer(clear_faults(next_request_++));
  ImGui::SameLine();
  if (button("Refresh")) requests_.push_back(ConsoleRequest{ConsoleRequest::Kind::faults, {}});
  if (model.faults().empty()) {
    note("No fault is on: wa-sim answers as the Cloud API does.");
  } else {
    for (const auto& fault : model.faults()) text("on: " + fault);
  }
}

void ConsoleView::audit_tab(const ConsoleModel& model) {
  const auto& rows = model.audit();
  ImGui::Text("What admins did, newest first (%zu kept here; GET /v1/admin/audit has them all).", rows.size());
  if (!ImGui::BeginTable("audit", 6, table_flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("time (UTC)", ImGuiTableColumnFlags_WidthFixed, 96);
  for (const char* heading : {"who", "action", "on", "outcome", "what happened"}) ImGui::TableSetupColumn(heading);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int n = clipper.DisplayStart; n < clipper.DisplayEnd; ++n) {
      const auto& r = rows[rows.size() - 1 - static_cast<std::size_t>(n)];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      draw_utc_time(r.t);
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(r.actor.c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(r.action.c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::TextUnformatted(r.target.c_str());
      ImGui::TableSetColumnIndex(4);
      ImGui::TextUnformatted(r.outcome.c_str());
      if (recording_) drawn_.push_back(r.action + " " + r.outcome);
      ImGui::TableSetColumnIndex(5);
      ImGui::TextUnformatted(r.detail.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace baton::console
