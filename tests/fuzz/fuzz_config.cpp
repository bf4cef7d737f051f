// libFuzzer target: the configuration parser (common/src/config.cpp), the
// file IT staff edit by hand. Any JSON document, and any "HH:MM-HH:MM" text,
// must either parse or be refused with a ConfigError (a message that names
// the field): no other exception (a bare JSON type error tells IT staff
// nothing), no crash, no undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <string>

#include "anoman/config.hpp"

namespace {

[[noreturn]] void finding(const char* what, const std::exception& error) {
    __builtin_printf("fuzz_config: %s: %s\n", what, error.what());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)anoman::parse_service_hours(text);
    } catch (const anoman::ConfigError&) {
    } catch (const std::exception& error) {
        finding("service hours refused without a ConfigError", error);
    }

    const auto document = anoman::proto::Json::parse(text, nullptr, false);
    if (document.is_discarded()) return 0;  // load_config_file reports JSON syntax itself
    try {
        const anoman::Config config = anoman::parse_config(document);
        // What the server looks up at once must hold for whatever was accepted.
        for (const auto& counter : config.counters) (void)config.find_counter(counter.id);
        for (const auto& device : config.devices) (void)config.find_device(device.id);
    } catch (const anoman::ConfigError&) {
    } catch (const std::exception& error) {
        finding("a configuration refused without a ConfigError", error);
    }
    return 0;
}
