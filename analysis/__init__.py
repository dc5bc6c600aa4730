"""The partnership report's code, laid out as the pipeline flows: sources → data → chapters →
claims → render → build. Each layer imports only the layers below it (the contract is declared in
``pyproject.toml`` and checked by ``lint-imports`` in the tests).

- ``config``, ``params``, ``codes``, ``files``  paths and settings; the notebook parameters; country
  codes; atomic writes, CSV text and Parquet tables of text
- ``sources/``      one module per publisher's source: where it is fetched, how it is cut, parsed and
  cited; ``python -m analysis.sources`` derives the tables in ``data/raw/`` from the publishers' files
- ``data/``         the catalog, the tables' schemas (pandera), validation, and loading the validated
  tables (``data.load``)
- ``chapters/``     the registry (chapters are found from ``notebooks/NN_<name>.ipynb``) and one
  package per chapter: ``__init__`` (TABLES, CLAIMS, ``analyse``), ``measures``, ``rules``
  (thresholds first, then the verdict rules) and ``views`` (what the notebook shows)
- ``claims/``       the claim and verdict records, each chapter's results file, the ledger
- ``render/``       the charts (house style in ``figures``), HTML tables and verdict cards, the
  assembled HTML report and its PDF
- ``dependencies``, ``execution``, ``build``  what each chapter depends on, running one notebook,
  and the command line the Makefile calls; ``refresh`` fetches the publishers' newest data

Where a new thing goes: a source in ``sources/<id>.py`` with its table in the catalog; a chart kind
in ``render/charts.py``; a rule in its chapter's ``rules.py`` (its claim in the chapter's CLAIMS);
a chapter as ``notebooks/NN_<name>.ipynb`` with ``chapters/<name>/``.
"""
