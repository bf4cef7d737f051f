// queuectl's TLS subcommands (docs/protocol.md "TLS", deploy/INSTALL.md), offline:
//   queuectl tls-cert --cert FILE --key FILE [--name CN] [--days N]
//       a P-256 key (mode 0600) and a self-signed certificate for listen.tls; prints the pin
//   queuectl tls-pin FILE
//       the pin (SHA-256 fingerprint) of a certificate, for every client's --tls-pin
#include <ostream>

#include <CLI/CLI.hpp>

#include "anoman/tls_cert.hpp"
#include "queuectl.hpp"

namespace anoman::queuectl {

void add_tls_subcommands(CLI::App& app, Command& command) {
    auto* cert = app.add_subcommand(
        "tls-cert", "make a key (mode 0600) and a self-signed certificate for listen.tls; prints its pin; offline");
    cert->add_option("--cert", command.cert_file, "certificate file to write (PEM)")->required();
    cert->add_option("--key", command.key_file, "key file to write (PEM, mode 0600)")->required();
    cert->add_option("--name", command.cert_name, "the certificate's common name")->capture_default_str();
    cert->add_option("--days", command.cert_days, "validity in days")->check(CLI::Range(1, 36500))->capture_default_str();
    auto* pin = app.add_subcommand("tls-pin", "print the pin (SHA-256 fingerprint) of a certificate; offline");
    pin->add_option("CERT", command.cert_file, "certificate file (PEM)")->required();
}

int run_tls_command(const Command& command, std::ostream& out, std::ostream& err) {
    try {
        if (command.name == "tls-cert") {
            const std::string pin =
                tls::make_self_signed(command.cert_file, command.key_file, command.cert_name, command.cert_days);
            out << "certificate: " << command.cert_file << "\n"
                << "key:         " << command.key_file << " (mode 0600)\n"
                << "pin:         " << pin << "\n"
                << "Put both files in server.json as \"listen\": {\"tls\": {\"cert_file\": ..., \"key_file\": ...}};\n"
                << "give every device --tls-pin " << pin << " (or ANOMAN_TLS_PIN).\n";
            return kExitOk;
        }
        out << tls::certificate_fingerprint(command.cert_file) << "\n";
        return kExitOk;
    } catch (const std::exception& e) {
        err << "queuectl: " << e.what() << "\n";
        return kExitErrorReply;
    }
}

}  // namespace anoman::queuectl
