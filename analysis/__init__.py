"""Analysis package for the Russia–China partnership report.

Modules by concern:

- ``config``      paths, the default country pair, country groups, years
- ``schemas``     column rules for every raw table, with precise error messages
- ``data``        the catalog, citations and ``load_indicators()``
- ``indicators``  generic computations on the long indicator table (shares, ratios)
- ``geopolitics`` the chapter on global weight (claims G1, G2)
- ``verdicts``    the verdict vocabulary and the rule record every claim uses
- ``charts``      the house chart style and figure output with caption and source
- ``tables``      small HTML tables and verdict cards for the notebooks
- ``results``     each chapter's machine-readable results file
- ``params``      validation of notebook parameters before they reach papermill
- ``build``       the command line that executes notebooks and assembles the report
- ``report``      combining executed notebooks into one HTML document
- ``pdf``         printing that document with headless Chromium (the one list of browsers)
- ``files``       atomic writes, spreadsheet-safe CSV, publishing a report's files as one unit
"""

__all__ = ["config"]
