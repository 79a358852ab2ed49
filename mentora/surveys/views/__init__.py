"""The survey pages, one module per part: a cohort's surveys, a wave, imports, exports, an
instrument, and the respondent's survey."""
