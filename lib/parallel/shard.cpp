// parallel/shard.cpp — parsing --shard and checking a set of shard files.
#include "parallel/shard.h"

#include "config/config_document.h"
#include "cost/random.h"
#include "input/input_error.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace trainsim {

std::string config_fingerprint(const ConfigDocument& doc) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fnv1a64(doc.effective.dump())));
  return buf;
}

Shard parse_shard(const std::string& text, const std::string& source) {
  const auto slash = text.find('/');
  auto number = [&](const std::string& part) -> std::uint64_t {
    std::string t = part;
    t.erase(0, t.find_first_not_of(" \t"));
    t.erase(t.find_last_not_of(" \t") + 1);
    if (t.empty() || t.size() > 9 || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
      fail_input(source, text, "expected K/N with whole numbers 1 <= K <= N, e.g. 2/4");
    return std::stoull(t);
  };
  if (slash == std::string::npos) fail_input(source, text, "expected K/N with 1 <= K <= N, e.g. 2/4");
  Shard s;
  s.k = number(text.substr(0, slash));
  s.n = number(text.substr(slash + 1));
  if (s.n < 1 || s.k < 1 || s.k > s.n)
    fail_input(source, text, "expected K/N with 1 <= K <= N (K counts from 1, as in a Slurm --array=1-N job)");
  return s;
}

std::vector<std::size_t> order_shard_set(const std::vector<ShardFile>& files) {
  if (files.empty()) fail_input("merge", "", "no input files");
  const ShardFile& first = files.front();
  for (const auto& s : files) {
    if (s.config != first.config)
      fail_input("merge", "",
                 s.source + " and " + first.source + " were run on different configs (fingerprints " + s.config +
                      " and " + first.config + "); refusing to merge them");
    if (s.shard.n != first.shard.n)
      fail_input("merge", "",
                 s.source + " is shard " + s.shard.text() + " but " + first.source + " is shard " +
                      first.shard.text() + ": they come from different shardings");
  }
  const std::uint64_t n = first.shard.n;
  std::map<std::uint64_t, std::size_t> by_k;
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto [it, fresh] = by_k.emplace(files[i].shard.k, i);
    if (!fresh)
      fail_input("merge", "",
                 "shard " + files[i].shard.text() + " is given twice (" + files[it->second].source + " and " +
                      files[i].source + "); refusing to merge a duplicated set of shards");
  }
  std::string missing;
  for (std::uint64_t k = 1; k <= n; ++k)
    if (!by_k.count(k)) missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(n);
  if (!missing.empty())
    fail_input("merge", "",
               "shard" + std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing +
                    " missing: the merged result would be incomplete");
  std::vector<std::size_t> out;
  for (const auto& [k, i] : by_k) out.push_back(i);
  return out;
}

}  // namespace trainsim
