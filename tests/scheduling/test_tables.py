from regionforum.scheduling.tables import assign_tables


def test_assign_tables_keeps_a_participant_seated() -> None:
    # Participant 1 meets 2, 3 and 4 in a row; 5 and 6 meet at slot 2.
    slots = {1: 1, 2: 2, 3: 3, 4: 2, 5: 1}
    participants = {1: (1, 2), 2: (1, 3), 3: (1, 4), 4: (5, 6), 5: (7, 8)}
    tables = assign_tables(slots, participants, 2)
    assert tables[1] == tables[2] == tables[3]
    assert tables[4] != tables[2]
    assert {tables[1], tables[5]} == {1, 2}


def test_assign_tables_follows_the_participant_who_stays() -> None:
    # Slot 1: 1 with 2 at a table, 3 with 4 at another; slot 2: 3 meets 1. Both sat
    # somewhere, so the meeting takes one of their tables.
    slots = {1: 1, 2: 1, 3: 2}
    participants = {1: (1, 2), 2: (3, 4), 3: (3, 1)}
    tables = assign_tables(slots, participants, 2)
    assert tables[3] in (tables[1], tables[2])
