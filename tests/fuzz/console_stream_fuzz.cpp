// The console's model reads whatever the admin stream sends (a relay of
// another version, a proxy's error page, a bug): each line of the input is
// applied, then the view draws a frame of the result, headless. Neither may
// crash, and the lists stay within their bounds.

#include <imgui.h>

#include <cstdint>
#include <string_view>

#include "client/console/console_model.hpp"
#include "client/console/console_view.hpp"
#include "client/console/headless_imgui.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static baton::console::HeadlessImgui imgui;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  baton::console::ConsoleModel model;
  while (!input.empty()) {
    auto end = input.find('\n');
    model.apply(input.substr(0, end));
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
  }
  BATON_FUZZ_REQUIRE(model.events().size() <= baton::console::ConsoleModel::max_events);
  BATON_FUZZ_REQUIRE(model.traffic().size() <= baton::console::ConsoleModel::max_traffic);
  baton::console::ConsoleView view;
  if (!model.sessions().empty()) view.select(model.sessions().front().id);
  BATON_FUZZ_REQUIRE(model.audit().size() <= baton::console::ConsoleModel::max_audit);
  BATON_FUZZ_REQUIRE(model.calls().size() <= baton::console::ConsoleModel::max_calls);
  for (const char* panel : {"Chats", "Trace", "WhatsApp", "Outbox", "Calls", "Simulator", "Audit"}) {
    view.show(panel);
    ImGui::NewFrame();
    view.draw(model, 5000);
    ImGui::Render();
  }
  return 0;
}
