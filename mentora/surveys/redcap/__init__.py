"""REDCap projects into a cohort's waves and back out, through the interchange core.

Import is all or nothing: the dictionary, events and every cell of the records are checked by
the interchange core before anything is written (`reading`), and the writes share one
transaction (`importing`). Each REDCap event becomes a wave; a project without events becomes
one wave. `exporting` writes a cohort's answers back as REDCap's files.
"""

from mentora.surveys.problems import ImportProblem
from mentora.surveys.redcap.exporting import (
    ExportProblem,
    RedcapExport,
    cohort_instruments,
    export_redcap,
    instrument_dictionary,
    project_tables,
)
from mentora.surveys.redcap.importing import ImportReport, do_import_redcap, do_write_redcap
from mentora.surveys.redcap.reading import (
    CheckedProject,
    check_project,
    instrument_misfits,
    parse_project,
    record_misfits,
)

__all__ = [
    "CheckedProject",
    "ExportProblem",
    "ImportProblem",
    "ImportReport",
    "RedcapExport",
    "check_project",
    "cohort_instruments",
    "do_import_redcap",
    "do_write_redcap",
    "export_redcap",
    "instrument_dictionary",
    "instrument_misfits",
    "parse_project",
    "project_tables",
    "record_misfits",
]
