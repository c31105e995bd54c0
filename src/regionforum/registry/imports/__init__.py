"""The import pipeline: a region's sheet becomes agreements in the registry.

One stage per module, in the order `pipeline.import_run` calls them:
- `reading`: open the file (CSV, XLSX, XLS, ODS) and find the agreement sheet's header;
- `rows`: check each row and type its fields;
- `matching`: set the rows against earlier imports of the file, resolve organisations, and
  link the new rows with each other and with the registry;
- `writing`: store agreements, organisations, parties, money, sources, history and review items.
`jobs` runs the same import for files uploaded on the web; `uploads` refuses a file too large
or not a sheet, and deletes stored uploads after the retention period.
"""

from regionforum.registry.imports.jobs import (
    import_job_commit_valid,
    import_job_create,
    import_job_run,
    import_job_stage,
    import_job_waiting,
)
from regionforum.registry.imports.pipeline import ImportReport, import_run, reporter_country

__all__ = [
    "ImportReport",
    "import_job_commit_valid",
    "import_job_create",
    "import_job_run",
    "import_job_stage",
    "import_job_waiting",
    "import_run",
    "reporter_country",
]
