"""The case format: the model, reading YAML with positions, validation and its diagnostics,
the departments, the JSON Schema, the library of case files, the cache of checked cases, case size.

Knows nothing of sessions: it sits below play, map, author and review, above the guard.
"""
