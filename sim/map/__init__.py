"""The case map: the decision graph (networkx, :mod:`.graph`) and its drawings (Mermaid and SVG, :mod:`.draw`)."""
