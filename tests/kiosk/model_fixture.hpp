// A kiosk model on a fake clock, with the answers a server and a printer give.
#pragma once

#include <doctest/doctest.h>

#include "kiosk_model.hpp"

namespace anoman::kiosk::testing {

using namespace std::chrono_literals;

inline proto::Json service_json(const std::string& code, const std::string& name, bool open = true, int waiting = 0,
                                std::vector<std::string> patients = {}, bool priority = false,
                                std::optional<int> quota = std::nullopt, int issued = 0) {
    proto::Json j = {{"code", code},   {"name", name},         {"prefix", code.substr(0, 1)}, {"open", open},
                     {"waiting", waiting}, {"est_wait_s", waiting * 180}, {"priority", priority},
                     {"patients", patients}, {"issued", issued}, {"name_en", name + " (en)"}};
    j["daily_quota"] = quota ? proto::Json(*quota) : proto::Json(nullptr);
    return j;
}

// The demo hospital's services (common/src/demo_config.cpp), with counts.
inline proto::Json demo_services() {
    return proto::Json::array({
        service_json("A", "Pendaftaran BPJS", true, 4, {"bpjs"}, false, 400, 10),
        service_json("B", "Pendaftaran Umum", true, 2, {"umum"}),
        service_json("P", "Prioritas (Lansia, Disabilitas, Ibu Hamil)", true, 1, {}, true),
        service_json("PU", "Poli Umum", true, 7),
        service_json("PA", "Poli Anak", true, 3),
        service_json("PG", "Poli Gigi", false, 0),
        service_json("PD", "Poli Penyakit Dalam", true, 0, {}, false, 60, 60),
    });
}

inline proto::Reply ok_reply(proto::Json body) {
    body["type"] = "reply";
    body["id"] = 1;
    body["ok"] = true;
    return proto::parse_reply(body);
}

inline proto::Reply error_reply(proto::ErrorCode code, const std::string& message = "") {
    return proto::parse_reply(proto::error_reply(1, {code, message}));
}

inline proto::Reply issue_ok(const std::string& number, const std::string& service, std::int64_t id = 77,
                             bool replayed = false, int ahead = 3) {
    proto::Ticket ticket;
    ticket.id = id;
    ticket.number = number;
    ticket.service = service;
    ticket.service_day = "2026-11-22";
    ticket.issued_at = "2026-11-22T08:01:02+07:00";
    return ok_reply({{"ticket", ticket}, {"ahead", ahead}, {"est_wait_s", 540}, {"replayed", replayed}});
}

struct ModelFixture {
    TimePoint t0 = Clock::now();
    TimePoint now = t0;
    int ids_made = 0;
    KioskSettings settings = [] {
        KioskSettings s;
        s.hospital_name = "RSUD Test";
        s.pin = "4821";
        return s;
    }();
    std::unique_ptr<KioskModel> model;
    std::vector<Command> commands;

    ModelFixture() { make(); }

    void make() {
        model = std::make_unique<KioskModel>(settings, [this] { return "kiosk-1:" + std::to_string(++ids_made); }, now);
        model->on_link(true);
        collect();
        model->on_services(ok_reply({{"services", demo_services()}}));
    }

    void advance(std::chrono::milliseconds by) {
        now += by;
        model->tick(now);
        collect();
    }
    void collect() {
        for (auto& command : model->take_commands()) commands.push_back(std::move(command));
    }
    template <class T>
    std::vector<T> taken() {
        std::vector<T> out;
        for (auto& command : commands)
            if (auto* c = std::get_if<T>(&command)) out.push_back(*c);
        return out;
    }
    template <class T>
    std::optional<T> last() {
        auto all = taken<T>();
        if (all.empty()) return std::nullopt;
        return all.back();
    }
    template <class T>
    int count() {
        return static_cast<int>(taken<T>().size());
    }
    void clear() { commands.clear(); }

    // Touch through to the service screen of a lane.
    void to_services(Lane lane) {
        model->touch_welcome();
        model->choose_lane(lane);
        collect();
        REQUIRE(model->screen() == Screen::service);
    }
    // Choose a service and let the printer answer "ok"; returns the issue command.
    cmd::Issue choose_and_pass_printer(const std::string& code) {
        model->choose_service(code);
        collect();
        if (model->settings().printer_enabled) {
            auto check = last<cmd::CheckPrinter>();
            REQUIRE(check);
            model->on_printer_status(check->op, {PrinterState::ok, false, ""});
            collect();
        }
        auto issue = last<cmd::Issue>();
        REQUIRE(issue);
        return *issue;
    }
};

}  // namespace anoman::kiosk::testing
