"""registry: the strategies by name, and which one a run uses.

Adding a strategy means a module implementing :class:`~summarise.strategies.base.Strategy`
and one line in :data:`STRATEGIES`; nothing else names a strategy.
"""

from __future__ import annotations

from summarise.core.errors import ConfigurationError
from summarise.core.settings import AUTO_STRATEGY, Settings
from summarise.strategies.base import Strategy
from summarise.strategies.full import FullStrategy
from summarise.strategies.pick import PickStrategy

STRATEGIES: dict[str, Strategy] = {
    strategy.name: strategy for strategy in (FullStrategy(), PickStrategy())
}
FOR_EMBEDDED_MODEL = "pick"
"""``auto`` on the embedded model: a few hundred million parameters can pick, not write."""
FOR_CAPABLE_MODEL = "full"
"""``auto`` on OpenAI or any other server: a model there can write the whole summary."""


def strategy_name(settings: Settings) -> str:
    """The strategy a run uses; a name nothing registers is a one-line configuration error."""
    if settings.strategy == AUTO_STRATEGY:
        return FOR_EMBEDDED_MODEL if settings.uses_local_model else FOR_CAPABLE_MODEL
    if settings.strategy not in STRATEGIES:
        known = ", ".join(sorted(STRATEGIES))
        raise ConfigurationError(f"unknown strategy {settings.strategy!r} (choose {known})")
    return settings.strategy


def batch_carried() -> list[str]:
    """The strategies a provider Batch API can carry, for a message that names them."""
    return sorted(name for name, strategy in STRATEGIES.items() if strategy.batch is not None)


def strategy_for(settings: Settings) -> Strategy:
    return STRATEGIES[strategy_name(settings)]
