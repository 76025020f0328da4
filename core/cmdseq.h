// cmdseq: plain-English request -> one Linux command, with the attention and
// candidate probabilities behind every step. The engine's one public header.
//
//   auto model = cmdseq::Model::load_file("model.cmdseq");   // or load_buffer()
//   cmdseq::Translator tr(model);
//   cmdseq::Translation t = tr.translate("show disk usage");
//   t.command;         // "df -h"
//   t.risk.summary();  // "read-only"
#pragma once

#define CMDSEQ_VERSION "0.1.0"

#include "decode.h"
#include "errors.h"
#include "evaluate.h"
#include "external_steps.h"
#include "fixture.h"
#include "json_io.h"
#include "model.h"
#include "model_file.h"
#include "risk.h"
#include "tokenizer.h"
#include "translator.h"
#include "vocab.h"
