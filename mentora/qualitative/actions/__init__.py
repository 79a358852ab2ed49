"""Every write of a coding project, one named door each, audited (mentora.audit), each in one
transaction: projects and sources, the codebook, coding and memos, samples and adjudication."""

from mentora.qualitative.actions.codebook import (
    do_create_code,
    do_define_code,
    do_merge_codes,
    do_move_code,
    do_rename_code,
    do_split_code,
)
from mentora.qualitative.actions.coding import (
    do_apply_code,
    do_mark_coded,
    do_remove_coding,
    do_write_memo,
)
from mentora.qualitative.actions.projects import (
    QdaError,
    do_add_coder,
    do_add_transcript,
    do_create_project,
    do_import_comments,
    do_set_redactions,
)
from mentora.qualitative.actions.samples import do_adjudicate, do_draw_sample

__all__ = [
    "QdaError", "do_add_coder", "do_add_transcript", "do_adjudicate", "do_apply_code",
    "do_create_code", "do_create_project", "do_define_code", "do_draw_sample",
    "do_import_comments", "do_mark_coded", "do_merge_codes", "do_move_code",
    "do_remove_coding", "do_rename_code", "do_set_redactions", "do_split_code", "do_write_memo",
]
