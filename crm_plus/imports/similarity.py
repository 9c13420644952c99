"""Close matches between normalised party names. Pure Python: no Frappe import (tests/test_import_similarity.py).

Similarity is the Dice coefficient of the names' character bigrams: "北京星河科技" and "星河科技北京"
share 4 of their 5 bigrams each (0.8); a one-character typo in an 8-character name keeps 0.71-0.86.

Finding every pair above a threshold among 100,000 existing names and 10,000 new ones must not
compare all pairs (10⁹). ``SimilarityIndex`` uses prefix filtering (Chaudhuri et al., "A primitive
operator for similarity joins"): with the bigrams of every name sorted rarest first, two names whose
Dice coefficient reaches t share at least one bigram among the first |A| - ⌈t·|A| / (2 - t)⌉ + 1 of
each name. Only those prefixes are indexed and probed, then the candidates are scored exactly, so the
result is the same as comparing every pair.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable


def bigrams(key: str) -> frozenset[str]:
	"""The character bigrams of a normalised name; a one-character name is its own token."""
	if len(key) < 2:
		return frozenset([key]) if key else frozenset()
	return frozenset(key[i : i + 2] for i in range(len(key) - 1))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
	if not a or not b:
		return 0.0
	return 2 * len(a & b) / (len(a) + len(b))


def similarity(key_a: str, key_b: str) -> float:
	"""1.0 for equal normalised names, 0.0 for names with nothing in common."""
	if key_a == key_b:
		return 1.0 if key_a else 0.0
	return dice(bigrams(key_a), bigrams(key_b))


def prefix_length(size: int, threshold: float) -> int:
	"""How many of a name's rarest bigrams must be indexed so no pair at or above `threshold` is missed."""
	if size == 0:
		return 0
	min_overlap = math.ceil(threshold * size / (2 - threshold) - 1e-9)
	return max(1, size - min_overlap + 1)


class SimilarityIndex:
	"""All names (existing records and rows of the file) at once; ``matches(key)`` gives the indexed
	names similar to `key` (a name that is also indexed does not match itself)."""

	def __init__(self, keys: Iterable[str], threshold: float, extra_keys: Iterable[str] = ()):
		if not 0 < threshold <= 1:
			raise ValueError("threshold must be in (0, 1]")
		self.threshold = threshold
		self.keys = list(dict.fromkeys(k for k in keys if k))
		self.tokens = {k: bigrams(k) for k in self.keys}
		# the global order of bigrams (rarest first) must also count the names that will be probed
		frequency: Counter[str] = Counter()
		for token_set in self.tokens.values():
			frequency.update(token_set)
		for key in extra_keys:
			if key and key not in self.tokens:
				frequency.update(bigrams(key))
		self.frequency = frequency
		self.index: dict[str, list[str]] = defaultdict(list)
		for key, token_set in self.tokens.items():
			for token in self._prefix(token_set):
				self.index[token].append(key)

	def _prefix(self, token_set: frozenset[str]) -> list[str]:
		ordered = sorted(token_set, key=lambda t: (self.frequency.get(t, 0), t))
		return ordered[: prefix_length(len(ordered), self.threshold)]

	def matches(self, key: str) -> list[tuple[str, float]]:
		"""(indexed name, similarity) at or above the threshold, best first; exact equality excluded."""
		token_set = self.tokens.get(key) or bigrams(key)
		if not token_set:
			return []
		seen: set[str] = set()
		found = []
		size = len(token_set)
		for token in self._prefix(token_set):
			for other in self.index.get(token, ()):
				if other in seen or other == key:
					continue
				seen.add(other)
				other_tokens = self.tokens[other]
				# a length filter before the exact score
				if 2 * min(size, len(other_tokens)) / (size + len(other_tokens)) < self.threshold:
					continue
				score = dice(token_set, other_tokens)
				if score >= self.threshold:
					found.append((other, score))
		found.sort(key=lambda pair: (-pair[1], pair[0]))
		return found
