"""Where the package's data files live (ontology, shapes, gazetteers, queries)."""

from __future__ import annotations

from pathlib import Path


def ontology_dir() -> Path:
    """The ontology/ folder: inside the installed wheel, or beside the package
    in a source checkout (editable install)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "ontology", here.parent / "ontology"):
        if (candidate / "diplomacy.ttl").is_file():
            return candidate
    raise FileNotFoundError(
        "ontology/diplomacy.ttl not found; reinstall diplomacy-kg (pip install -e .)"
    )


def queries_dir() -> Path:
    """The bundled SPARQL queries (kg/queries/*.rq)."""
    return Path(__file__).resolve().parent / "queries"
