"""After a session: replay, the report, the debrief, diff, follow-up items and stats across
sessions.
"""
