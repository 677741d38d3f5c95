// Tests of the algorithm reader's syntax: bad input refused with one message at file:line:column, syntax errors at
// their place, the bounds on nesting and on unrolled loops; valid continuations, CR-only line ends and f-string holes.
#include "algorithm/algorithm_reader.h"
#include "algorithm/algorithm_reader_testing.h"

#include <doctest/doctest.h>

#include <string>

using namespace trainsim;
using namespace trainsim::algorithm;
using algorithm_reader_test::cs;
using algorithm_reader_test::error_of;
using algorithm_reader_test::py;

TEST_CASE("bad input: one message with file:line:column") {
  CHECK(error_of("class A:\n    def on_data(self, d):\n        pass\n", Language::Python) ==
        "main.py:1:1: no `def initialize(self)` found: trainsim reads the algorithm's Initialize");
  CHECK(error_of("class A { void OnData() {} }", Language::CSharp).rfind("Main.cs:1:1: no `public override void Initialize()`", 0) == 0);
  CHECK(error_of("class A:\n    def initialize(self):\n        self.train(self.date_rules.every_day(), self.m)\n",
                 Language::Python) ==
        "main.py:3:19: train takes a method (Train(method)) or a date rule, a time rule and a method; got 2 arguments");
  CHECK(error_of("class A:\n    def initialize(self):\n        self.add_equity('SPY', Resolution.WEEKLY)\n",
                 Language::Python) ==
        "main.py:3:43: unknown Resolution.WEEKLY (Tick, Second, Minute, Hour, Daily)");
  CHECK(error_of("public class A { public override void Initialize() {\n  Schedule.On(DateRules.EveryDy(), TimeRules.At(9, 0), F);\n} }",
                 Language::CSharp)
            .rfind("Main.cs:2:25: date rule: ", 0) == 0);
  CHECK(error_of("x = 'open\n", Language::Python) == "main.py:1:5: unterminated string (end of line)");
  CHECK(error_of("class A:\n    def initialize(self):\n        self.set_start_date(2024, 2, 30)\n", Language::Python) ==
        "main.py:3:29: set_start_date(2024, 2, 30) is not a valid date");
}

TEST_CASE("bad input: nested literal loops that unroll past the statement bound are refused, not read for minutes") {
  // Three tickers nested `depth` deep unroll to about 3^depth statements.
  auto nested = [](int depth, const std::string& statement) {
    std::string body = "class A:\n    def initialize(self):\n";
    std::string indent = "        ";
    for (int d = 0; d < depth; ++d) {
      body += indent + "for t" + std::to_string(d) + " in ['SPY', 'QQQ', 'IWM']:\n";
      indent += "    ";
    }
    return body + indent + statement + "\n";
  };
  const AlgorithmRead small =
      py(nested(3, "self.add_equity(t0)").substr(std::string("class A:\n    def initialize(self):\n").size()));
  CHECK(small.simulation["securities"].size() == 3);  // SPY, QQQ, IWM (repeats merged)
  // Short statements, so that the statement bound comes before the character bound.
  const std::string msg = error_of(nested(12, "f()"), Language::Python);
  CHECK(msg.rfind("main.py:", 0) == 0);
  CHECK(msg.find("more than 100000 statements") != std::string::npos);
}

TEST_CASE("bad input: brackets, prefix operators and blocks nested past the limit are refused, not a stack overflow") {
  // Fuzzing found `{` nested a few hundred deep overflowing the stack.
  const std::string deep(100000, '{');
  for (const std::string& body :
       {"        self.add_equity(" + deep + std::string(100000, '}') + ")\n", "        x = " + std::string(100000, '-') + "1\n",
        "        x = " + std::string(50000, '(') + "1" + std::string(50000, ')') + "\n"}) {
    const std::string msg = error_of("class A:\n    def initialize(self):\n" + body, Language::Python);
    CHECK(msg.rfind("main.py:3:", 0) == 0);
    CHECK(msg.find("nested more than 64 levels deep") != std::string::npos);
  }
  std::string ifs = "public class A : QCAlgorithm { public override void Initialize() {\n";
  for (int k = 0; k < 5000; ++k) ifs += "if (x) ";
  ifs += "AddEquity(\"SPY\");\n} }\n";
  CHECK(error_of(ifs, Language::CSharp).find("nested more than 64 levels deep") != std::string::npos);
  std::string braces = "public class A : QCAlgorithm { public override void Initialize() {\n" + std::string(5000, '{') +
                       "AddEquity(\"SPY\");" + std::string(5000, '}') + "\n} }\n";
  CHECK(error_of(braces, Language::CSharp).find("nested more than 64 levels deep") != std::string::npos);
  // Real nesting reads as before.
  CHECK(py("        self.add_equity(((('SPY'))))\n").simulation["securities"].size() == 1);
}

TEST_CASE("bad input: long statements unrolled by nested loops are bounded by their characters too") {
  // Nine levels of three tickers: 3^9 = 19,683 copies of a 120-character statement.
  std::string body = "class A:\n    def initialize(self):\n";
  std::string indent = "        ";
  for (int d = 0; d < 9; ++d) {
    body += indent + "for t" + std::to_string(d) + " in ['SPY', 'QQQ', 'IWM']:\n";
    indent += "    ";
  }
  body += indent + "x = f(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29)\n";
  CHECK(error_of(body, Language::Python).find("more than 2000000 characters") != std::string::npos);
}

