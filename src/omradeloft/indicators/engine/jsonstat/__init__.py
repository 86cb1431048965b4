"""Reading JSON-stat 2.0 datasets as returned by the PX-Web APIs of SSB and Oslo municipality.

A dataset is a cube: ``id`` lists the dimensions in order, ``size`` their category counts, and
``value`` holds one number per cell in row-major order (the last dimension varies fastest), either
as an array (``null`` = missing) or as a sparse object ``{"flat index": number}``. ``status``
marks cells, e.g. ``".."`` (not available) and ``":"`` (confidential) in SSB's convention; it is a
single string for every cell, an array, or a sparse object.

What is accepted beyond a plain ``{"class": "dataset", ...}`` document:

* A dataset without ``class`` (JSON-stat 1.x), including the 1.x placement of ``id``/``size``
  inside ``dimension``.
* A JSON-stat 1.x bundle ``{"<name>": {dataset}}`` holding exactly one dataset (as PX-Web's old
  ``json-stat`` format returns: ``{"dataset": {...}}``). A bundle with several datasets, a 2.0
  ``collection`` or a ``dimension`` document is refused, since the caller must pick a table.
* A ``status`` array of length one applies to every cell (a 1.x convention); an empty status
  string means "no status", like ``null``.
* A dimension with a single category may omit ``index``; its code is then the only key of
  ``label``. A category without a label is labelled with its code.

Everything else that does not fit the cube raises :class:`JsonStatError` naming the JSON path
(``$.dimension.Tid.category.index``) and, for cell-level problems, the cell with its categories.
Keys this module does not use (``role``, ``note``, ``extension``, ``link``, units...) and
dimensions in ``dimension`` that ``id`` does not list are ignored. Values must be JSON numbers or
``null``; strings, booleans, ``NaN`` and ``Infinity`` are errors.

Only numpy, pandas and the standard library are used, so this runs without Django.
"""

from omradeloft.indicators.engine.jsonstat.model import (
    Dataset,
    DatasetTooLargeError,
    Dimension,
    JsonStatError,
    describe_cell,
    to_frame,
)
from omradeloft.indicators.engine.jsonstat.parse import parse_dataset

__all__ = [
    "Dataset",
    "DatasetTooLargeError",
    "Dimension",
    "JsonStatError",
    "describe_cell",
    "parse_dataset",
    "to_frame",
]
