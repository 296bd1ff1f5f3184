"""The app's top-level screens, one module each."""
