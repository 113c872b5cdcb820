#pragma once
// The message templates the simulated business has had approved. Meta refuses
// any other name or language (132001) and a wrong parameter count (132000).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton::sim {

struct TemplateSpec {
  std::string name;
  std::string language;
  std::uint32_t body_params = 0;
  std::vector<std::string> quick_replies;  // button labels, in order
};

class TemplateRegistry {
 public:
  explicit TemplateRegistry(std::vector<TemplateSpec> templates);

  // "name:lang:params[:Label|Label]" items separated by commas; throws
  // std::invalid_argument with the offending item.
  static std::vector<TemplateSpec> parse(std::string_view list);

  const TemplateSpec* find(std::string_view name, std::string_view language) const;
  // Whether any language of `name` exists, for a sharper 132001 detail.
  bool has_name(std::string_view name) const;

  // Meta's review changed a template: PAUSED (sends answer 132015),
  // DISABLED (132016), anything else usable again.
  void set_status(const std::string& name, const std::string& event);
  std::optional<std::int64_t> refusal(std::string_view name) const;
  void approve_all() { refused_.clear(); }

  // What the phone shows for a template after substitution.
  static std::string render(std::string_view name, const std::vector<std::string>& params);

 private:
  std::vector<TemplateSpec> templates_;
  std::map<std::string, std::int64_t, std::less<>> refused_;
};

}  // namespace baton::sim
