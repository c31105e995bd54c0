"""Improve a complete schedule by Kempe-chain moves under simulated annealing.

A schedule is an edge colouring: participants are vertices, meetings edges, slots colours, and
nobody has two meetings of one colour. Take a meeting at slot t and another slot u: the
meetings at t or u that are linked to it through shared participants form a chain (a path,
since everybody has at most one meeting at t and one at u). Swapping t and u along the whole
chain keeps everybody in it busy at the same slots, except the two participants at its ends,
each of whom trades one slot for the other. So a move changes the breaks of two participants
only, whatever the chain's length, and costs little to judge: single moves and the swaps of
repair.py are its shortest chains.

The search picks a meeting of a participant with breaks and a slot, and takes the chain if it
does not add breaks, or else with the probability exp(-added / temperature), the temperature
falling over the time given. The tables hold after every move, and nobody's breaks leave
[fewest, fewest + d] (the fairness limit) or, for someone above it at the start, grow; a
move that brings someone back within it weighs more than any number of breaks, so an unfair
schedule is repaired on the way. The best schedule met is returned.

Meetings with a fixed slot or a precedence keep their slot (a chain through one is not
taken); meetings that are not placed stay out.
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict

from regionforum.scheduling.problem import Problem
from regionforum.scheduling.progress import Say

# Temperatures at the start and at the end of the search: a move that adds one break is taken
# with probability exp(-1 / T). Chains longer than _MAX_CHAIN meetings are not taken.
_HOT = 0.3
_COLD = 0.03
_MAX_CHAIN = 60
# A break above the fairness limit costs as much as this many others.
_EXCESS = 100
# The share of moves that take a meeting into an idle slot inside its participant's day.
_AIMED = 0.5
# The clock, the temperature and the list of participants with breaks are brought up to date
# every _BATCH moves; progress is reported at most every _REPORT_EVERY seconds.
_BATCH = 2_000
_REPORT_EVERY = 5.0


def _breaks(mask: int) -> int:
    """Breaks of a busy-slot bit mask: its runs of ones, minus one."""
    return max(0, (mask & ~(mask << 1)).bit_count() - 1)


def anneal(
    problem: Problem,
    slots: dict[int, int],
    *,
    fairness: int | None,
    deadline: float,
    seed: int = 0,
    say: Say | None = None,
) -> dict[int, int]:
    """A schedule found by deadline with no more breaks above the fairness limit than slots,
    and no more breaks if as many; slots is left as it is."""
    rng = random.Random(seed)  # noqa: S311 - reproducible search, not cryptography
    forbidden = problem.forbidden_by_participant()
    followers = {before for m in problem.meetings for before in m.after}
    person = {p.id: index for index, p in enumerate(problem.participants)}
    placed = [m for m in problem.meetings if m.id in slots]
    ids = [m.id for m in placed]
    first = [person[m.participants[0]] for m in placed]
    second = [person[m.participants[1]] for m in placed]
    movable = [m.fixed_slot is None and not m.after and m.id not in followers for m in placed]
    # Slots are bits 0..slots-1 from here on.
    domain = [sum(1 << (t - 1) for t in problem.allowed_slots(m, forbidden)) for m in placed]
    colour = [slots[m.id] - 1 for m in placed]
    size = len(problem.participants)
    at: list[dict[int, int]] = [{} for _ in range(size)]
    mask = [0] * size
    load = [0] * problem.slots
    meetings_of: dict[int, list[int]] = defaultdict(list)
    for e, t in enumerate(colour):
        load[t] += 1
        for p in (first[e], second[e]):
            at[p][t] = e
            mask[p] |= 1 << t
            if movable[e]:
                meetings_of[p].append(e)
    breaks = [_breaks(m) for m in mask]
    low = min(breaks, default=0)
    high = low + fairness if fairness is not None else problem.slots
    total = sum(breaks)
    excess = [max(0, b - high) for b in breaks]
    unfair = sum(excess)
    best, best_colour = (unfair, total), list(colour)
    tables = problem.tables
    slot_count = problem.slots
    started = time.monotonic()
    span = max(1e-3, deadline - started)
    next_report = started + _REPORT_EVERY
    temperature = _HOT

    def chain(e: int, t: int, u: int) -> tuple[list[int], int, int] | None:
        """The meetings of e's chain between t and u and its two ends, or None if it cannot
        be swapped (a meeting that must stay or may not take the other slot, a cycle, or too
        long)."""
        members = [e]
        ends = []
        for start in (first[e], second[e]):
            vertex, want, other = start, u, t
            previous = e
            while True:
                nxt = at[vertex].get(want)
                if nxt is None:
                    ends.append(vertex)
                    break
                if nxt == e or len(members) >= _MAX_CHAIN:
                    return None
                if not movable[nxt] or not domain[nxt] >> other & 1:
                    return None
                members.append(nxt)
                previous = nxt
                vertex = second[previous] if first[previous] == vertex else first[previous]
                want, other = other, want
        return members, ends[0], ends[1]

    while True:
        breakers = [p for p in meetings_of if breaks[p]]
        if not breakers:
            break
        # While someone is above the fairness limit, half the moves start from them.
        unfair_ones = [p for p in breakers if excess[p]]
        for _ in range(_BATCH):
            p = rng.choice(unfair_ones if unfair_ones and rng.random() < 0.5 else breakers)
            e = rng.choice(meetings_of[p])
            t = colour[e]
            choices = domain[e] & ~(1 << t)
            # Half the moves aim at an idle slot inside p's day, which closes a break of p.
            busy = mask[p]
            gaps = choices & ~busy & ((1 << busy.bit_length()) - 1) & -(busy & -busy)
            if gaps and rng.random() < _AIMED:
                choices = gaps
            if not choices:
                continue
            u = rng.choice([v for v in range(slot_count) if choices >> v & 1])
            found = chain(e, t, u)
            if found is None:
                continue
            members, x, y = found
            moving_to_u = sum(1 for m in members if colour[m] == t)
            shift = moving_to_u - (len(members) - moving_to_u)
            if load[u] + shift > tables or load[t] - shift > tables:
                continue
            swap = 1 << t | 1 << u
            new_x = mask[x] ^ swap
            new_y = mask[y] ^ swap
            bx, by = _breaks(new_x), _breaks(new_y)
            if bx < low or by < low:
                continue
            # Breaks above the fairness limit weigh more than any number of others, and
            # none is added: a schedule that starts unfair is repaired on the way.
            over_x, over_y = max(0, bx - high), max(0, by - high)
            if over_x > excess[x] or over_y > excess[y]:
                continue
            over = over_x + over_y - excess[x] - excess[y]
            added = bx + by - breaks[x] - breaks[y]
            worse = added + _EXCESS * over
            if worse > 0 and rng.random() >= math.exp(-worse / temperature):
                continue
            for m in members:
                old = colour[m]
                del at[first[m]][old]
                del at[second[m]][old]
            for m in members:
                new = u if colour[m] == t else t
                colour[m] = new
                at[first[m]][new] = m
                at[second[m]][new] = m
            load[u] += shift
            load[t] -= shift
            mask[x], mask[y] = new_x, new_y
            breaks[x], breaks[y] = bx, by
            excess[x], excess[y] = over_x, over_y
            total += added
            unfair += over
            if (unfair, total) < best:
                best, best_colour = (unfair, total), list(colour)
        now = time.monotonic()
        if now >= deadline:
            break
        temperature = _HOT * (_COLD / _HOT) ** min(1.0, (now - started) / span)
        if say is not None and now >= next_report:
            say(f"Kempe-chain search: {best[1]} breaks", best_breaks=best[1])
            next_report = now + _REPORT_EVERY
    return {ids[e]: t + 1 for e, t in enumerate(best_colour)}
