"""Molecular targets as HGNC gene symbols, so that a target written as the document names it
("APRIL", "B7-H3", "Claudin 18.2") equals the same target written as its gene ("TNFSF13",
"CD276", "CLDN18").

A summary records targets as the document writes them (the schema forbids converting them
from memory, which is where a model invents), so gold and predictions may each hold either
form; evaluation, which may know the aliases, maps both sides to one symbol here.
"""

from __future__ import annotations

from typing import Any

from summarise.quality.matching.normalise import norm_name

TARGET_ALIASES: dict[str, tuple[str, ...]] = {
    "TNFSF13": ("APRIL", "a proliferation-inducing ligand"),
    "TNFSF13B": ("BAFF", "BLyS"),
    "TNFRSF13B": ("TACI",),
    "TNFRSF17": ("BCMA",),
    "TNFRSF4": ("OX40",),
    "TNFRSF8": ("CD30",),
    "TNFRSF9": ("4-1BB", "CD137"),
    "CD276": ("B7-H3",),
    "VTCN1": ("B7-H4",),
    "CD274": ("PD-L1", "B7-H1"),
    "PDCD1LG2": ("PD-L2",),
    "PDCD1": ("PD-1", "programmed death-1", "programmed cell death protein 1"),
    "HAVCR2": ("TIM-3",),
    "THRB": ("THR-beta", "thyroid hormone receptor beta", "thyroid hormone receptor β"),
    "HCRTR1": ("orexin 1 receptor", "orexin receptor 1", "OX1R"),
    "HCRTR2": (
        "orexin 2 receptor",
        "orexin receptor 2",
        "orexin receptor type 2",
        "OX2R",
        "hypocretin receptor 2",
    ),
    "MET": ("c-MET", "HGFR", "hepatocyte growth factor receptor"),
    "KIT": ("c-KIT",),
    "CLDN18": ("Claudin 18.2", "CLDN18.2", "Claudin 18"),
    "CLDN6": ("Claudin 6",),
    "ERBB2": ("HER2", "HER2/neu", "neu"),
    "ERBB3": ("HER3",),
    "EGFR": ("HER1", "ErbB1"),
    "TACSTD2": ("TROP2",),
    "CD3E": ("CD3", "CD3 epsilon"),
    "MS4A1": ("CD20",),
    "IL3RA": ("CD123",),
    "FOLR1": ("FRα", "folate receptor alpha", "folate receptor α"),
    "FOLH1": ("PSMA",),
    "MSLN": ("mesothelin",),
    "FCGRT": ("FcRn",),
    "TNF": ("TNF-α", "TNF-alpha"),
    "IL4R": ("IL-4Rα", "IL-4R alpha"),
    "VEGFA": ("VEGF",),
    "KDR": ("VEGFR2",),
    "GLP1R": ("GLP-1 receptor",),
    "GIPR": ("GIP receptor",),
    "GCGR": ("glucagon receptor",),
    "S1PR1": ("S1P1",),
    "LPA": ("lipoprotein(a)",),
    "APOC3": ("ApoC-III",),
}
"""HGNC symbol: the other names press releases give the target. CD3 maps to CD3E because
T-cell engagers bind the CD3 epsilon chain; a symbol that is its own name (JAK1, CD19, KRAS)
needs no entry, and case, spaces, hyphens and Greek letters never need one (``target_key``)."""

_GREEK = str.maketrans({"α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "κ": "k"})
"""Greek letters as HGNC spells them in symbols: THR-β is THRB, CD3ε is CD3E, SIRPα is SIRPA."""


def target_key(value: Any) -> str | None:
    """A target's name compared without case, punctuation or Greek letters: "THR-β" is "thrb"."""
    key = norm_name(value)
    return key.translate(_GREEK) if key else None


_SYMBOL_BY_KEY: dict[str, str] = {
    key: symbol
    for symbol, aliases in TARGET_ALIASES.items()
    for key in map(target_key, aliases)
    if key
}


def norm_target(value: Any) -> str | None:
    """The HGNC symbol of a target: "B7-H3" and "cd276" are "CD276", "jak-1" is "JAK1"."""
    key = target_key(value)
    if not key:
        return None
    return _SYMBOL_BY_KEY.get(key, key.upper())
