// PNG files without a compression library: the studio exports heatmaps and
// screenshots, and its tests read them back. Images are 8-bit RGBA, written
// with zlib "stored" blocks (no compression, always valid); the reader takes
// any 8-bit RGB/RGBA PNG whose zlib stream uses stored blocks, i.e. the
// files this writer makes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

struct Image {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;  // row-major, top row first, 4 bytes per pixel

    Image() = default;
    Image(int w, int h, uint32_t fill_rgba);
    uint32_t pixel(int x, int y) const;  // 0xRRGGBBAA
    void fill_rect(int x0, int y0, int x1, int y1, uint32_t rgba);  // [x0, x1) x [y0, y1), clipped
};

std::vector<uint8_t> encode_png(const Image& image);
// Writes through a temporary file and a rename, so a crash never leaves half a file.
void write_png(const std::string& path, const Image& image);  // throws std::runtime_error
// Throws std::runtime_error on anything it cannot read.
Image decode_png(const std::vector<uint8_t>& bytes);
Image read_png(const std::string& path);

}  // namespace studio
