"""validator_scan: instructor's check for unsupported async validators, done once per model.

instructor 1.17 refuses response models that declare its async validators, and
to find out it walks the model's whole class tree (every nested model, every
attribute of every class in each MRO) five times per call. For the summary
schema that is about 2 ms of event-loop time per document: a quarter of a
batch's client-side work, and the difference between a concurrent batch
keeping pace with its requests or not. A class's validators are fixed once it
is defined, so a model that passed the check passes it forever; a model that
fails is checked, and fails, every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import instructor.v2.core.patch as instructor_patch
import instructor.v2.validation.async_validators as async_validators

_full_scan: Callable[[Any], None] = async_validators.reject_async_validators
_passed: set[Any] = set()


def reject_async_validators_once(response_model: Any) -> None:
    """instructor's ``reject_async_validators``, remembering the models that passed."""
    try:
        if response_model in _passed:
            return
    except TypeError:  # an unhashable annotation: check it, remember nothing
        _full_scan(response_model)
        return
    _full_scan(response_model)
    _passed.add(response_model)


def install() -> None:
    """Put the remembering check where instructor looks it up: its own module, which
    the call path imports from at each call, and the patch module, which imported the
    name when it loaded. Idempotent."""
    async_validators.reject_async_validators = reject_async_validators_once
    instructor_patch.reject_async_validators = reject_async_validators_once
