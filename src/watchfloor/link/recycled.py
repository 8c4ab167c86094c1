"""Recycled reporting: copies, lightly edited copies, and paraphrased relays.

Place in the flow: after ``clean`` (and ``annotate``, whose citations are one
kind of evidence), before anything counts sources. An analyst who sees "30,000"
in two reports must know whether the second only relays the first.

:class:`RecycledIndex.add` compares one new report with every report indexed so
far, without reading them all:

1. Normalise the body into words (NFKC, case-folded, curly quotes made straight).
   Identical word sequences are an exact copy ("identical text").
2. MinHash over ``shingle_words``-word shingles; LSH (``datasketch``) proposes
   candidates; each candidate is confirmed by the *exact* Jaccard of the two
   shingle sets, computed on candidates only (the LSH threshold is set below the
   confirming one so that borderline pairs are still proposed). Kind
   ``near_duplicate``.
3. Candidates for paraphrased relays come from two bounded indexes: the word
   n-grams of every indexed quotation (the new body's n-grams are looked up, so an
   older report whose quotation reappears here is found), and the postings of rare
   names and numbers (capped: a name that is no longer rare stops being indexed,
   so a lookup costs the same in a store of 100 or 100,000 reports).
4. Evidence on each candidate pair: shared direct quotations (runs of at least
   ``quote_words`` words inside a quotation of one report that occur in the
   other), one report citing the other's outlet, shared rare names/numbers. Kind
   ``derived`` only on a combination (see :func:`_derived_rule`): precision
   matters more than recall, and two wire reports of one event share places,
   dates and often an official's quotation without one relaying the other.

:func:`find_relations` is the batch form: an index filled in input order, so it
gives exactly what incremental adds in the same order give.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from watchfloor.lang import every_month, every_weekday, load_language
from watchfloor.records import Article, CitationRef, Relation, StatementRef

log = logging.getLogger(__name__)

NEAR_DUPLICATE = "near_duplicate"
DERIVED = "derived"

# Bumped whenever the pickled layout changes, so a store never restores an index
# written by another version into objects that no longer match it.
STATE_VERSION = 1


@dataclass(slots=True, kw_only=True)
class RecycledOptions:
    """Thresholds of the recycled-reporting search (one object, not many keywords).

    The defaults were chosen by measurement; ``bench/bbc_duplicates.py`` prints the
    Jaccard distributions they rest on.
    """

    shingle_words: int = 5
    num_perm: int = 128
    seed: int = 1
    # LSH proposes pairs from about this Jaccard; confirmation is exact, so this
    # only trades time for recall near the confirming threshold.
    lsh_threshold: float = 0.4
    # Confirming threshold: light edits (a few sentences dropped, boilerplate
    # added, paragraphs reordered) stay well above it; the most similar pair of
    # distinct BBC stories is below it (bench/bbc_duplicates.py).
    near_duplicate_jaccard: float = 0.5
    min_words: int = 10  # shorter bodies (flashes, headlines) are never related
    quote_words: int = 8  # shared quoted runs shorter than this are coincidence
    # A name/number is "rare" while at most max(rare_df_min, fraction * size)
    # indexed reports hold it.
    rare_df_min: int = 2
    rare_df_fraction: float = 0.001
    # Below this many indexed reports, document frequency cannot tell a rare name
    # from "Belarus", so rare names are not evidence (measured: two reports of one
    # outlet share "Minsk", "Putin", "Belarusian" and look related).
    rarity_min_reports: int = 200
    postings_cap: int = 64  # postings of a term stop growing here (bounded lookups)
    candidate_shared_rare: int = 3  # rare terms two reports share to be compared
    cite_shared_rare: int = 4  # rare terms needed with a citation but no quotation
    # Shared quotations + rare names without any citation. Off by default: on BBC
    # News it links follow-ups that quote the same court ruling or press release
    # (bench/bbc_duplicates.py --uncited), which is not one report relaying another.
    derived_without_citation: bool = False


@dataclass(slots=True, kw_only=True)
class ReportText:
    """What the recycled-reporting search reads of one article.

    ``quotations`` empty means "find them in the body" (text in double quotation
    marks). ``cited`` are the names of outlets, agencies and channels the report
    relays (``CitationRef.cited``).
    """

    doc: str
    outlet: str | None
    published: str | None
    body: str
    quotations: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)


def report_text(
    article: Article,
    citations: Sequence[CitationRef] | None = None,
    *,
    statements: Sequence[StatementRef] | None = None,
) -> ReportText:
    """The :class:`ReportText` of a cleaned article (+ its annotation's citations).

    Direct statements, when given, are the quotations; otherwise they are read
    from the body's quotation marks.
    """
    quotations = [s.mention.text for s in statements or () if s.direct]
    return ReportText(
        doc=article.doc,
        outlet=article.outlet,
        published=article.published,
        body=article.body,
        quotations=quotations,
        cited=[c.cited for c in citations or ()],
    )


# ---- text normalisation ----------------------------------------------------------

_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-"})
_WORD = re.compile(r"\w+(?:['.,]\w+)*")
# Double quotation marks of English, German and Russian typography; single quotes
# are left out because they cannot be told from apostrophes.
_QUOTE = re.compile(r"[\"“”„«»]")
_ENTITY = re.compile(r"[^\W\d_][\w'-]*|\d[\d,.]*\d")
_SENTENCE_END = tuple('.!?:;"“”„«»([')


@functools.cache
def _not_names() -> frozenset[str]:
    """Capitalised words that are no names: the pack's, and weekdays and months of every
    pack (built on first use: importing the linker loads no locale data)."""
    return frozenset(
        {*load_language("en").lower_words("names.not_names"), *every_weekday(), *every_month()}
    )


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def words(text: str) -> list[str]:
    """The text's words, case-folded, punctuation dropped ("9,000" stays one word)."""
    return _WORD.findall(_fold(text).casefold())


def find_quotations(text: str) -> list[str]:
    """Text inside double quotation marks, line by line.

    A quotation still open at the end of a line runs to the end of it: newspapers
    open each paragraph of a long quotation without closing the previous one.
    """
    found: list[str] = []
    for line in _fold(text).splitlines():
        marks = [m.start() for m in _QUOTE.finditer(line)]
        for i in range(0, len(marks), 2):
            start = marks[i] + 1
            end = marks[i + 1] if i + 1 < len(marks) else len(line)
            quote = line[start:end].strip()
            if quote:
                found.append(quote)
    return found


def names_and_numbers(text: str) -> set[str]:
    """Capitalised words not opening a sentence, and numbers of 3+ digits.

    These are the terms whose rarity says two reports tell the same story from the
    same source (a defector's first name, an invented analyst, "5,000").
    """
    terms: set[str] = set()
    for line in _fold(text).splitlines():
        for m in _ENTITY.finditer(line):
            token = m.group()
            if token[0].isdigit():
                if sum(c.isdigit() for c in token) >= 3:
                    terms.add(token.rstrip(".,"))
                continue
            if not token[0].isupper():
                continue
            before = line[: m.start()].rstrip()
            if not before or before.endswith(_SENTENCE_END):
                continue  # a sentence's first word is capitalised anyway
            term = token.casefold()
            if term.endswith("'s"):
                term = term[:-2]
            if term not in _not_names() and len(term) > 1:
                terms.add(term)
    return terms


def _stable_hash(text: str) -> int:
    # Python's hash() is salted per process; the index is pickled and restored
    # elsewhere, so its keys must not depend on the process.
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _ngrams(tokens: Sequence[str], n: int) -> list[str]:
    if len(tokens) < n:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def _outlet_key(name: str) -> str:
    folded = " ".join(words(name))
    return folded[4:] if folded.startswith("the ") else folded


def _outlet_keys(outlet: str) -> set[str]:
    """An outlet's name and its parts: "Belarus Watch - Eastern Flank Monitor"."""
    keys = {_outlet_key(outlet)}
    keys.update(_outlet_key(p) for p in re.split(r"\s+[-|:–—]\s+", outlet))
    return {k for k in keys if k}


def _date_order(first: str | None, second: str | None) -> int:
    """-1/0/1 as ``first`` is earlier/unknown-or-same/later than ``second``."""
    if not first or not second:
        return 0
    n = min(len(first), len(second))
    a, b = first[:n], second[:n]
    return (a > b) - (a < b)


# ---- the index -------------------------------------------------------------------


@dataclass(slots=True)
class _Entry:
    """What the index keeps of one report: enough to verify a candidate pair."""

    key: str
    doc: str
    outlet: str | None
    published: str | None
    body: str  # as given: words are recomputed for candidates only, and a name in
    # the text may turn out later to be a citation of an outlet indexed after it
    quote_grams: frozenset[int]
    cited: frozenset[str]  # outlet keys of what it cites
    terms: frozenset[str]  # names and numbers


@dataclass(slots=True)
class _Prepared:
    """The new report, analysed once for every comparison."""

    report: ReportText
    words: list[str]
    text: str  # the folded body the word spans point into
    spans: list[tuple[int, int]]  # each word's span, to quote evidence with punctuation
    identity: str
    shingles: set[str]
    minhash: MinHash
    grams: list[int]  # quote_words-grams of the body, in order
    quote_grams: frozenset[int]
    cited: frozenset[str]
    terms: frozenset[str]


class RecycledIndex:
    """An incremental index of reports; :meth:`add` returns the new report's relations.

    Pure Python and in memory; :meth:`to_bytes` / :meth:`from_bytes` let a store
    keep it between runs. Work per :meth:`add` depends on the report and on how
    many reports are *related* to it, not on how many are indexed.
    """

    def __init__(self, options: RecycledOptions | None = None) -> None:
        self.options = options or RecycledOptions()
        o = self.options
        self._lsh = MinHashLSH(threshold=o.lsh_threshold, num_perm=o.num_perm)
        self._entries: list[_Entry] = []
        self._by_key: dict[str, int] = {}
        self._by_identity: dict[str, list[int]] = {}
        self._quote_postings: dict[int, list[int]] = {}
        self._term_postings: dict[str, list[int]] = {}
        self._term_df: Counter[str] = Counter()
        self._template: MinHash | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    # -- state --

    def __getstate__(self) -> dict[str, object]:
        state = {name: getattr(self, name) for name in _STATE_FIELDS}
        state["version"] = STATE_VERSION
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        if state.get("version") != STATE_VERSION:
            raise ValueError(
                f"recycled index state version {state.get('version')!r} is not "
                f"{STATE_VERSION}: rebuild it with find_relations / RecycledIndex.add"
            )
        for name in _STATE_FIELDS:
            setattr(self, name, state[name])
        self._template = None

    def to_bytes(self) -> bytes:
        """The index as bytes (pickle) for the store to keep."""
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> RecycledIndex:
        """An index restored from :meth:`to_bytes` (trusted data only: it is a pickle)."""
        index = pickle.loads(data)
        if not isinstance(index, cls):
            raise ValueError(f"not a pickled {cls.__name__}: {type(index).__name__}")
        return index

    # -- adding --

    def add(self, key: str, report: ReportText) -> list[Relation]:
        """Index ``report`` under ``key``; its relations with the reports indexed before.

        Adding a key that is already indexed changes nothing and returns no
        relations, so re-ingesting a batch is harmless.
        """
        if key in self._by_key:
            log.debug("recycled index: %s already indexed", key)
            return []
        new = self._prepare(report)
        relations: list[Relation] = []
        if len(new.words) >= self.options.min_words:
            near = self._near_duplicates(new)
            relations.extend(near.values())
            relations.extend(self._derived(new, exclude=set(near)))
        self._insert(key, new)
        return relations

    def _prepare(self, report: ReportText) -> _Prepared:
        o = self.options
        text = _fold(report.body)
        matches = list(_WORD.finditer(text))
        folded = [m.group().casefold() for m in matches]
        shingles = set(_ngrams(folded, o.shingle_words))
        if self._template is None:
            self._template = MinHash(num_perm=o.num_perm, seed=o.seed)
        minhash = self._template.copy()
        if shingles:
            minhash.update_batch([s.encode("utf-8") for s in shingles])
        quotations = report.quotations or find_quotations(report.body)
        quote_grams: set[int] = set()
        for quotation in quotations:
            tokens = words(quotation)
            if len(tokens) >= o.quote_words:
                quote_grams.update(_stable_hash(g) for g in _ngrams(tokens, o.quote_words))
        cited: set[str] = set()
        for name in report.cited:
            cited |= _outlet_keys(name)
        return _Prepared(
            report=report,
            words=folded,
            text=text,
            spans=[m.span() for m in matches],
            identity=hashlib.sha256(" ".join(folded).encode("utf-8")).hexdigest(),
            shingles=shingles,
            minhash=minhash,
            grams=[_stable_hash(g) for g in _ngrams(folded, o.quote_words)],
            quote_grams=frozenset(quote_grams),
            cited=frozenset(cited),
            terms=frozenset(names_and_numbers(report.body)),
        )

    def _insert(self, key: str, new: _Prepared) -> None:
        o = self.options
        number = len(self._entries)
        report = new.report
        self._entries.append(
            _Entry(
                key=key,
                doc=report.doc,
                outlet=report.outlet,
                published=report.published,
                body=report.body,
                quote_grams=new.quote_grams,
                cited=new.cited,
                terms=new.terms,
            )
        )
        self._by_key[key] = number
        if len(new.words) < o.min_words:
            return  # kept (so the key is known) but never a candidate
        self._by_identity.setdefault(new.identity, []).append(number)
        self._lsh.insert(number, new.minhash, check_duplication=False)
        for gram in new.quote_grams:
            postings = self._quote_postings.setdefault(gram, [])
            if len(postings) < o.postings_cap:
                postings.append(number)
        for term in new.terms:
            self._term_df[term] += 1
            postings_t = self._term_postings.get(term)
            if postings_t is None:
                self._term_postings[term] = [number]
            elif len(postings_t) < o.postings_cap:
                postings_t.append(number)

    # -- near duplicates --

    def _near_duplicates(self, new: _Prepared) -> dict[int, Relation]:
        o = self.options
        found: dict[int, Relation] = {}
        for number in self._by_identity.get(new.identity, ()):
            found[number] = self._relation(
                new, number, NEAR_DUPLICATE, "identical text", 1.0, by_citation=False
            )
        for number in self._lsh.query(new.minhash):
            if number in found:
                continue
            old = set(_ngrams(words(self._entries[number].body), o.shingle_words))
            union = len(new.shingles | old)
            jaccard = len(new.shingles & old) / union if union else 0.0
            if jaccard >= o.near_duplicate_jaccard:
                evidence = f"Jaccard {jaccard:.2f} of {o.shingle_words}-word shingles"
                found[number] = self._relation(
                    new, number, NEAR_DUPLICATE, evidence, round(jaccard, 3), by_citation=False
                )
        return found

    # -- derived --

    def _rare_limit(self) -> int:
        o = self.options
        return min(o.postings_cap, max(o.rare_df_min, int(o.rare_df_fraction * len(self))))

    def _derived_candidates(self, new: _Prepared) -> set[int]:
        o = self.options
        candidates: set[int] = set()
        for gram in set(new.grams):
            candidates.update(self._quote_postings.get(gram, ()))
        limit = self._rare_limit()
        shared: Counter[int] = Counter()
        for term in new.terms:
            if self._term_df[term] <= limit:
                shared.update(self._term_postings.get(term, ()))
        candidates.update(n for n, count in shared.items() if count >= o.candidate_shared_rare)
        return candidates

    def _derived(self, new: _Prepared, *, exclude: set[int]) -> list[Relation]:
        relations = []
        for number in sorted(self._derived_candidates(new) - exclude):
            relation = self._derived_pair(new, number)
            if relation is not None:
                relations.append(relation)
        return relations

    def _shared_quotations(self, new: _Prepared, old: _Entry) -> list[str]:
        """Passages of the new body that are a quotation in one report and text in both."""
        k = self.options.quote_words
        old_grams = {_stable_hash(g) for g in _ngrams(words(old.body), k)}
        new_grams = set(new.grams)
        shared = (new.quote_grams & old_grams) | (old.quote_grams & new_grams)
        if not shared:
            return []
        passages: list[str] = []
        start: int | None = None
        for i, gram in enumerate([*new.grams, None]):
            if gram is not None and gram in shared:
                if start is None:
                    start = i
            elif start is not None:
                last = min(i - 2 + k, len(new.spans) - 1)
                passage = " ".join(new.text[new.spans[start][0] : new.spans[last][1]].split())
                if passage not in passages:
                    passages.append(passage)
                start = None
        return passages

    def _cites(self, citing_cited: frozenset[str], citing_body: str, outlet: str | None) -> bool:
        if not outlet:
            return False
        keys = _outlet_keys(outlet)
        if keys & citing_cited:
            return True
        # Without annotations, a name in the text ("told Foreign Policy", "Source:
        # Polesie Wire") is the citation; case-sensitive, so "foreign policy" the
        # topic is not Foreign Policy the magazine.
        return any(
            re.search(rf"(?<!\w){re.escape(part)}(?!\w)", citing_body)
            for part in re.split(r"\s+[-|:–—]\s+", outlet)
            if len(part) >= 4 and part.strip().lower() not in _not_names()
        )

    def _derived_pair(self, new: _Prepared, number: int) -> Relation | None:
        o = self.options
        old = self._entries[number]
        same_outlet = bool(
            new.report.outlet
            and old.outlet
            and _outlet_keys(new.report.outlet) & _outlet_keys(old.outlet)
        )
        # An outlet naming itself ("told Reuters" in a Reuters story) cites nothing.
        new_cites = not same_outlet and self._cites(new.cited, new.report.body, old.outlet)
        old_cites = (
            not same_outlet
            and bool(new.report.outlet)
            and self._cites(old.cited, old.body, new.report.outlet)
        )
        passages = self._shared_quotations(new, old)
        limit = self._rare_limit()
        rare = (
            sorted(t for t in new.terms & old.terms if self._term_df[t] <= limit)
            if len(self) >= o.rarity_min_reports
            else []
        )
        rule = _derived_rule(
            passages=len(passages),
            cites=new_cites or old_cites,
            rare=len(rare),
            options=o,
        )
        if rule is None:
            return None
        parts = []
        if new_cites or old_cites:
            parts.append(f"cites {new.report.outlet if old_cites else old.outlet}")
        if passages:
            longest = max(passages, key=len)
            shown = longest if len(longest) <= 120 else longest[:117] + "..."
            parts.append(
                f'{len(passages)} shared quotation{"s" if len(passages) > 1 else ""} ("{shown}")'
            )
        if rare:
            parts.append(f"{len(rare)} shared rare names/numbers ({', '.join(rare[:6])})")
        # 1 - product of (1 - weight): independent pieces of evidence add up.
        score = 1.0
        for weight in (
            min(0.8, 0.5 + 0.15 * len(passages)) if passages else 0.0,
            0.6 if new_cites or old_cites else 0.0,
            min(0.5, 0.08 * len(rare)),
        ):
            score *= 1 - weight
        return self._relation(
            new,
            number,
            DERIVED,
            f"{rule}: " + "; ".join(parts),
            round(1 - score, 3),
            by_citation=new_cites != old_cites,
            new_cites=new_cites,
        )

    def _relation(
        self,
        new: _Prepared,
        number: int,
        kind: str,
        evidence: str,
        score: float,
        *,
        by_citation: bool,
        new_cites: bool = False,
    ) -> Relation:
        """The relation with ``a`` the derived side.

        The citing report derives from the cited one; otherwise the later
        published; when dates are unknown or equal, the one indexed later.
        """
        old = self._entries[number]
        if by_citation:
            new_is_a = new_cites
        else:
            new_is_a = _date_order(new.report.published, old.published) >= 0
        a, b = (new.report.doc, old.doc) if new_is_a else (old.doc, new.report.doc)
        return Relation(a=a, b=b, kind=kind, evidence=evidence, score=score)


_STATE_FIELDS = (
    "options",
    "_lsh",
    "_entries",
    "_by_key",
    "_by_identity",
    "_quote_postings",
    "_term_postings",
    "_term_df",
)


def _derived_rule(*, passages: int, cites: bool, rare: int, options: RecycledOptions) -> str | None:
    """Which combination of evidence makes a pair ``derived`` (None: not derived).

    No single kind is enough: an official's quotation is shared by every report
    of his press conference; outlets cite agencies they do not otherwise recycle;
    rare names are shared by two reports of one small event.
    """
    if passages and cites:
        return "quotation + citation"
    if options.derived_without_citation and passages >= 2 and rare >= 2:
        return "quotations + rare names"
    if cites and rare >= options.cite_shared_rare:
        return "citation + rare names"
    return None


def find_relations(
    reports: Iterable[ReportText], *, options: RecycledOptions | None = None
) -> list[Relation]:
    """Every relation among ``reports``: an index filled in their order (keys = doc)."""
    index = RecycledIndex(options)
    relations: list[Relation] = []
    for report in reports:
        relations.extend(index.add(report.doc, report))
    return relations
