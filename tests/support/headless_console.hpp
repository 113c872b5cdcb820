#pragma once
// The console's view drawn natively for its unit tests: an ImGui context
// with a font atlas and a screen and nothing to render to, frames drawn on
// demand, and a click as the mouse pressed and released on a drawn label.

#include <doctest/doctest.h>
#include <imgui.h>

#include <string_view>
#include <vector>

#include "client/console/console_model.hpp"
#include "client/console/console_view.hpp"
#include "client/console/headless_imgui.hpp"

namespace baton::console {

struct HeadlessConsole {
  std::vector<ConsoleRequest> frame(ConsoleView& view, ConsoleModel& model) {
    ImGui::NewFrame();
    auto requests = view.draw(model, 5000);
    ImGui::Render();
    return requests;
  }

  // A few frames first: tables settle their column widths over the first
  // frames after they appear, moving what is drawn in them. Returns what the
  // view asked for on the release.
  std::vector<ConsoleRequest> click(ConsoleView& view, ConsoleModel& model, std::string_view label) {
    for (int i = 0; i < 4; ++i) frame(view, model);
    float x = 0, y = 0;
    REQUIRE_MESSAGE(view.where(label, x, y), "not drawn: " << label);
    auto& io = ImGui::GetIO();
    io.MousePos = ImVec2(x, y);
    frame(view, model);
    io.MouseDown[0] = true;
    frame(view, model);
    io.MouseDown[0] = false;
    return frame(view, model);
  }

  // A frame, and one more for a window that appears (a dialog is hidden on
  // its first frame while it measures itself).
  void show(ConsoleView& view, ConsoleModel& model) {
    frame(view, model);
    frame(view, model);
  }

  HeadlessImgui context;
};

}  // namespace baton::console
