"""The bundled fictional cases, one YAML file per case (package data, so an installed tabletop finds them)."""
