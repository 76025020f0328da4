// `cmdseq bench`: per-request latency percentiles, throughput, model load time
// and peak memory, for greedy and beam search over one request set. With
// --compare, the models are measured side by side in one run and the ratios
// printed, so that a comparison does not depend on the machine's mood.
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

struct Stats {
    double p50 = 0, p95 = 0, p99 = 0, mean = 0, per_second = 0, tokens = 0;
};

struct Subject {
    std::string name;
    std::vector<uint8_t> bytes;
    std::shared_ptr<const cmdseq::Model> model;
    std::unique_ptr<cmdseq::Translator> translator;
    double load_ms = 0;
    std::vector<Stats> runs;  // one per decoding
};

Subject load_subject(const std::string& path) {
    Subject s;
    s.name = path.empty() ? "embedded" : path;
    if (path.empty()) s.bytes.assign(embedded_model_data(), embedded_model_data() + embedded_model_size());
    else s.bytes = cmdseq::read_file_bytes(path);
    // load time: check + parse + copy of the whole model, from bytes already in memory
    std::vector<double> loads;
    for (int i = 0; i < 10; ++i) {
        auto t = Clock::now();
        s.model = cmdseq::Model::load_buffer(s.bytes.data(), s.bytes.size(), s.name);
        loads.push_back(ms_since(t));
    }
    s.load_ms = percentile(loads, 50);
    s.translator = std::make_unique<cmdseq::Translator>(s.model);
    return s;
}

Stats measure(cmdseq::Translator& tr, const std::vector<std::string>& requests, const cmdseq::DecodeOptions& opts, int runs) {
    for (auto& r : requests) tr.translate(r, opts);  // warm-up: buffers sized, caches filled
    std::vector<double> lat;
    size_t tokens = 0;
    auto start = Clock::now();
    for (int k = 0; k < runs; ++k)
        for (auto& r : requests) {
            auto t = Clock::now();
            auto res = tr.translate(r, opts);
            lat.push_back(ms_since(t));
            tokens += res.output_tokens.size();
        }
    const double total = ms_since(start);
    Stats s;
    for (double x : lat) s.mean += x;
    s.mean /= double(lat.size());
    s.p50 = percentile(lat, 50);
    s.p95 = percentile(lat, 95);
    s.p99 = percentile(lat, 99);
    s.per_second = 1000.0 * double(lat.size()) / total;
    s.tokens = double(tokens) / double(lat.size());
    return s;
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

    std::vector<Subject> subjects;
    subjects.push_back(load_subject(o.model_path));
    for (auto& p : o.compare_models) subjects.push_back(load_subject(p));

    cmdseq::DecodeOptions greedy, beam;
    beam.strategy = cmdseq::Strategy::Beam;
    beam.beam_width = o.beam_for_bench;
    beam.max_len = greedy.max_len = o.decode.max_len;
    const std::vector<std::pair<std::string, cmdseq::DecodeOptions>> decodings = {{"greedy", greedy},
                                                                                  {"beam " + std::to_string(beam.beam_width), beam}};
    // interleaved rounds, so that every model sees the same machine conditions
    const int rounds = std::min(o.runs, 5);
    std::vector<std::vector<std::vector<Stats>>> parts(subjects.size(), std::vector<std::vector<Stats>>(decodings.size()));
    for (int round = 0; round < rounds; ++round)
        for (size_t d = 0; d < decodings.size(); ++d)
            for (size_t s = 0; s < subjects.size(); ++s)
                parts[s][d].push_back(measure(*subjects[s].translator, requests, decodings[d].second, (o.runs + rounds - 1) / rounds));
    for (size_t s = 0; s < subjects.size(); ++s)
        for (size_t d = 0; d < decodings.size(); ++d) {
            // the median round of each figure
            auto median = [&](double Stats::*f) {
                std::vector<double> v;
                for (auto& p : parts[s][d]) v.push_back(p.*f);
                return percentile(v, 50);
            };
            Stats m;
            for (auto f : {&Stats::p50, &Stats::p95, &Stats::p99, &Stats::mean, &Stats::per_second, &Stats::tokens}) m.*f = median(f);
            subjects[s].runs.push_back(m);
        }

    std::printf("requests: %zu, runs: %d (in %d interleaved rounds; figures are the median round)\n", requests.size(), o.runs, rounds);
    for (auto& s : subjects) {
        const auto& c = s.model->config();
        std::printf("\nmodel: %s, %s, emb %d, hidden %d, %s, %lld parameters, %zu bytes, load time: %.3f ms\n", s.name.c_str(),
                    cmdseq::storage_name(c.storage), c.embedding_dim, c.hidden_dim, c.bidirectional ? "bidirectional" : "unidirectional",
                    static_cast<long long>(s.model->parameter_count()), s.bytes.size(), s.load_ms);
        std::printf("%-10s %10s %10s %10s %10s %12s %10s\n", "decoding", "p50 ms", "p95 ms", "p99 ms", "mean ms", "requests/s", "tokens/req");
        for (size_t d = 0; d < decodings.size(); ++d) {
            const Stats& m = s.runs[d];
            std::printf("%-10s %10.4f %10.4f %10.4f %10.4f %12.0f %10.1f\n", decodings[d].first.c_str(), m.p50, m.p95, m.p99, m.mean,
                        m.per_second, m.tokens);
        }
        std::printf("weights in memory: %.2f MB\n", double(s.model->weight_bytes()) / 1e6);
    }
    for (size_t s = 1; s < subjects.size(); ++s)
        for (size_t d = 0; d < decodings.size(); ++d)
            std::printf("\n%-8s p50: %s takes %.2fx the time of %s (%.2fx as fast)", (decodings[d].first + ":").c_str(), subjects[s].name.c_str(),
                        subjects[s].runs[d].p50 / subjects[0].runs[d].p50, subjects[0].name.c_str(),
                        subjects[0].runs[d].p50 / subjects[s].runs[d].p50);
    if (subjects.size() > 1) std::printf("\n");
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("\npeak memory of this process (max RSS): %.1f MB\n", double(ru.ru_maxrss) / 1024.0);
    return 0;
}

}  // namespace cmdseq_native
