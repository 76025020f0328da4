// The model built into the cmdseq binary, so that it runs with no files.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cmdseq_native {
const uint8_t* embedded_model_data();
size_t embedded_model_size();
}  // namespace cmdseq_native
