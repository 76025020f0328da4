#include "vocab.h"

#include <algorithm>

#include "errors.h"

namespace cmdseq {

std::vector<std::string> Vocabulary::specials(Kind kind) {
    if (kind == Kind::Source) return {kPadToken, kUnkToken};
    return {kPadToken, kUnkToken, kBosToken, kEosToken};
}

Vocabulary::Vocabulary(Kind kind, std::vector<std::string> tokens) : kind_(kind), tokens_(std::move(tokens)) {
    const char* side = kind == Kind::Source ? "source" : "target";
    auto sp = specials(kind);
    for (size_t i = 0; i < sp.size(); ++i) {
        if (i >= tokens_.size() || tokens_[i] != sp[i])
            throw ModelFormatError(std::string(side) + " vocabulary: token " + std::to_string(i) + " must be " +
                                   sp[i] + (i < tokens_.size() ? ", found \"" + tokens_[i] + "\"" : ", vocabulary too short"));
    }
    index_.reserve(tokens_.size());
    for (size_t i = 0; i < tokens_.size(); ++i) {
        if (tokens_[i].empty())
            throw ModelFormatError(std::string(side) + " vocabulary: token " + std::to_string(i) + " is empty");
        if (!index_.emplace(tokens_[i], static_cast<int>(i)).second)
            throw ModelFormatError(std::string(side) + " vocabulary: token \"" + tokens_[i] + "\" appears twice (id " +
                                   std::to_string(index_[tokens_[i]]) + " and " + std::to_string(i) + ")");
    }
}

Vocabulary Vocabulary::build(Kind kind, const std::map<std::string, int64_t>& counts, int64_t min_count) {
    std::vector<std::string> tokens = specials(kind);
    std::vector<std::pair<std::string, int64_t>> kept;
    for (auto& [tok, n] : counts) {
        if (n >= min_count && std::find(tokens.begin(), tokens.end(), tok) == tokens.end()) kept.emplace_back(tok, n);
    }
    std::sort(kept.begin(), kept.end(), [](auto& a, auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    for (auto& [tok, n] : kept) tokens.push_back(tok);
    return Vocabulary(kind, std::move(tokens));
}

int Vocabulary::id(const std::string& token) const {
    auto it = index_.find(token);
    return it == index_.end() ? unk_id() : it->second;
}

const std::string& Vocabulary::token(int id) const { return tokens_.at(static_cast<size_t>(id)); }

std::vector<int> Vocabulary::encode(const std::vector<std::string>& tokens) const {
    std::vector<int> ids;
    ids.reserve(tokens.size());
    for (auto& t : tokens) ids.push_back(id(t));
    return ids;
}

}  // namespace cmdseq
