#include <doctest/doctest.h>

#include "cmdseq.h"

using namespace cmdseq;

TEST_CASE("vocabulary: specials first, then by frequency, pruned by minimum count") {
    std::map<std::string, int64_t> counts = {{"ls", 10}, {"df", 10}, {"rare", 1}, {"du", 3}, {"<unk>", 50}};
    Vocabulary v = Vocabulary::build(Vocabulary::Kind::Target, counts, 2);
    CHECK(v.tokens() == std::vector<std::string>{"<pad>", "<unk>", "<s>", "</s>", "df", "ls", "du"});
    CHECK(v.id("ls") == 5);
    CHECK(v.id("rare") == v.unk_id());
    CHECK(v.token(3) == "</s>");
    CHECK(v.encode({"du", "nope"}) == std::vector<int>{6, 1});
    CHECK_THROWS_AS(v.token(99), std::out_of_range);

    Vocabulary s = Vocabulary::build(Vocabulary::Kind::Source, counts, 1);
    CHECK(s.size() == 6);
    CHECK(s.token(2) == "df");
}

TEST_CASE("vocabulary: malformed token lists are refused with a reason") {
    using K = Vocabulary::Kind;
    CHECK_THROWS_WITH_AS(Vocabulary(K::Target, {"<pad>", "<unk>", "<s>"}), "target vocabulary: token 3 must be </s>, vocabulary too short", ModelFormatError);
    CHECK_THROWS_WITH_AS(Vocabulary(K::Source, {"<unk>", "<pad>"}), "source vocabulary: token 0 must be <pad>, found \"<unk>\"", ModelFormatError);
    CHECK_THROWS_WITH_AS(Vocabulary(K::Source, {"<pad>", "<unk>", "ls", "ls"}), "source vocabulary: token \"ls\" appears twice (id 2 and 3)", ModelFormatError);
    CHECK_THROWS_WITH_AS(Vocabulary(K::Source, {"<pad>", "<unk>", ""}), "source vocabulary: token 2 is empty", ModelFormatError);
}

TEST_CASE("vocabulary: a misspelt word reads as the nearest known one") {
    using K = Vocabulary::Kind;
    Vocabulary v(K::Source, {"<pad>", "<unk>", "show", "disk", "usage", "shown", "processes", "<path0>", ".tar.gz", "ls"});
    // edit distance: one typo in words up to five letters, two in longer ones
    CHECK(v.nearest("shwo", false) == v.id("show"));           // swapped letters
    CHECK(v.nearest("dsik", false) == v.id("disk"));
    CHECK(v.nearest("usgae", false) == v.id("usage"));
    CHECK(v.nearest("prcoesess", false) == v.id("processes"));  // two edits in a long word
    CHECK(v.nearest("shoe", false) == v.id("show"));            // a tie with nothing: one edit from show only
    CHECK(v.nearest("sho", false) == v.id("show"));             // show (id 2) beats shown: nearer and more frequent
    CHECK(v.nearest("xyzzy", false) == v.unk_id());             // nothing near
    CHECK(v.nearest("dsiks", false) == v.unk_id());             // two edits in a five-letter word is too far
    CHECK(v.nearest("lz", false) == v.unk_id());                // under three letters: never guessed
    CHECK(v.nearest("<path1>", false) == v.unk_id());           // placeholders are never matched
    CHECK(v.nearest("disk", false) == v.id("disk"));            // a known word is itself
    // a typo keeps the first letter, and in a word of four letters or fewer a letter typed
    // for another sits beside it on the keyboard
    CHECK(v.nearest("xhow", false) == v.unk_id());              // not the first letter
    CHECK(v.nearest("desk", false) == v.unk_id());              // e is nowhere near i
    CHECK(v.nearest("dosk", false) == v.id("disk"));            // o is beside i
    CHECK(v.nearest("lx", false) == v.unk_id());
    CHECK(v.nearest("usafe", false) == v.id("usage"));          // five letters: any one letter
    // character trigrams (Jaccard >= 0.5)
    CHECK(v.nearest("processs", true) == v.id("processes"));
    CHECK(v.nearest("usagee", true) == v.id("usage"));
    CHECK(v.nearest("shwo", true) == v.unk_id());  // a swap breaks most trigrams of a short word
}

TEST_CASE("translator: source_match decides how unknown words are read, per model or per call") {
    ModelData d = make_fixture_model({});
    REQUIRE(std::find(d.source_vocab.begin(), d.source_vocab.end(), "show") != d.source_vocab.end());
    // a file without the field reads as exact, and writing one leaves it out
    auto plain = serialize_model(d);
    CHECK(parse_model(plain.data(), plain.size(), "m").config.source_match == SourceMatch::Exact);
    CHECK(std::string(plain.begin(), plain.end()).find("source_match") == std::string::npos);

    d.config.source_match = SourceMatch::Edit;
    auto bytes = serialize_model(d);
    CHECK(parse_model(bytes.data(), bytes.size(), "m").config.source_match == SourceMatch::Edit);
    Translator tr(Model::load_buffer(bytes.data(), bytes.size(), "m"));
    Translation t = tr.translate("shwo disk");
    CHECK(t.source_tokens[0] == "shwo");
    CHECK(t.source_read[0] == "show");
    CHECK(t.source_read[1] == "disk");
    tr.set_source_match(SourceMatch::Exact);
    CHECK(tr.translate("shwo disk").source_read[0] == "<unk>");
    tr.set_source_match(SourceMatch::Trigram);
    CHECK(tr.translate("shwo disk").source_read[0] == "<unk>");
}
