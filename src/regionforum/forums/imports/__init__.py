"""The programme's imports: a sheet of participants or of meeting requests becomes rows of a
forum's business programme.

One stage per module, in the order the `*_import_run` functions call them:
- `reading`: open the file with the agreement import's readers and map its header;
- `rows`: check each row and type its fields (refs, regions, lists, times, priorities);
- `participants` and `requests`: each holds one sheet's pipeline, read → parse → match → write.
"""

from regionforum.forums.imports.participants import participants_import_run
from regionforum.forums.imports.reading import ImportReport
from regionforum.forums.imports.requests import requests_import_run

__all__ = ["ImportReport", "participants_import_run", "requests_import_run"]
