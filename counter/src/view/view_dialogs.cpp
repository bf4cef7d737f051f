// The two choices an action needs: where to transfer the patient (F5) and
// why the counter closes (F6). Modal: the rest of the screen dims, and the
// keys (arrows, digits, Enter, Esc) go to the choice.
#include "view_parts.hpp"

namespace anoman::counter::view {

void draw_dialogs(Frame& f) {
    const char* id = "##choice";
    const auto dialog = f.model.dialog();
    if (dialog != CounterModel::Dialog::none && !ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    if (!ImGui::IsPopupOpen(id)) return;

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, viewport->Pos.y + viewport->Size.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(viewport->Size.x * 0.5f, 0));
    ImGui::PushStyleColor(ImGuiCol_PopupBg, colour::panel);
    ImGui::PushStyleColor(ImGuiCol_Border, colour::accent);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24 * f.s, 20 * f.s));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2 * f.s);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 12 * f.s);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8 * f.s, 6 * f.s));
    if (ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
        if (dialog == CounterModel::Dialog::none) {
            ImGui::CloseCurrentPopup();
        } else {
            std::vector<std::string> options;
            std::string title;
            if (dialog == CounterModel::Dialog::transfer) {
                const auto& current = f.model.current();
                title = f.fmt("dialog.transfer_title", {{"number", current ? current->number : std::string("-")}});
                for (const auto& code : f.model.transfer_targets()) options.push_back(f.model.service_name(code));
            } else {
                title = f.tr("dialog.close_title");
                for (const auto& reason : close_reasons()) options.push_back(f.tr(reason.key));
            }
            label(f.fonts.bold_normal ? f.fonts.bold_normal : f.fonts.normal, colour::text, title);
            ImGui::Dummy(ImVec2(0, 8 * f.s));
            ImGui::PushStyleColor(ImGuiCol_Header, colour::selected);
            ImGui::PushStyleColor(ImGuiCol_HeaderHovered, ImVec4(0.20f, 0.27f, 0.38f, 1.0f));
            ImGui::PushFont(or_default(f.fonts.normal));
            for (std::size_t i = 0; i < options.size(); ++i) {
                const std::string text = (i < 9 ? std::to_string(i + 1) + "   " : std::string("    ")) + options[i];
                if (ImGui::Selectable(text.c_str(), static_cast<int>(i) == f.model.dialog_index()))
                    f.model.choose(static_cast<int>(i), f.now);
            }
            ImGui::PopFont();
            ImGui::PopStyleColor(2);
            ImGui::Dummy(ImVec2(0, 8 * f.s));
            label(f.fonts.small, colour::muted, f.tr("dialog.hint"));
        }
        ImGui::EndPopup();
    }
    ImGui::PopStyleVar(4);
    ImGui::PopStyleColor(2);
}

}  // namespace anoman::counter::view
