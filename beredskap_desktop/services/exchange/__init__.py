"""Sharing plans and action cards with neighbouring municipalities as a documented JSON
file (docs/formats/plans-and-cards.md): ``document`` reads and writes the format,
``export`` writes a file from the database, ``importing`` previews and imports one.
"""
