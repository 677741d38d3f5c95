// parallel/shard.h — splitting work across machines: `--shard K/N` takes the
// K-th of N interleaved slices of a list of tasks (grid points, Monte Carlo
// trials), and a set of shard files is checked to be exactly one complete,
// consistent set before it is merged.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trainsim {

struct ConfigDocument;  // config/config_document.h

// `--shard K/N`: the tasks i with i mod N == K - 1 (K counts from 1, as
// Slurm array task ids do with --array=1-N).
struct Shard {
  std::uint64_t k = 1, n = 1;
  bool whole() const { return n == 1; }
  bool contains(std::uint64_t point) const { return point % n == k - 1; }
  // How many of `points` tasks fall in this shard.
  std::uint64_t count(std::uint64_t points) const { return points >= k ? (points - k) / n + 1 : 0; }
  // The i-th task of this shard.
  std::uint64_t point(std::uint64_t i) const { return k - 1 + i * n; }
  std::string text() const { return std::to_string(k) + "/" + std::to_string(n); }
};

// Parses "K/N" (1 <= K <= N). Throws InputError naming `source`.
Shard parse_shard(const std::string& text, const std::string& source = "--shard");

// A fingerprint of the effective config (with --set applied) that a run was
// made on, so shards of different configs are never merged: FNV-1a 64 of its
// canonical JSON, as 16 hex digits.
std::string config_fingerprint(const ConfigDocument& doc);

// What a shard file says about itself.
struct ShardFile {
  std::string source;  // the file name, for messages
  std::string config;  // the fingerprint of the config it was run on
  Shard shard;
};

// Checks that `files` are one complete set of shards of one run: the same
// config and the same N, every K from 1 to N exactly once. Returns, for each
// K (in order), the index of its file in `files`. Throws InputError naming
// the files otherwise (foreign, duplicated or missing shards).
std::vector<std::size_t> order_shard_set(const std::vector<ShardFile>& files);

}  // namespace trainsim
