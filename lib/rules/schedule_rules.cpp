// rules/schedule_rules.cpp — a date rule and a time rule parsed from their
// text into a schedule.
#include "rules/rule_parser.h"
#include "rules/schedule_rules.h"

namespace trainsim {

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
