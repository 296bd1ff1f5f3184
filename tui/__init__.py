"""tabletop's front ends: the command line (``tui.cli``) and the Textual app (``tui.app``).

Importing this package imports nothing heavy: the command line loads Textual
only for the commands that open the app.
"""
