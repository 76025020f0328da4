// The model file is pulled in byte for byte by the assembler (.incbin), so the
// build needs no converter and the binary holds exactly the file.
#include "embedded_model.h"

#ifndef CMDSEQ_EMBEDDED_MODEL_PATH
#error "CMDSEQ_EMBEDDED_MODEL_PATH must name the model file to embed"
#endif

__asm__(".section .rodata\n"
        ".balign 64\n"
        ".globl cmdseq_embedded_model_begin\n"
        ".hidden cmdseq_embedded_model_begin\n"
        "cmdseq_embedded_model_begin:\n"
        ".incbin \"" CMDSEQ_EMBEDDED_MODEL_PATH "\"\n"
        ".globl cmdseq_embedded_model_end\n"
        ".hidden cmdseq_embedded_model_end\n"
        "cmdseq_embedded_model_end:\n"
        ".previous\n");

extern "C" const uint8_t cmdseq_embedded_model_begin[];
extern "C" const uint8_t cmdseq_embedded_model_end[];

namespace cmdseq_native {
const uint8_t* embedded_model_data() { return cmdseq_embedded_model_begin; }
size_t embedded_model_size() { return size_t(cmdseq_embedded_model_end - cmdseq_embedded_model_begin); }
}  // namespace cmdseq_native
