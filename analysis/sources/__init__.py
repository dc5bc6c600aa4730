"""The publishers' files the snapshot is derived from, one module per source.

Each module reads its publisher's own file format and derives the tidy table the build uses.
The files themselves are not part of the project: the ingest reads them from the shared data
folder beside the project when they are present and says so when they are absent, and the
derived tables are committed under ``data/raw/``.
"""
