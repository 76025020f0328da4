// `cmdseq bench`: per-request latency percentiles, throughput, model load time
// and peak memory, for greedy and beam search over one request set.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>

#include "embedded_model.h"
#include "subcommands.h"

namespace cmdseq_native {

namespace {

const char* kDefaultRequests[] = {
    "show disk usage",
    "list all files in /var/log",
    "how much free memory do i have",
    "show network interfaces",
    "find all *.log files in /var/log larger than 100M",
    "copy notes.txt to /tmp/backup",
    "kill process 4242",
    "show the last 30 lines of /var/log/syslog",
    "ping 10.0.0.7 five times",
    "what's my ip address",
    "count the lines in report.csv",
    "extract backup.tar.gz into /opt/data",
    "restart the nginx service",
    "who is logged in",
    "search for TODO in every file under src",
    "make a directory called build",
    "show running processes sorted by memory",
    "download https://example.com/file.iso",
    "change the owner of /srv/www to alice",
    "show kernel version"};

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p / 100.0 * double(v.size() - 1) + 0.5));
    return v[i];
}

}  // namespace

int run_bench(const CliOptions& o) {
    std::vector<std::string> requests;
    if (!o.requests_file.empty()) {
        std::ifstream in(o.requests_file);
        if (!in) throw cmdseq::IoError("cannot open " + o.requests_file);
        for (std::string line; std::getline(in, line);)
            if (line.find_first_not_of(" \t\r") != std::string::npos) requests.push_back(line);
        if (requests.empty()) throw cmdseq::InputError(o.requests_file + " holds no requests");
    } else {
        requests.assign(std::begin(kDefaultRequests), std::end(kDefaultRequests));
    }

    // load time: parse + check + copy of the whole model, from bytes already in memory
    std::vector<uint8_t> bytes;
    if (o.model_path.empty()) bytes.assign(embedded_model_data(), embedded_model_data() + embedded_model_size());
    else bytes = cmdseq::read_file_bytes(o.model_path);
    std::vector<double> loads;
    std::shared_ptr<const cmdseq::Model> model;
    for (int i = 0; i < 10; ++i) {
        auto t = Clock::now();
        model = cmdseq::Model::load_buffer(bytes.data(), bytes.size(), o.model_path.empty() ? "embedded model" : o.model_path);
        loads.push_back(ms_since(t));
    }
    cmdseq::Translator tr(model);
    const auto& c = model->config();
    std::printf("model: %s, %s, emb %d, hidden %d, %s, %lld parameters, %llu bytes\n", o.model_path.empty() ? "embedded" : o.model_path.c_str(),
                cmdseq::storage_name(c.storage), c.embedding_dim, c.hidden_dim, c.bidirectional ? "bidirectional" : "unidirectional",
                static_cast<long long>(model->parameter_count()), static_cast<unsigned long long>(model->file_bytes()));
    std::printf("requests: %zu, runs: %d, load time: %.3f ms (median of 10)\n\n", requests.size(), o.runs, percentile(loads, 50));
    std::printf("%-10s %10s %10s %10s %10s %12s %10s\n", "decoding", "p50 ms", "p95 ms", "p99 ms", "mean ms", "requests/s", "tokens/req");

    cmdseq::DecodeOptions greedy;
    cmdseq::DecodeOptions beam;
    beam.strategy = cmdseq::Strategy::Beam;
    beam.beam_width = o.beam_for_bench;
    beam.max_len = greedy.max_len = o.decode.max_len;
    const std::pair<std::string, cmdseq::DecodeOptions> runs[] = {{"greedy", greedy}, {"beam " + std::to_string(beam.beam_width), beam}};
    for (auto& [name, opts] : runs) {
        for (auto& r : requests) tr.translate(r, opts);  // warm-up: buffers sized, caches filled
        std::vector<double> lat;
        size_t tokens = 0;
        auto start = Clock::now();
        for (int k = 0; k < o.runs; ++k)
            for (auto& r : requests) {
                auto t = Clock::now();
                auto res = tr.translate(r, opts);
                lat.push_back(ms_since(t));
                tokens += res.output_tokens.size();
            }
        const double total = ms_since(start);
        double mean = 0;
        for (double x : lat) mean += x;
        mean /= double(lat.size());
        std::printf("%-10s %10.4f %10.4f %10.4f %10.4f %12.0f %10.1f\n", name.c_str(), percentile(lat, 50), percentile(lat, 95), percentile(lat, 99), mean,
                    1000.0 * double(lat.size()) / total, double(tokens) / double(lat.size()));
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("\npeak memory (max RSS): %.1f MB; weights in memory: %.2f MB\n", double(ru.ru_maxrss) / 1024.0, model->weight_bytes() / 1e6);
    return 0;
}

}  // namespace cmdseq_native
