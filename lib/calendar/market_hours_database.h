// calendar/market_hours_database.h — LEAN's market-hours-database.json,
// read one entry at a time.
//
// The real file is 3 MB; a run needs one or two of its 549 entries. The file
// is scanned for the entry's key and only that object is parsed (LEAN's
// lookup order: exact key, then the market's [*] wildcard, then for a future
// option its future's; a specific entry merges holidays, early closes and
// late opens with its wildcard, and an option without them takes its
// underlying's).
#pragma once
#include "calendar/exchange_hours.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace trainsim {

class MarketHoursDatabase {
 public:
  // Reads the file; throws InputError when it is missing or unreadable.
  static MarketHoursDatabase open(const std::filesystem::path& file);
  // The same over text in memory (tests, fuzzing); `name` names it in errors.
  static MarketHoursDatabase from_text(std::string text, const std::filesystem::path& name);
  // The folder layout LEAN uses: <data-folder>/market-hours/market-hours-database.json.
  static std::filesystem::path path_in(const std::filesystem::path& data_folder);

  // Throws InputError when LEAN's lookup finds no entry, or the entry is
  // malformed (with line and column in the file).
  ExchangeHours entry(const std::string& type, const std::string& market, const std::string& ticker) const;
  // The key, as spelled in the file, of the entry `entry` starts from: the
  // ticker's own, else the wildcard's, else (future options) the future's,
  // so that callers can share one ExchangeHours among the thousands of
  // tickers that have no entry. Empty when there is none.
  std::string entry_key(const std::string& type, const std::string& market, const std::string& ticker) const;

  // Where an entry's object text lies in the file, and its key as spelled there.
  struct Span {
    size_t begin, end;  // the entry's object text
    std::string key;    // as spelled in the file
  };
  // The entry LEAN's lookup finds for the security, if any: one search of
  // the file, whose result gives entry_key (`key`) and, through the overload
  // of entry() below, the entry itself without searching again.
  std::optional<Span> resolve(const std::string& type, const std::string& market, const std::string& ticker) const;
  // entry(type, market, ticker) from its resolve() result.
  ExchangeHours entry(const std::optional<Span>& found, const std::string& type, const std::string& market,
                      const std::string& ticker) const;

  const std::filesystem::path& file() const { return file_; }

  // The same database with every entry's key indexed, found in one pass over
  // the file: for callers that look up many tickers (each search of LEAN's
  // 3 MB file takes a fraction of a millisecond; 60,000 took half a minute).
  // Lookups give the same answers with or without the index.
  MarketHoursDatabase indexed() const;
  bool is_indexed() const { return index_ != nullptr; }

 private:
  // `scan`: also look for other spellings of the key (LEAN ignores case).
  std::optional<Span> find_entry(const std::string& key, bool scan) const;
  // find_text over the file: the first place of `needle` at or after `from`.
  size_t search(std::string_view needle, size_t from) const;
  // The entry whose quoted key of `key_size` characters opens at `quote`, if
  // the key is followed by `: {`.
  std::optional<Span> entry_at(size_t quote, size_t key_size) const;
  size_t object_after(size_t quote, size_t key_size) const;
  struct KeyIndex;
  struct Entries {
    std::optional<Span> own, wildcard;
  };
  Entries find_entries(const std::string& type, const std::string& market, const std::string& ticker) const;
  // The entry at `span` as LEAN builds it when loading the file.
  ExchangeHours load(const Span& span) const;
  ExchangeHours parse_entry(const Span& span) const;

  std::filesystem::path file_;
  std::shared_ptr<const void> mapping_;  // the file, mapped read-only
  std::string_view text_;
  int fd_ = -1;  // the mapped file's descriptor (open while mapping_ is); -1 for text in memory
  std::shared_ptr<const KeyIndex> index_;  // null until indexed()
};

}  // namespace trainsim
