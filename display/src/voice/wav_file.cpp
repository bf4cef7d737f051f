#include "wav_file.hpp"

#include <stdexcept>

namespace anoman::display {
namespace {

void put_u32(std::fstream& out, std::uint32_t value) {
    const char bytes[4] = {static_cast<char>(value & 0xff), static_cast<char>((value >> 8) & 0xff),
                           static_cast<char>((value >> 16) & 0xff), static_cast<char>((value >> 24) & 0xff)};
    out.write(bytes, 4);
}

void put_u16(std::fstream& out, std::uint16_t value) {
    const char bytes[2] = {static_cast<char>(value & 0xff), static_cast<char>((value >> 8) & 0xff)};
    out.write(bytes, 2);
}

constexpr std::uint32_t kHeaderBytes = 44;

}  // namespace

WavFile::WavFile(const std::string& path, int sample_rate) : path_(path), sample_rate_(sample_rate) {
    file_.open(path, std::ios::in | std::ios::out | std::ios::binary | std::ios::trunc);
    if (!file_) throw std::runtime_error("cannot write " + path);
    write_header();
    if (!file_) throw std::runtime_error("cannot write " + path);
}

void WavFile::write_header() {
    file_.seekp(0);
    file_.write("RIFF", 4);
    put_u32(file_, kHeaderBytes - 8 + data_bytes_);
    file_.write("WAVEfmt ", 8);
    put_u32(file_, 16);        // fmt chunk size
    put_u16(file_, 1);         // PCM
    put_u16(file_, 1);         // mono
    put_u32(file_, static_cast<std::uint32_t>(sample_rate_));
    put_u32(file_, static_cast<std::uint32_t>(sample_rate_) * 2);  // bytes per second
    put_u16(file_, 2);         // bytes per frame
    put_u16(file_, 16);        // bits per sample
    file_.write("data", 4);
    put_u32(file_, data_bytes_);
    file_.flush();
}

bool WavFile::append(const Pcm& pcm) {
    if (pcm.sample_rate != sample_rate_) return false;
    file_.seekp(kHeaderBytes + data_bytes_);
    for (std::int16_t sample : pcm.samples) put_u16(file_, static_cast<std::uint16_t>(sample));  // little-endian
    data_bytes_ += static_cast<std::uint32_t>(pcm.samples.size() * 2);
    write_header();
    return static_cast<bool>(file_);
}

}  // namespace anoman::display
