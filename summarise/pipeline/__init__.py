"""pipeline: the data path, one module per step.

load, clean, document, chunk, prompting, sentences, align, numbers, lexicon,
claims, pages, ground, merge, record: everything a summary needs except the
model itself.
"""
