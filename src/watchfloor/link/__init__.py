"""Cross-article linking: the stages that read many articles at once.

``recycled`` finds reports that recycle other reports (copies, lightly edited
copies, paraphrased relays) so that one source is never counted twice.
"""

from watchfloor.link.recycled import (
    RecycledIndex,
    RecycledOptions,
    ReportText,
    find_relations,
    report_text,
)

__all__ = ["RecycledIndex", "RecycledOptions", "ReportText", "find_relations", "report_text"]
