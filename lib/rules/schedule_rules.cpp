// rules/schedule_rules.cpp — a date rule and a time rule parsed from their
// text into a schedule: what the two handles say of themselves.
#include "rules/rule_impl.h"
#include "rules/rule_parser.h"
#include "rules/schedule_rules.h"

#include <memory>
#include <utility>

namespace trainsim {
namespace {
std::vector<std::string> ticker_list(const std::string& ticker) {
  return ticker.empty() ? std::vector<std::string>{} : std::vector<std::string>{ticker};
}
}  // namespace

DateRule::DateRule(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
std::string DateRule::name() const { return impl_->name; }
std::vector<std::string> DateRule::tickers() const { return ticker_list(impl_->ticker); }

TimeRule::TimeRule(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
std::string TimeRule::name() const { return impl_->name; }
std::vector<std::string> TimeRule::tickers() const { return ticker_list(impl_->ticker); }

std::vector<std::string> tickers_named(std::string_view rule_text) {
  // The prefix, or failing that the method, tells which family the text is;
  // `Every(...)` without a prefix is tried as a date rule first.
  size_t column = 0;
  const rules::Expr e = rules::parse_expression(rule_text);
  const bool time_first = (e.kind == rules::Expr::Kind::Name || e.kind == rules::Expr::Kind::Call) &&
                          rules::rule_family(e, column) == rules::RuleFamily::Time;
  try {
    return time_first ? parse_time_rule(rule_text).tickers() : parse_date_rule(rule_text).tickers();
  } catch (const RuleError&) {
    if (time_first) throw;
    try {
      return parse_time_rule(rule_text).tickers();
    } catch (const RuleError&) {
    }
    throw;
  }
}

}  // namespace trainsim
