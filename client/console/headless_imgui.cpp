#include "client/console/headless_imgui.hpp"

#include <imgui.h>

namespace baton::console {

HeadlessImgui::HeadlessImgui(float width, float height) : context_(ImGui::CreateContext()) {
  auto& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(width, height);
  io.DeltaTime = 1.0f / 60;
  // A renderer would upload this texture; building it is what NewFrame needs.
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
}

HeadlessImgui::~HeadlessImgui() { ImGui::DestroyContext(context_); }

}  // namespace baton::console
