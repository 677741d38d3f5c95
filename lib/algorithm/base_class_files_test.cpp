// Tests of finding a base class's file: C#'s Name.cs, Python's imports, any
// sibling that defines it, never the algorithm's own file.
#include "algorithm/base_class_files.h"

#include "../../tests/unit/testing.h"

#include <doctest/doctest.h>

using namespace trainsim;
using namespace trainsim::algorithm;
using trainsim::testing::TempDir;

TEST_CASE("base class files: Name.cs first, then any sibling defining the class") {
  TempDir d;
  const auto main = d.write("Leaf.cs", "public class Leaf : Base { }\n");
  d.write("Base.cs", "// class Helper is elsewhere\npublic class Base : QCAlgorithm { }\n");
  d.write("Zeta.cs", "public class Helper { }\npublic class BaseX { }\n");
  d.write("notes.txt", "public class Other { }\n");
  const auto load = sibling_class_loader(main, Language::CSharp, "public class Leaf : Base { }\n", 1 << 20);
  const auto base = load("Base");
  REQUIRE(base);
  CHECK(std::filesystem::path(base->name).filename() == "Base.cs");
  CHECK(base->text.find("public class Base : QCAlgorithm") != std::string::npos);
  // A mention in a comment finds the file; the reader then indexes its real classes.
  CHECK(std::filesystem::path(load("Helper")->name).filename() == "Base.cs");
  CHECK_FALSE(load("Bas"));     // not a longer name's prefix
  CHECK_FALSE(load("Other"));   // only files of the algorithm's language
  CHECK_FALSE(load("Leaf"));    // never the algorithm's own file
}

TEST_CASE("base class files: Python follows `from module import Name` (and `*`), relative imports included") {
  TempDir d;
  const std::string text = "from AlgorithmImports import *\nfrom strategies.base import Base\nfrom .mixins import *\n"
                           "class Leaf(Base, Mixin):\n    pass\n";
  const auto main = d.write("main.py", text);
  d.write("strategies/base.py", "class Base(QCAlgorithm):\n    pass\n");
  d.write("mixins.py", "class Mixin:\n    pass\n");
  d.write("aaa.py", "class Base:  # an older copy, found only by the scan\n    pass\n");
  const auto load = sibling_class_loader(main, Language::Python, text, 1 << 20);
  CHECK(load("Base")->name == (d.path / "strategies/base.py").string());
  CHECK(load("Mixin")->name == (d.path / "mixins.py").string());
}
