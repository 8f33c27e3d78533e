"""llm: talking to a model.

The endpoint and its session, the embedded server, transport retries, rate
limits, metering, pricing and cassette replay.
"""
