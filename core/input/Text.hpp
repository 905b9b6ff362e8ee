#pragma once
// Small text helpers shared by the input readers and the protocol parser, written once.
#include <cstddef>
#include <string>
#include <vector>

namespace cellsim {

//! Without leading and trailing white space (space, tab, CR, LF).
std::string trim(const std::string& s);
//! At most `max_chars` characters of the first line of `text`, marked "..." where cut: what
//! an error message may quote of input content (a file can be anything, and is not echoed).
std::string excerpt(const std::string& text, std::size_t max_chars = 60);
//! ASCII lower case.
std::string lower(std::string s);
std::string join(const std::vector<std::string>& items, const std::string& separator);
//! The pieces between occurrences of `separator` (empty pieces kept: "a//b" -> a, "", b).
std::vector<std::string> split(const std::string& text, char separator);
//! printf("%.<digits>g"): short, round-trippable enough for messages.
std::string formatNumber(double x, int significant_digits = 15);
//! Edit distance (insertions, deletions, substitutions), case-sensitive.
std::size_t levenshtein(const std::string& a, const std::string& b);
//! Closest candidate by case-insensitive edit distance, or "" if none within max(2, len/3).
std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates);
//! " (did you mean 'x'?)" for the closest candidate, or "" if none is close.
std::string didYouMean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace cellsim
