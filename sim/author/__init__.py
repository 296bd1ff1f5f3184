"""Tools for case authors: exhaustive exploration and seeded play-throughs."""
