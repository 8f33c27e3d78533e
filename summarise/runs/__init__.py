"""runs: documents in bulk: inputs, one output layout, the ledger, batches, exports, progress."""