TEST_CASE("bad input: a long bound value used in unrolled loops counts towards the character bound") {
  // One 200,000-character ticker used 27 times: 5.4 million characters
  // copied, though the statements themselves are short (this took a minute).
  const std::string ticker(200000, 'x');
  std::string body = "        t = '" + ticker + "'\n"
                     "        for a in ['A', 'B', 'C']:\n"
                     "            for b in ['A', 'B', 'C']:\n"
                     "                for c in ['A', 'B', 'C']:\n"
                     "                    self.add_equity(t)\n";
  const std::string msg = error_of("class A:\n    def initialize(self):\n" + body, Language::Python);
  CHECK(msg.rfind("main.py:7:", 0) == 0);
  CHECK(msg.find("more than 2000000 characters") != std::string::npos);
  // Used six times it is read: 1.4 million characters with its assignment.
  body = "        t = '" + ticker + "'\n"
         "        for a in ['A', 'B']:\n"
         "            for b in ['A', 'B', 'C']:\n"
         "                self.add_equity(t)\n";
  CHECK(py(body).simulation["securities"].size() == 1);
  // A bound list copied in by each loop that uses it counts too.
  std::string list = "[";
  for (int k = 0; k < 100; ++k) list += "'" + std::string(2000, static_cast<char>('A' + k % 26)) + std::to_string(k) + "', ";
  list += "]";
  CHECK(error_of("class A:\n    def initialize(self):\n        l = " + list + "\n        for a in l:\n            for b in l:\n"
                 "                f()\n",
                 Language::Python)
            .find("more than 2000000 characters") != std::string::npos);
}

TEST_CASE("syntax errors are errors at their place, not a shorter reading") {
  // A missing `)` swallows the next line in Python: refused at the `(`.
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        self.set_end_date(2022, 12, 31\n"
                 "        self.add_equity('SPY')\n        self.train(self.fit)\n",
                 Language::Python)
            .rfind("main.py:3:26: `(` is not closed before line 4", 0) == 0);
  // ... and at the end of the file.
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        self.train(self.fit\n", Language::Python)
            .rfind("main.py:3:19: `(` is never closed", 0) == 0);
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        x = ['SPY', 'QQQ')\n", Language::Python)
            .rfind("main.py:3:26: `)` does not close the `[` at 3:13", 0) == 0);
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        x = 1\n          y = 2\n", Language::Python)
            .rfind("main.py:4:11: unexpected indent", 0) == 0);
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        if x:\n            y = 1\n          z = 2\n",
                 Language::Python)
            .rfind("main.py:5:11: this line's indentation matches no enclosing block", 0) == 0);
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        if x:\n        y = 1\n", Language::Python)
            .rfind("main.py:4:9: expected an indented block after the `:` on line 3", 0) == 0);
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self)\n        y = 1\n", Language::Python)
            .rfind("main.py:2:24: `def` statement without its `:`", 0) == 0);
  // C#: a statement without its `;`, before the next line or the block's end.
  CHECK(error_of("public class A : QCAlgorithm {\n  public override void Initialize() {\n    SetEndDate(2022, 12, 31)\n"
                 "    AddEquity(\"SPY\");\n  }\n}\n",
                 Language::CSharp)
            .rfind("Main.cs:3:29: missing `;` after `)`", 0) == 0);
  CHECK(error_of("public class A : QCAlgorithm {\n  public override void Initialize() {\n    AddEquity(\"SPY\")\n  }\n}\n",
                 Language::CSharp)
            .find("missing `;` after `)`: the statement runs into the end of its block") != std::string::npos);
  // A block left open: the `{` whose `}` lines up with an outer block.
  CHECK(error_of("public class A : QCAlgorithm {\n  public override void Initialize() {\n    if (LiveMode) {\n"
                 "      Train(F);\n  }\n  void F() {}\n}\n",
                 Language::CSharp)
            .rfind("Main.cs:3:19: `{` is never closed (the `}` at 5:3 lines up with an outer block)", 0) == 0);
  CHECK(error_of("public class A : QCAlgorithm {\n#if X\n  void F() {}\n", Language::CSharp)
            .rfind("Main.cs:2:1: `#if` without its `#endif`", 0) == 0);
}

TEST_CASE("valid continuations are not syntax errors") {
  const auto p = py("        x = (1 +\n             2)\n        y = 'a' \\\n            'b'\n"
                    "        z: int = {'k': [1,\n                  2]}\n"
                    "        if (n := 3) > 2: pass\n"
                    "        s = (\"one \"\n             \"two\")\n"
                    "        self.train(self.fit)\n"
                    "    @staticmethod\n    async def f() -> None:\n        return\n");
  CHECK(p.simulation["events"].size() == 1);
  const auto c = cs("    var q = from h in new[] { 1, 2 }\n            where h > 1\n            select h;\n"
                    "    var s = @\"a\n(\" + $\"{(q.Any() ? \"x\" : \"y\")}\" + \"\"\"raw ( \"\"\";\n"
                    "    List<Dictionary<string, int>> d = new List<Dictionary<string, int>>();\n"
                    "    var f = AddEquity(\"SPY\")\n        .Symbol;\n"
                    "    Train(Fit);");
  CHECK(c.simulation["events"].size() == 1);
  CHECK(c.simulation["securities"].size() == 1);
}

TEST_CASE("CR-only line ends, and calls inside f-string holes") {
  const auto r = read_algorithm_text(
      "class A(QCAlgorithm):\r    def initialize(self):\r        self.add_equity('SPY')\r        self.train(self.fit)\r",
      Language::Python, "main.py");
  REQUIRE(r.simulation["events"].size() == 1);
  CHECK(r.simulation["events"][0]["source"] == "main.py:4");
  const auto f = py("        self.debug(f\"{self.train(self.fit)!r:>4} {{not}} {self.add_equity('SPY')}\")\n");
  CHECK(f.simulation["events"].size() == 1);
  CHECK(f.simulation["securities"].size() == 1);
  const auto c = cs("    Debug($\"{Train(Fit),5:N}\");");
  CHECK(c.simulation["events"].size() == 1);
}
