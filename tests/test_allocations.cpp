// The decode loop allocates nothing per token: a request decoded for 8 steps
// and for 64 steps makes the same number of heap allocations. malloc itself
// is counted (Eigen allocates through it, not operator new), so this is its
// own executable.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <atomic>

#include "helpers.h"

extern "C" void* __libc_malloc(size_t);
extern "C" void* __libc_calloc(size_t, size_t);
extern "C" void* __libc_realloc(void*, size_t);
extern "C" void* __libc_memalign(size_t, size_t);

static std::atomic<long> g_allocations{0};
static std::atomic<bool> g_counting{false};

static void count() {
    if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
}

extern "C" void* malloc(size_t n) { count(); return __libc_malloc(n); }
extern "C" void* calloc(size_t n, size_t m) { count(); return __libc_calloc(n, m); }
extern "C" void* realloc(void* p, size_t n) { count(); return __libc_realloc(p, n); }
extern "C" int posix_memalign(void** out, size_t align, size_t n) {
    count();
    *out = __libc_memalign(align, n);
    return *out ? 0 : 12;
}
extern "C" void* aligned_alloc(size_t align, size_t n) { count(); return __libc_memalign(align, n); }

using namespace cmdseq;

static long allocations_for(Translator& tr, const std::vector<int>& src, DecodeOptions o, int max_len) {
    o.max_len = max_len;
    g_allocations = 0;
    g_counting = true;
    DecodeResult r = tr.decode_ids(src, o);
    g_counting = false;
    REQUIRE(r.hypotheses[0].tokens.size() == size_t(max_len));  // the fixture never ends on its own
    return g_allocations.load();
}

TEST_CASE("no heap allocation per decoded token") {
    FixtureOptions f;
    f.eos_bias = -100;
    f.standard = true;
    f.storage = Storage::Int8;
    Translator tr(testing::fixture(f));
    const std::vector<int> src = {2, 14, 15, 30, 31};
    for (Strategy s : {Strategy::Greedy, Strategy::Beam, Strategy::Sample}) {
        const std::string strategy = strategy_name(s);
        CAPTURE(strategy);
        DecodeOptions o;
        o.strategy = s;
        o.top_p = s == Strategy::Sample ? 0.9f : 1.0f;
        allocations_for(tr, src, o, 64);  // first request sizes the buffers
        const long short_run = allocations_for(tr, src, o, 8);
        const long long_run = allocations_for(tr, src, o, 64);
        MESSAGE(std::string(strategy_name(s)) << ": " << short_run << " allocations for 8 tokens, " << long_run << " for 64");
        CHECK(long_run == short_run);
        CHECK(long_run > 0);  // the counter works: results themselves are allocated
    }
}
