"""Statistics for program evaluation: pure (pandas, scipy, statsmodels; no Django).

Pages, exports and the `mentora stats` command all call these functions, so a figure is computed
one way everywhere.
"""

from .errors import StatsError
from .groups import GroupMean, Share, means_by_group, share, shares_by_group
from .prepost import CSV_COLUMNS, PrePostRow, prepost, prepost_arrays, prepost_wide
from .proportions import McNemarResult, ProportionDifference, mcnemar_exact, two_proportions
from .pvalues import format_p
from .scales import scale_score
from .scholarship import ScholarshipRow, count_by_period, scholarly_output
from .suppression import (
    INTERNAL_THRESHOLD,
    PUBLICATION_THRESHOLD,
    Cell,
    SuppressedTable,
    suppress_counts,
    suppress_frame,
    suppress_table,
)
from .tables import (
    ItemSection,
    ManuscriptTable,
    TableRow,
    prepost_table,
    records_table,
    scholarship_table,
)

__all__ = [
    "CSV_COLUMNS",
    "INTERNAL_THRESHOLD",
    "PUBLICATION_THRESHOLD",
    "Cell",
    "GroupMean",
    "ItemSection",
    "ManuscriptTable",
    "McNemarResult",
    "PrePostRow",
    "ProportionDifference",
    "ScholarshipRow",
    "Share",
    "StatsError",
    "SuppressedTable",
    "TableRow",
    "count_by_period",
    "format_p",
    "mcnemar_exact",
    "means_by_group",
    "prepost",
    "prepost_arrays",
    "prepost_table",
    "prepost_wide",
    "records_table",
    "scale_score",
    "scholarly_output",
    "scholarship_table",
    "share",
    "shares_by_group",
    "suppress_counts",
    "suppress_frame",
    "suppress_table",
    "two_proportions",
]
