"""Partner suggestions for a forum's business programme: whose offers meet whose needs.

Pure Python (no Django). `suggest(profiles, for_ref=..., limit=...)` and `suggest_all(...)`
take frozen `Profile`s and return ranked `Suggestion`s, each with the `Reason`s it was made
("offers: полимерная плёнка ↔ seeks: polymer film").

How texts in Russian and English are matched, and why this way:
- A bilingual glossary (`data/glossary.json`) of concepts (polymer film, CNC machine tools,
  student exchange …), each with its Russian and English terms and its sector and group. A
  need and an offer that name one concept match fully, in any language, whatever the words'
  inflection: the words are stemmed (Snowball Russian, a light English stripper) and a term is
  found when all its stems are there. Typos of one or two letters and longer forms of a
  glossary stem are mapped onto it. Concepts of one group match in part. A phrase is read the
  way a person reads it: a term inside a longer term found there does not count ("окна ПВХ"
  are windows, not PVC), what follows "for"/"для" after a first concept is what it is for
  ("spare parts for tractors" are spare parts), and a phrase that opens with a role ("dealers
  of our tractors") is about the role.
- Everyday words of the forum's trades are translated word by word ("котёл" → "boiler",
  `words` in the glossary) before the n-grams are taken, so that a phrase the glossary does
  not know as a whole still meets its translation, as a weak likeness.
- Character trigrams over the transliterated stems (the `names` skeleton, so "полимерный" and
  "polymer", "логистика" and "logistics" share most trigrams), weighted by rarity: the fallback
  for what the glossary does not know, worth less than a shared concept, and much less when the
  glossary knows both phrases and says they speak of different things.
- A need in a sector that the other participant names as theirs counts a little on its own.

A multilingual embedding model would cover paraphrases the glossary misses, but it would have
to ship its weights (hundreds of megabytes for the small ones) and a runtime such as PyTorch or
ONNX, and it cannot say why two texts match. The glossary is small, reviewable data, explains
every suggestion in the participants' own words, runs offline and scores 2,000 participants in
seconds; the forum's sectors are few and stable enough for it to be kept up by hand.
"""

from regionforum.matching.engine import (
    Direction,
    Matcher,
    Profile,
    Reason,
    Suggestion,
    suggest,
    suggest_all,
)
from regionforum.matching.glossary import Glossary, shipped_glossary

__all__ = [
    "Direction",
    "Glossary",
    "Matcher",
    "Profile",
    "Reason",
    "Suggestion",
    "shipped_glossary",
    "suggest",
    "suggest_all",
]
