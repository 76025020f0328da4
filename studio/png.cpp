#include "png.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "model_file.h"  // write_file_atomic

namespace studio {
namespace {

const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

uint32_t crc32(const uint8_t* data, size_t n, uint32_t crc = 0) {
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (size_t i = 0; i < n; ++i) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

uint32_t adler32(const uint8_t* data, size_t n) {
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; ++i) {
        a = (a + data[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

void put32(std::vector<uint8_t>& out, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(uint8_t(v >> s));
}

uint32_t get32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

void chunk(std::vector<uint8_t>& out, const char* type, const std::vector<uint8_t>& data) {
    put32(out, uint32_t(data.size()));
    size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    put32(out, crc32(out.data() + start, out.size() - start));
}

// Paeth predictor, PNG filter type 4.
int paeth(int a, int b, int c) {
    int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    return (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
}

}  // namespace

Image::Image(int w, int h, uint32_t fill) : width(w), height(h), rgba(size_t(w) * h * 4) {
    fill_rect(0, 0, w, h, fill);
}

uint32_t Image::pixel(int x, int y) const {
    const uint8_t* p = &rgba[(size_t(y) * width + x) * 4];
    return get32(p);
}

void Image::fill_rect(int x0, int y0, int x1, int y1, uint32_t c) {
    x0 = std::max(x0, 0), y0 = std::max(y0, 0), x1 = std::min(x1, width), y1 = std::min(y1, height);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            uint8_t* p = &rgba[(size_t(y) * width + x) * 4];
            p[0] = uint8_t(c >> 24), p[1] = uint8_t(c >> 16), p[2] = uint8_t(c >> 8), p[3] = uint8_t(c);
        }
}

std::vector<uint8_t> encode_png(const Image& img) {
    if (img.width <= 0 || img.height <= 0 || img.rgba.size() != size_t(img.width) * img.height * 4)
        throw std::runtime_error("png: empty or inconsistent image");
    // raw scanlines, each with filter byte 0 (none)
    std::vector<uint8_t> raw;
    const size_t stride = size_t(img.width) * 4;
    raw.reserve((stride + 1) * img.height);
    for (int y = 0; y < img.height; ++y) {
        raw.push_back(0);
        raw.insert(raw.end(), img.rgba.begin() + y * stride, img.rgba.begin() + (y + 1) * stride);
    }
    // zlib stream of stored blocks (at most 65535 bytes each)
    std::vector<uint8_t> z = {0x78, 0x01};
    for (size_t pos = 0;;) {
        size_t n = std::min<size_t>(65535, raw.size() - pos);
        bool last = pos + n == raw.size();
        z.push_back(last ? 1 : 0);
        z.push_back(uint8_t(n)), z.push_back(uint8_t(n >> 8));
        z.push_back(uint8_t(~n)), z.push_back(uint8_t(~n >> 8));
        z.insert(z.end(), raw.begin() + pos, raw.begin() + pos + n);
        pos += n;
        if (last) break;
    }
    put32(z, adler32(raw.data(), raw.size()));

    std::vector<uint8_t> out(kSignature, kSignature + 8);
    std::vector<uint8_t> ihdr;
    put32(ihdr, uint32_t(img.width));
    put32(ihdr, uint32_t(img.height));
    ihdr.insert(ihdr.end(), {8, 6, 0, 0, 0});  // 8-bit, RGBA, deflate, adaptive filters, no interlace
    chunk(out, "IHDR", ihdr);
    chunk(out, "IDAT", z);
    chunk(out, "IEND", {});
    return out;
}

void write_png(const std::string& path, const Image& image) { cmdseq::write_file_atomic(path, encode_png(image)); }

Image decode_png(const std::vector<uint8_t>& b) {
    auto fail = [](const std::string& why) { return std::runtime_error("png: " + why); };
    if (b.size() < 8 || std::memcmp(b.data(), kSignature, 8) != 0) throw fail("not a PNG file");
    int width = 0, height = 0, channels = 0;
    std::vector<uint8_t> z;
    for (size_t pos = 8;;) {
        if (pos + 12 > b.size()) throw fail("truncated chunk");
        uint32_t len = get32(&b[pos]);
        if (len > b.size() - pos - 12) throw fail("chunk runs past the end");
        std::string type(reinterpret_cast<const char*>(&b[pos + 4]), 4);
        const uint8_t* data = &b[pos + 8];
        if (crc32(&b[pos + 4], len + 4) != get32(data + len)) throw fail("bad CRC in " + type);
        if (type == "IHDR") {
            if (len != 13) throw fail("bad IHDR");
            width = int(get32(data)), height = int(get32(data + 4));
            if (data[8] != 8 || (data[9] != 6 && data[9] != 2) || data[12] != 0) throw fail("only 8-bit RGB/RGBA, not interlaced");
            channels = data[9] == 6 ? 4 : 3;
            if (width <= 0 || height <= 0 || width > 16384 || height > 16384) throw fail("absurd size");
        } else if (type == "IDAT") {
            z.insert(z.end(), data, data + len);
        } else if (type == "IEND") {
            break;
        }
        pos += 12 + len;
    }
    if (!channels) throw fail("no IHDR");
    // zlib stored blocks only
    std::vector<uint8_t> raw;
    if (z.size() < 2 || (z[0] & 0x0f) != 8) throw fail("not a zlib stream");
    size_t p = 2;
    for (bool last = false; !last;) {
        if (p + 5 > z.size()) throw fail("truncated deflate block");
        last = z[p] & 1;
        if ((z[p] >> 1 & 3) != 0) throw fail("compressed deflate blocks are not supported");
        size_t n = z[p + 1] | size_t(z[p + 2]) << 8;
        if (size_t((z[p + 3] | z[p + 4] << 8) ^ 0xffff) != n) throw fail("bad stored block length");
        p += 5;
        if (p + n > z.size()) throw fail("truncated stored block");
        raw.insert(raw.end(), z.begin() + p, z.begin() + p + n);
        p += n;
    }
    const size_t stride = size_t(width) * channels;
    if (raw.size() != (stride + 1) * height) throw fail("wrong amount of image data");
    Image img(width, height, 0);
    std::vector<uint8_t> prev(stride, 0), cur(stride);
    for (int y = 0; y < height; ++y) {
        const uint8_t* line = &raw[y * (stride + 1)];
        int filter = line[0];
        for (size_t i = 0; i < stride; ++i) {
            int a = i >= size_t(channels) ? cur[i - channels] : 0, up = prev[i], c = i >= size_t(channels) ? prev[i - channels] : 0;
            int x = line[1 + i];
            switch (filter) {
                case 0: break;
                case 1: x += a; break;
                case 2: x += up; break;
                case 3: x += (a + up) / 2; break;
                case 4: x += paeth(a, up, c); break;
                default: throw fail("bad filter type");
            }
            cur[i] = uint8_t(x);
        }
        for (int x = 0; x < width; ++x) {
            uint8_t* px = &img.rgba[(size_t(y) * width + x) * 4];
            px[0] = cur[x * channels], px[1] = cur[x * channels + 1], px[2] = cur[x * channels + 2];
            px[3] = channels == 4 ? cur[x * channels + 3] : 255;
        }
        std::swap(prev, cur);
    }
    return img;
}

Image read_png(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return decode_png(bytes);
}

}  // namespace studio
