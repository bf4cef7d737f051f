#include <stdexcept>

#include "anoman/connect_options.hpp"
#include "printer.hpp"

namespace anoman::kiosk {

PrinterSpec parse_printer_spec(const std::string& text) {
    PrinterSpec spec;
    if (text == "none" || text.empty()) return spec;
    if (text.rfind("file:", 0) == 0) {
        spec.kind = PrinterSpec::Kind::file;
        spec.path = text.substr(5);
    } else if (text.rfind("device:", 0) == 0) {
        spec.kind = PrinterSpec::Kind::device;
        spec.path = text.substr(7);
    } else if (text.front() == '/') {
        spec.kind = PrinterSpec::Kind::device;
        spec.path = text;
    } else if (text.rfind("tcp:", 0) == 0) {
        spec.kind = PrinterSpec::Kind::tcp;
        const std::string address = text.substr(4);
        const bool has_port = address.find(':') != std::string::npos && address.back() != ']';
        try {
            std::uint16_t port = 0;
            parse_host_port(address, spec.host, port);
            spec.port = has_port ? port : 9100;
        } catch (const std::invalid_argument& error) {
            std::string message = error.what();
            if (message.rfind("--server", 0) == 0) message.replace(0, 8, "--printer");
            throw std::invalid_argument(message);
        }
    } else {
        throw std::invalid_argument("--printer: expected none, file:PATH, /dev/... (device) or tcp:HOST:PORT, got \"" +
                                    text + "\"");
    }
    if ((spec.kind == PrinterSpec::Kind::file || spec.kind == PrinterSpec::Kind::device) && spec.path.empty())
        throw std::invalid_argument("--printer: missing path in \"" + text + "\"");
    return spec;
}

std::string PrinterSpec::text() const {
    switch (kind) {
        case Kind::none: return "none";
        case Kind::file: return "file:" + path;
        case Kind::device: return path;
        case Kind::tcp: return "tcp:" + host + ":" + std::to_string(port);
    }
    return "none";
}

}  // namespace anoman::kiosk
