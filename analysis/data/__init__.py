"""The embedded data snapshot: its catalog, its tables' schemas, their validation and loading.

- ``catalog``     the catalog (``data/catalog.yml``): tables, indicators and their units
- ``schemas``     the rules every table's columns and rows follow
- ``validation``  reading tables as text and checking them before anything runs
- ``load``        the validated tables as pandas frames (``load_indicators``, ``load_table``)
- ``indicators``  generic computations on the long indicator table (shares, ratios, gaps)
"""
