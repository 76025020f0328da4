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
