"""pipeline: the data path, one module per step.

load, clean, document, chunk, prompting, align, numbers, pages, ground,
merge, record: everything a summary needs except the model itself.
"""
