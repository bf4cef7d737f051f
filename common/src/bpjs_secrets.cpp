#include "anoman/bpjs_secrets.hpp"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace anoman {

void check_owner_only(const std::string& path, const std::string& what) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) throw ConfigError(what + " " + path + ": cannot be read (missing?)");
    if (!S_ISREG(info.st_mode)) throw ConfigError(what + " " + path + ": not a regular file");
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        throw ConfigError(what + " " + path + ": readable by group or others; make it chmod 600 (owner only)");
}

std::string read_secret_file(const std::string& path, const std::string& what) {
    check_owner_only(path, what);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(what + " " + path + ": cannot be read (permissions?)");
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty()) throw ConfigError(what + " " + path + ": empty");
    if (text.find('\n') != std::string::npos || text.find('\r') != std::string::npos)
        throw ConfigError(what + " " + path + ": must hold one line only");
    return text;
}

BpjsCredentials load_bpjs_credentials(const BpjsConfig& config) {
    return BpjsCredentials{config.cons_id, read_secret_file(config.secret_file, "bpjs.secret_file"),
                           read_secret_file(config.user_key_file, "bpjs.user_key_file")};
}

}  // namespace anoman
