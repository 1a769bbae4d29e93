"""Search terms split the same way in the index and the query (English and Japanese).

Sphinx's Japanese search splits text with TinySegmenter, in Python for the
index and in JavaScript for the query. Both cut commands and options apart
("engine-backup" becomes "engine", "-", "backup" in one and something else in
the other), so a page that contains a command is often not found; and the
Python splitter is what makes the Japanese build slow.

This splitter is a few regular expressions, the same in Python (index) and
JavaScript (query):

- an ASCII term (``engine-backup``, ``yum.repos.d``, ``4.4``) is kept whole,
  and in the index also every run of its parts (``engine``, ``backup``), so
  that a query for a part finds it too;
- a run of Japanese characters is indexed as every character and every pair
  of adjacent characters (bigrams); a query is split into its bigrams, all of
  which a page must have. A page that contains the query therefore always
  matches; a page that has the pairs apart may match too.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.search import SearchLanguage
from sphinx.search.en import SearchEnglish

#: Characters of Japanese text: kana, CJK ideographs, iteration marks, half-width kana.
CJK = "\u3005-\u3007\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
#: An ASCII term, with its inner joiners: hosted-engine, yum.repos.d, x86_64, 4.4.
ASCII = r"[A-Za-z0-9_]+(?:[-.:/+@][A-Za-z0-9_]+)*"
_TOKEN = re.compile(rf"({ASCII})|([{CJK}]+)|([^\W{CJK}]+)")
_JOINER = re.compile(r"[-.:/+@]")


def compound_parts(term: str) -> list[str]:
    """``a-b-c`` -> every run of adjacent parts: a-b-c, a-b, b-c, a, b, c."""
    separators = [m.start() for m in _JOINER.finditer(term)]
    if not separators:
        return [term]
    starts = [0, *(s + 1 for s in separators)]
    ends = [*separators, len(term)]
    return [term[starts[i] : ends[j]] for i in range(len(starts)) for j in range(i, len(ends))]


def bigrams(run: str) -> list[str]:
    return [run] if len(run) < 2 else [run[i : i + 2] for i in range(len(run) - 1)]


def split_for_index(text: str) -> list[str]:
    """The terms under which a page with ``text`` is found (pure)."""
    terms: list[str] = []
    for match in _TOKEN.finditer(text):
        ascii_term, cjk, other = match.groups()
        if ascii_term:
            terms.extend(compound_parts(ascii_term))
        elif cjk:
            terms.extend(cjk)
            if len(cjk) > 1:
                terms.extend(bigrams(cjk))
        else:
            terms.append(other)
    return terms


def split_query(text: str) -> list[str]:
    """The terms a page must have to match ``text``; the JavaScript below does the same."""
    terms: list[str] = []
    for match in _TOKEN.finditer(text):
        ascii_term, cjk, other = match.groups()
        terms.extend(bigrams(cjk) if cjk else [ascii_term or other])
    return terms


#: ``split_query`` in JavaScript (Sphinx puts it into language_data.js).
JS_SPLITTER = r"""
function splitQuery(query) {
  var CJK = "@CJK@";
  var token = new RegExp(
    "(@ASCII@)|([" + CJK + "]+)|((?:(?![" + CJK + "])[\\p{L}\\p{N}_])+)", "gu");
  var terms = [];
  var match;
  while ((match = token.exec(query)) !== null) {
    if (match[2]) {
      var run = match[2];
      if (run.length < 2) {
        terms.push(run);
      }
      for (var i = 0; i + 1 < run.length; i++) {
        terms.push(run.slice(i, i + 2));
      }
    } else {
      terms.push(match[1] || match[3]);
    }
  }
  return terms;
}
""".replace("@CJK@", CJK.encode("unicode_escape").decode("ascii").replace("\\", "\\\\")).replace(
    "@ASCII@", ASCII.replace("\\", "\\\\")
)


class SearchJapaneseTerms(SearchLanguage):
    """Japanese search with whole ASCII terms and character bigrams."""

    lang = "ja"
    language_name = "Japanese"
    js_splitter_code = JS_SPLITTER

    def init(self, options: dict[str, Any]) -> None:
        pass

    def split(self, input: str) -> list[str]:
        return split_for_index(input)

    def word_filter(self, word: str) -> bool:
        return bool(word) and not word.isdigit()

    def stem(self, word: str) -> str:
        return word


class SearchEnglishTerms(SearchEnglish):
    """English search that keeps commands and options whole.

    Sphinx's English splitter cuts ``engine-backup`` into ``engine`` and
    ``backup``, so a query for the command finds every page that has both
    words anywhere, and ranks them before the pages that run the command.
    Here the ASCII terms are kept whole (and their parts indexed too, so a
    query for ``backup`` still finds them); words are stemmed as before, in
    Python and in JavaScript alike.
    """

    js_splitter_code = JS_SPLITTER

    def split(self, input: str) -> list[str]:
        return split_for_index(input)
