"""matching: which fact of one summary is the same real-world thing as a fact of another.

Shared by the scorer (``summarise.quality.evaluate``: gold against a run) and the run
diff (``summarise.quality.diff``: run A against run B), so that both pair items the
same way. ``summarise.pipeline.merge.FACT_KEYS`` cannot serve here: merge keys are
exact hashes that include the very values being compared (a result's key holds
its arm value), so a changed number would look like a different fact. Here a
pair is *compatible* when its key fields agree after normalisation - a drug by
name, INN, brand or development code; a company by name, legal suffixes and
acronyms aside; an event by agency and kind of action (an accelerated approval
is an approval), or by agency and date; a trial by (drug, phase); a result by
endpoint or arm value; a deal by type and parties or amount; a caveat by kind -
and among compatible pairs an assignment maximising the number of agreeing
fields decides which is which (Hungarian algorithm).

The normalisers make equal what an analyst would call equal: case, spacing and
punctuation in names; "U.S. Food and Drug Administration" and "FDA"; "24
weeks" and "week 24"; "$223 million" and 223000000 USD; "June 25, 2024" and
2024-06-25; "40%" and 40; "B7-H3" and "CD276". Numbers are equal within a
relative tolerance of 1e-6, so 49.5 and 50 differ.

Modules, by concept: ``entities`` (the scored entity types), ``normalise``
(value normalisers), ``places`` (agencies, territories, jurisdictions),
``targets`` (molecular targets as HGNC symbols), ``names`` (name and action
compatibility), ``fields`` (field comparison) and ``assign`` (same-item rules
and one-to-one pairing).
"""

from summarise.quality.matching.assign import label, match_items
from summarise.quality.matching.entities import ENTITY_TYPES, items_of
from summarise.quality.matching.fields import compare_items
from summarise.quality.matching.normalise import (
    norm_date,
    norm_money,
    norm_number,
    norm_timepoint,
    numbers_equal,
)
from summarise.quality.matching.places import norm_agency, norm_place

__all__ = [
    "ENTITY_TYPES",
    "compare_items",
    "items_of",
    "label",
    "match_items",
    "norm_agency",
    "norm_date",
    "norm_money",
    "norm_number",
    "norm_place",
    "norm_timepoint",
    "numbers_equal",
]
