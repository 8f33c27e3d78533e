"""pricing: what a document's tokens cost, from genai-prices' maintained price table.

Unknown models (the embedded one, most self-hosted servers) have no price:
their cost is ``None`` and reports show tokens only, never a made-up figure.
"""

from __future__ import annotations

from functools import cache

from genai_prices import Usage, calc_price

from schemas import TokenUsage


@cache
def _known(model: str) -> bool:
    try:
        calc_price(Usage(input_tokens=1, output_tokens=1), model_ref=model)
    except LookupError:
        return False
    return True


def cost_usd(model: str, usage: TokenUsage) -> float | None:
    if not _known(model):
        return None
    price = calc_price(
        Usage(input_tokens=usage.prompt_tokens, output_tokens=usage.completion_tokens),
        model_ref=model,
    )
    return float(price.total_price)
