// lib/algorithm/algorithm_reader_testing.h — what the algorithm reader's unit tests
// (algorithm_reader_test.cpp, algorithm_reader_*_test.cpp) share: an Initialize body
// read as Python or C#, the message a source is refused with, and whether a warning
// contains a given text.
#pragma once
#include "algorithm/algorithm_reader.h"
#include "input/input_error.h"

#include <string>

namespace trainsim::algorithm_reader_test {

using algorithm::AlgorithmRead;
using algorithm::Language;
using algorithm::read_algorithm_text;

inline AlgorithmRead py(const std::string& body) {
  return read_algorithm_text("class A(QCAlgorithm):\n    def initialize(self):\n" + body, Language::Python, "main.py");
}
inline AlgorithmRead cs(const std::string& body) {
  return read_algorithm_text("public class A : QCAlgorithm {\n  public override void Initialize() {\n" + body +
                                 "\n  }\n}\n",
                             Language::CSharp, "Main.cs");
}
inline std::string error_of(const std::string& source, Language lang) {
  try {
    read_algorithm_text(source, lang, lang == Language::Python ? "main.py" : "Main.cs");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
inline bool warned(const AlgorithmRead& r, const std::string& part) {
  for (const auto& w : r.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace trainsim::algorithm_reader_test
