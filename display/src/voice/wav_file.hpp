// A growing WAV file (16-bit mono PCM): every announcement is appended, and
// the header is rewritten after each one, so the file is a valid WAV at any
// moment a test or a technician opens it.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

#include "pcm.hpp"

namespace anoman::display {

class WavFile {
public:
    // Creates (truncates) path with an empty WAV; throws std::runtime_error on failure.
    WavFile(const std::string& path, int sample_rate);
    // Appends the samples (resampling is not done: pcm.sample_rate must match). False on I/O failure.
    bool append(const Pcm& pcm);
    std::uint32_t data_bytes() const { return data_bytes_; }

private:
    void write_header();

    std::string path_;
    std::fstream file_;
    int sample_rate_;
    std::uint32_t data_bytes_ = 0;
};

}  // namespace anoman::display
