"""Modal dialogs: the flag confirmation, the decision, an improvement item, a note, a yes/no question, help."""
