// The ONNX export: encoder.onnx (request -> encoder outputs, attention keys,
// decoder's first state), decoder.onnx (one decoder step) and
// model_config.json (sizes, vocabularies, tensor names), for ONNX Runtime.
#pragma once

#include <string>

#include "model_file.h"

namespace cmdseq::train {

// Writes the three files into `dir` and checks both graphs with onnx::checker
// (throws on failure). `model` must hold fp32 weights.
void export_onnx(const ModelData& model, const std::string& dir);

// The fp32 weights of a parsed model file (int8 matrices are dequantized).
std::map<std::string, FloatTensor> tensors_of(const ParsedModel& model);
// A model file read back into plain containers, fp32.
ModelData model_data_of_file(const std::string& path);

}  // namespace cmdseq::train
