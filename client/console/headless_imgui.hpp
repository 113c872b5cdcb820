#pragma once
// An ImGui context with a screen and a built font atlas, and nothing to
// render to: the console's tests, its fuzzer and its frame benchmark draw
// the view in it natively.

struct ImGuiContext;

namespace baton::console {

class HeadlessImgui {
 public:
  HeadlessImgui(float width = 1280, float height = 800);
  ~HeadlessImgui();
  HeadlessImgui(const HeadlessImgui&) = delete;
  HeadlessImgui& operator=(const HeadlessImgui&) = delete;

 private:
  ImGuiContext* context_;
};

}  // namespace baton::console
