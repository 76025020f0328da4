// The cmdseq tool's subcommands besides translation. Each returns the exit status.
#pragma once

#include <memory>

#include "cli_options.h"

namespace cmdseq_native {

// The model named by --model, or the one built into the binary.
std::shared_ptr<const cmdseq::Model> load_model(const std::string& path);

int run_risk(const CliOptions& o);
int run_info(const CliOptions& o);
int run_eval(const CliOptions& o);
int run_bench(const CliOptions& o);
int run_serve(const CliOptions& o);  // exits 1 in a build without cpp-httplib

}  // namespace cmdseq_native
