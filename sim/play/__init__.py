"""Playing a case: the session and its reducer, the hash-chained log, and the queries the app
asks of a session's state.

Knows nothing of review or authoring tools.
"""
