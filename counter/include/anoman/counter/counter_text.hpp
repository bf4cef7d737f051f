// The console's words: the embedded Bahasa Indonesia and English catalogs
// (counter/lang/*.json), notices rendered with their parameters, and the
// durations a clerk reads ("12 mnt", "3:05").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "anoman/counter/counter_model.hpp"
#include "anoman/i18n.hpp"

namespace anoman::counter {

class CounterText {
public:
    CounterText();  // the embedded catalogs

    const Catalog& catalog() const { return catalog_; }
    const std::string& get(std::string_view key, Language language) const { return catalog_.get(key, language); }
    // key's text with {name} replaced by each parameter; a parameter named
    // "name@" holds a catalog key whose text replaces {name}.
    std::string format(std::string_view key, Language language,
                       const std::vector<std::pair<std::string, std::string>>& params) const;
    std::string render(const Notice& notice, Language language) const;
    // A close reason as sent on the wire ("istirahat") in the clerk's language;
    // a reason typed elsewhere (queuectl) is shown as it is.
    std::string reason_label(const std::string& wire, Language language) const;
    // How long a patient has waited, to the minute: "< 1 mnt", "12 mnt", "1 j 05 mnt".
    std::string wait_text(std::int64_t seconds, Language language) const;
    // An average service time: "45 dtk", "4 mnt 10 dtk".
    std::string duration_text(std::int64_t seconds, Language language) const;

private:
    Catalog catalog_;
};

// A running clock of elapsed time: "0:07", "3:05", "1:02:03".
std::string clock_text(std::int64_t seconds);

}  // namespace anoman::counter
