"""core: what every layer shares: errors, settings, token counting, policies.

It imports nothing of summarise, so any layer may import it.
"""
