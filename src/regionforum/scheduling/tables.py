"""Tables for meetings whose slots are chosen: people stay put between consecutive meetings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping


def assign_tables(
    slots: dict[int, int],
    participants: dict[int, tuple[int, int]],
    tables: int,
    held: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """A table 1..tables for each meeting (meeting id -> table), slot by slot.

    A meeting in held (meeting id -> table) takes that table; the slots must leave at most one
    such meeting at a table.

    A meeting prefers the table where its participants sat in the previous slot (both of them
    count), then the table where they last sat at all; ties and the rest take the lowest free
    table. Greedy over (meeting, table) pairs by preference, which is a 1/2-approximation of the
    best matching and is exact in the usual case of at most one claimant per table.
    """
    by_slot: dict[int, list[int]] = defaultdict(list)
    for meeting, slot in slots.items():
        by_slot[slot].append(meeting)
    last_table: dict[int, int] = {}
    last_slot: dict[int, int] = {}
    result: dict[int, int] = {}
    for slot in sorted(by_slot):
        meetings = sorted(by_slot[slot])
        if len(meetings) > tables:
            raise ValueError(f"slot {slot} has {len(meetings)} meetings for {tables} tables")
        preferences: dict[tuple[int, int], int] = defaultdict(int)
        for meeting in meetings:
            for p in participants[meeting]:
                if p in last_table:
                    # Staying seated from the slot just before is worth more than returning.
                    weight = 3 if last_slot[p] == slot - 1 else 1
                    preferences[meeting, last_table[p]] += weight
        taken: set[int] = set()
        for meeting in meetings:
            if held and meeting in held:
                if held[meeting] in taken:
                    raise ValueError(f"slot {slot} has two meetings at table {held[meeting]}")
                result[meeting] = held[meeting]
                taken.add(held[meeting])
        for (meeting, table), _ in sorted(
            preferences.items(), key=lambda item: (-item[1], item[0])
        ):
            if meeting in result or table in taken:
                continue
            result[meeting] = table
            taken.add(table)
        free = (t for t in range(1, tables + 1) if t not in taken)
        for meeting in meetings:
            if meeting not in result:
                result[meeting] = next(free)
        for meeting in meetings:
            for p in participants[meeting]:
                last_table[p] = result[meeting]
                last_slot[p] = slot
    return result
