"""The decision graph of a case (networkx) and its exports, for authors and reviewers alike."""
