"""The extract for the local authority's joint strategic needs assessment (JSNA): the return's
tables about children (who is identified, their demographics, the patterns of abuse), with the
same suppression, and a rate per 10,000 children where the count is shown and the area's child
population is known."""

from __future__ import annotations

import csv
import io
from typing import Any

from seemehearme.returns.picture import PER

JSNA_TABLES = (
    "children",
    "children-age-band",
    "children-gender",
    "children-ethnicity",
    "children-disability",
    "children-care-status",
    "patterns",
)
HEADER = [
    "area_code",
    "period_start",
    "period_end",
    "table",
    "dimension_1",
    "value_1",
    "dimension_2",
    "value_2",
    "count",
    "suppressed",
    "rate_per_10000_children",
]


def jsna_csv(document: dict[str, Any]) -> str:
    population = document["area"]["child_population"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for table in document["tables"]:
        if table["id"] not in JSNA_TABLES:
            continue
        for cell in table["cells"]:
            pairs = list(cell["values"].items()) + [("", "")] * (2 - len(cell["values"]))
            count = cell["count"]
            writer.writerow(
                [
                    document["area"]["code"],
                    document["period"]["start"],
                    document["period"]["end"],
                    table["id"],
                    *[part for pair in pairs for part in pair],
                    "" if count is None else count,
                    "true" if cell["suppressed"] else "false",
                    f"{count * PER / population:.1f}" if count is not None and population else "",
                ]
            )
    return out.getvalue()
