"""What happens after an import: resolve the new or changed agency persons to children, then
re-run early warning for the children whose events changed. Set-based and incremental."""

from __future__ import annotations

from seemehearme.feeds.importer import ImportResult


def after_import(result: ImportResult) -> None:
    """Link the import's persons, then sweep the children whose events changed."""
    from seemehearme.earlywarning.sweep import sweep
    from seemehearme.identity.linking import link_persons

    area = result.batch.agency.area
    children = set(result.child_ids)
    if result.person_ids:
        outcome = link_persons(area=area, person_ids=result.person_ids)
        children |= outcome.affected_child_ids
    if children:
        sweep(area=area, child_ids=children)
