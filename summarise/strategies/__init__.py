"""strategies: how a document becomes a summary, behind one interface and a registry."""
