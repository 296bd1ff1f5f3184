"""tabletop's engine: the scenario format, loading and validation, sessions, the guard.

Pure Python: nothing in ``sim`` imports Textual or Rich (a test proves it), so
everything the app shows can be computed, tested and reported without a
terminal.
"""

__version__ = "0.1.0"
