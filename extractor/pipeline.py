"""The extraction pipeline: a spaCy Language with govkg's components.

By default the base is ``spacy.blank("zh")`` segmenting with rjieba (jieba's
algorithm and dictionary in Rust), or with jieba itself when the user names it
(``segmenter="jieba"``); see `govkg.extractor.tokenizer`.  A user with a
trained Chinese pipeline names it instead (``base="zh_core_web_trf"``) and
govkg's components are added after its own.  The components work on
character offsets, so they do not depend on how the base segments.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# Importing the modules registers their factories.
from .components import (actions, agencies, links, places, policies, programs, purposes, quantities,  # noqa: F401
                         report, spans, vocab)
from .tokenizer import DEFAULT_SEGMENTER, SEGMENTERS

__all__ = ["COMPONENTS", "SEGMENTERS", "build_pipeline", "default_pipeline"]

COMPONENTS = (
    "govkg_vocab",  # the shared word lists, read by the components after it
    "govkg_report",
    "govkg_agencies",
    "govkg_places",
    "govkg_policies",
    "govkg_purposes",
    "govkg_programs",
    "govkg_quantities",
    "govkg_actions",
    "govkg_links",
    "govkg_spans",
)


def build_pipeline(base: str | None = None, *, config: dict[str, dict] | None = None,
                   segmenter: str = DEFAULT_SEGMENTER) -> Language:
    """Build a pipeline with govkg's components.

    Parameters
    ----------
    base : str, optional
        A spaCy pipeline to load and extend (a package name or a path).
        Default: ``spacy.blank("zh")`` with govkg's tokenizer.
    config : dict, optional
        Settings per component, e.g. ``{"govkg_agencies": {"patterns": "my.jsonl"}}``;
        ``{"govkg_vocab": {"patterns": "words.jsonl"}}`` replaces the shared word lists.
    segmenter : {"rjieba", "jieba"}
        What segments the blank pipeline's text: rjieba (the default, fast)
        or jieba. Not used with ``base``, which brings its own tokenizer.

    Returns
    -------
    spacy.language.Language

    Raises
    ------
    ValueError
        For a segmenter other than those of `SEGMENTERS`.

    Examples
    --------
    >>> nlp = build_pipeline()
    >>> nlp.pipe_names[:3], nlp.tokenizer.segmenter
    (['govkg_vocab', 'govkg_report', 'govkg_agencies'], 'rjieba')
    >>> build_pipeline(segmenter="jieba").tokenizer.segmenter
    'jieba'
    """
    if segmenter not in SEGMENTERS:
        raise ValueError(f"unknown segmenter {segmenter!r}; choose one of {', '.join(SEGMENTERS)}")
    if base:
        nlp = spacy.load(base)
    else:
        tokenizer = {"@tokenizers": "govkg.ChineseTokenizer.v1", "segmenter": segmenter}
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}})
    for name in COMPONENTS:
        nlp.add_pipe(name, config=(config or {}).get(name, {}))
    return nlp


@lru_cache(maxsize=4)
def default_pipeline(base: str | None = None, segmenter: str = DEFAULT_SEGMENTER) -> Language:
    """The pipeline built once per process and reused (building loads every pattern file)."""
    return build_pipeline(base, segmenter=segmenter)
