"""A MaxSAT model of the slot problem, solved by UWrMaxSAT beside CP-SAT.

CP-SAT and a core-guided MaxSAT solver fail on different instances: CP-SAT's search stalls
where the tables are scarce, and that is where clause learning with cores proves the optimum
in seconds (after Bofill et al., JAIR 2022, whose best approach was UWrMaxSAT). So the scheduler
runs both at once and keeps the first proof.

The clauses: x[m,t] (meeting m at slot t), used[p,t] (participant p busy at t, exactly), after[p,t]
(p busy at some slot >= t) and gap[p,t] (p idle at t, busy at t-1 and busy later: the first slot
of a break). Each gap is a soft unit of weight 1, so the cost is the number of breaks. A
participant without breaks is busy for the n slots of one window, chosen by a one-hot start;
this is what lets the search place whole agendas at once. An optional meeting left out costs
its priority times more than every break together.

UWrMaxSAT cannot be interrupted in-process, so it runs in a child process that is killed when
the caller's search ends; the caller keeps CP-SAT's best schedule then.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from regionforum.scheduling.breaks import unscheduled_priority
from regionforum.scheduling.problem import Meeting, Problem, Status
from regionforum.scheduling.restrictions import Restrictions

if TYPE_CHECKING:
    from pysat.formula import WCNF, IDPool


@dataclass(frozen=True, slots=True)
class Answer:
    """The MaxSAT verdict: optimal slots, or infeasible (no slots)."""

    status: Status
    slots: dict[int, int]
    unscheduled_priority: int


@dataclass(slots=True)
class _Encoding:
    wcnf: WCNF
    x: dict[tuple[int, int], int]


# The two UWrMaxSAT builds in hermax: the current one and the MaxSAT Evaluation 1.4 build.
# Neither is faster on every instance, so a hard problem gets both. They also take the meetings
# in different orders, which keeps their searches apart: on two variants of forum-13crafb
# with precedences, the 1.4 build took 23 s and over 90 s by pair, 50 s and 24 s by agenda.
BACKENDS = {"uwrmaxsat": "UWrMaxSATSolver", "uwrmaxsat-1.4": "UWrMaxSATCompSolver"}
_BY_AGENDA = {"uwrmaxsat": True, "uwrmaxsat-1.4": False}
# The SAT climb (climb()), raced like a backend where every meeting is required; start is the
# proven bound it climbs from.
CLIMB = "cadical"


def available(backend: str = "uwrmaxsat") -> bool:
    """Whether the MaxSAT solver can be loaded on this machine."""
    try:
        import hermax.core

        getattr(hermax.core, BACKENDS[backend])
    except (ImportError, OSError, AttributeError):
        return False
    return True


def encode(
    problem: Problem,
    *,
    fairness: int | None,
    lower_bounds: dict[int, int],
    by_agenda: bool = True,
) -> _Encoding:
    """The weighted CNF of the problem; see the module docstring for the variables.

    lower_bounds are proven per-participant minima of breaks, added as hard clauses. Implied
    counts (busy slots per participant, busy participants per slot) are added too: with the
    tables' counts in modulo totalizers they let the solver prove all 20 benchmark instances.
    by_agenda chooses the order in which meetings enter (see _ordered).
    """
    from pysat.formula import WCNF, IDPool

    pool = IDPool()
    wcnf = WCNF()
    forbidden = problem.forbidden_by_participant()
    ordered = _ordered(problem, by_agenda=by_agenda)
    domains = {m.id: problem.allowed_slots(m, forbidden) for m in ordered}
    meetings = {m.id: m for m in ordered}

    def card(lits: list[int], bound: int, kind: str, *, counting: bool = False) -> None:
        _card(wcnf, pool, lits, bound, kind, counting=counting)

    x = {(m.id, t): pool.id(("x", m.id, t)) for m in ordered for t in domains[m.id]}
    by_participant: dict[int, list[int]] = defaultdict(list)
    for meeting in ordered:
        if domains[meeting.id]:
            for p in meeting.participants:
                by_participant[p].append(meeting.id)
    # Priority outweighs every possible break: at most (slots - 1) // 2 per participant.
    weight = len(problem.participants) * (problem.slots // 2) + 1
    for meeting in ordered:
        lits = [x[meeting.id, t] for t in domains[meeting.id]]
        if meeting.required:
            if lits:
                wcnf.append(lits)
            else:
                card(lits, 1, "atleast")  # at least 1 of no slot: a contradiction
        elif lits and meeting.priority > 0:
            wcnf.append(lits, weight=meeting.priority * weight)
        if len(lits) > 1:
            card(lits, 1, "atmost")
    for t in range(1, problem.slots + 1):
        lits = [x[m.id, t] for m in ordered if (m.id, t) in x]
        if len(lits) > problem.tables:
            card(lits, problem.tables, "atmost", counting=True)
    rules = Restrictions(problem)
    for held in rules.at_table.values():
        for t in range(1, problem.slots + 1):
            lits = [x[m, t] for m in held if (m, t) in x]
            if len(lits) > 1:
                card(lits, 1, "atmost")
    for meeting in ordered:
        for before in meeting.after:
            # `before` sits strictly earlier: meeting at t excludes `before` at t or later.
            for t in domains[meeting.id]:
                for u in domains[before]:
                    if u >= t:
                        wcnf.append([-x[meeting.id, t], -x[before, u]])

    busy_at: dict[int, list[int]] = defaultdict(list)
    gaps: dict[int, list[int]] = {}
    for p, mine in by_participant.items():
        slots = sorted({t for m in mine for t in domains[m]})
        used: dict[int, int] = {}
        for t in slots:
            used[t] = pool.id(("used", p, t))
            lits = [x[m, t] for m in mine if (m, t) in x]
            for lit in lits:
                wcnf.append([-lit, used[t]])
            wcnf.append([-used[t], *lits])
            if len(lits) > 1:
                card(lits, 1, "atmost")
            busy_at[t].append(used[t])
        for window in rules.run_windows(p):
            if all(t in used for t in window):
                wcnf.append([-used[t] for t in window])
        required = all(meetings[m].required for m in mine)
        if required:
            card(list(used.values()), len(mine), "equals", counting=True)
        after: dict[int, int] = {}
        for t in range(problem.slots, 0, -1):
            after[t] = pool.id(("after", p, t))
            parts = [lit for lit in (used.get(t), after.get(t + 1)) if lit is not None]
            for lit in parts:
                wcnf.append([-lit, after[t]])
            wcnf.append([-after[t], *parts])
        mine_gaps = []
        for t in range(2, problem.slots):
            if t - 1 not in used:
                continue
            gap = pool.id(("gap", p, t))
            conditions = [used[t - 1], after[t + 1]] + ([-used[t]] if t in used else [])
            for lit in conditions:
                wcnf.append([-gap, lit])
            wcnf.append([gap, *(-lit for lit in conditions)])
            wcnf.append([-gap], weight=1)
            mine_gaps.append(gap)
        gaps[p] = mine_gaps
        if lower_bounds.get(p):
            card(mine_gaps, lower_bounds[p], "atleast")
        if required and len(mine) >= 2:
            _add_windows(wcnf, pool, p, len(mine), used, mine_gaps)
    for busy in busy_at.values():
        if len(busy) > 2 * problem.tables:
            card(busy, 2 * problem.tables, "atmost", counting=True)
    if fairness is not None:
        _add_fairness(wcnf, pool, problem, gaps, fairness)
    return _Encoding(wcnf, x)


def _ordered(problem: Problem, *, by_agenda: bool) -> list[Meeting]:
    """The meetings in the order they enter the model, which the solvers' time depends on.

    By agenda, the longest agendas come first: a participant ranks by its number of meetings,
    then its number, and a meeting by its two participants' ranks, so the order follows the
    forum, not its numbering. With meetings sorted by their pair instead, renumbering the
    participants of forum-13crafc took the current build from 4 s to over a minute. Either way
    the order does not depend on the order of the meetings in the file (shuffling them took
    forum-13crafc from 5 s to over a minute).
    """
    if not by_agenda:
        return sorted(problem.meetings, key=lambda m: (m.participants, m.id))
    size = Counter(p for m in problem.meetings for p in m.participants)
    return sorted(
        problem.meetings, key=lambda m: (sorted((-size[p], p) for p in m.participants), m.id)
    )


def _card(
    wcnf: WCNF,
    pool: IDPool,
    lits: list[int],
    bound: int,
    kind: str,
    *,
    counting: bool = False,
    guard: int | None = None,
) -> None:
    """A cardinality constraint ("atmost", "atleast" or "equals"), enforced only when guard is
    true if one is given. The counts (tables, implied counts) use the modulo totalizer, which
    proves scarce tables far faster than a sequential counter."""
    from pysat.card import CardEnc, EncType

    if kind != "atmost" and bound > len(lits):
        contradiction = pool.id(("contradiction",))
        clauses = [[contradiction], [-contradiction]]
    else:
        make = {"atmost": CardEnc.atmost, "atleast": CardEnc.atleast, "equals": CardEnc.equals}
        encoding = EncType.mtotalizer if counting else EncType.seqcounter
        clauses = make[kind](lits, bound=bound, vpool=pool, encoding=encoding).clauses
    for clause in clauses:
        wcnf.append(clause if guard is None else [-guard, *clause])


def _add_windows(
    wcnf: WCNF, pool: IDPool, p: int, n: int, used: dict[int, int], gaps: list[int]
) -> None:
    """Without breaks, participant p is busy exactly in one window of n consecutive slots."""
    unbroken = pool.id(("unbroken", p))
    for gap in gaps:
        wcnf.append([-unbroken, -gap])
    wcnf.append([unbroken, *gaps])
    starts = {
        first: pool.id(("start", p, first))
        for first in used
        if all(first + k in used for k in range(n))
    }
    wcnf.append([-unbroken, *starts.values()])
    _card(wcnf, pool, list(starts.values()), 1, "atmost")
    for first, start in starts.items():
        for t, busy in used.items():
            wcnf.append([-start, busy] if first <= t < first + n else [-start, -busy])
    for t, busy in used.items():
        cover = [start for first, start in starts.items() if first <= t < first + n]
        wcnf.append([-busy, -unbroken, *cover])


def _add_fairness(
    wcnf: WCNF, pool: IDPool, problem: Problem, gaps: dict[int, list[int]], fairness: int
) -> None:
    """max breaks - min breaks <= fairness, with the minimum m in unary: low[k] is m >= k."""
    from pysat.card import ITotalizer

    if any(not gaps.get(participant.id) for participant in problem.participants):
        # Someone can have no break at all, so the fewest is 0: at most `fairness` each. Far
        # lighter than the unary minimum, which the solver pays for on every instance.
        for mine in gaps.values():
            if len(mine) > fairness:
                _card(wcnf, pool, mine, fairness, "atmost")
        return
    most = (problem.slots - 1) // 2
    low = {k: pool.id(("low", k)) for k in range(1, most + 2)}
    for k in range(1, most + 1):
        wcnf.append([-low[k + 1], low[k]])
    for participant in problem.participants:
        mine = gaps.get(participant.id, [])
        if not mine:
            wcnf.append([-low[1]])
            continue
        top = pool.top
        totalizer = ITotalizer(lits=mine, ubound=len(mine), top_id=top)
        pool.top = totalizer.top_id
        for clause in totalizer.cnf.clauses:
            wcnf.append(clause)
        # totalizer.rhs[i] is implied by "at least i + 1 gaps". At least k + fairness + 1
        # breaks needs m >= k + 1.
        for k in range(len(mine) - fairness):
            above = totalizer.rhs[k + fairness]
            wcnf.append([-above, low[k + 1]] if k + 1 in low else [-above])
        # m >= k needs at least k breaks here.
        for k in range(1, most + 2):
            if k > len(mine):
                wcnf.append([-low[k]])
                continue
            _card(wcnf, pool, mine, k, "atleast", guard=low[k])
        totalizer.delete()


def _solve(
    problem: Problem,
    fairness: int | None,
    lower_bounds: dict[int, int],
    backend: str = "uwrmaxsat",
) -> Answer:
    """Encode and solve to optimality (in the child process)."""
    import hermax.core

    encoding = encode(
        problem, fairness=fairness, lower_bounds=lower_bounds, by_agenda=_BY_AGENDA[backend]
    )
    solver = getattr(hermax.core, BACKENDS[backend])(encoding.wcnf)
    if not solver.solve():
        return Answer(Status.INFEASIBLE, {}, 0)
    true = {lit for lit in solver.get_model() if lit > 0}
    slots = {m: t for (m, t), var in encoding.x.items() if var in true}
    return Answer(Status.OPTIMAL, slots, unscheduled_priority(problem, slots))


def climb(
    problem: Problem, fairness: int | None, lower_bounds: dict[int, int], start: int
) -> Answer:
    """The optimum of a problem whose meetings are all required, by SAT questions alone.

    "A schedule with at most k breaks?" for k = start, start + 1, ... on the same clauses as
    the MaxSAT model, to CaDiCaL through one incremental totalizer on the gaps: the first yes
    is optimal when start is a proven bound. Where the bound is already at or next to the
    optimum, finding a schedule at the bound is the whole difficulty, and a plain SAT search
    does that far faster than the core-guided one: on forum-13crafc with a few forbidden
    slots, about 17 s against 55 s for UWrMaxSAT on a loaded machine.
    """
    from pysat.card import ITotalizer
    from pysat.solvers import Solver

    encoding = encode(problem, fairness=fairness, lower_bounds=lower_bounds)
    gaps = [-clause[0] for clause in encoding.wcnf.soft]
    top = max([encoding.wcnf.nv, *(abs(lit) for clause in encoding.wcnf.hard for lit in clause)])
    k = max(0, start)
    with Solver(name="cadical153", bootstrap_with=encoding.wcnf.hard) as solver:
        totalizer = ITotalizer(lits=gaps, ubound=min(k + 1, len(gaps)), top_id=top)
        solver.append_formula(totalizer.cnf.clauses)
        while True:
            # totalizer.rhs[k] is true when more than k gaps are.
            assumptions = [-totalizer.rhs[k]] if k < len(gaps) else []
            if solver.solve(assumptions=assumptions):
                break
            if not assumptions or not solver.get_core():
                totalizer.delete()
                return Answer(Status.INFEASIBLE, {}, 0)
            k += 1
            if k < len(gaps):
                totalizer.increase(ubound=min(k + 1, len(gaps)))
                solver.append_formula(totalizer.cnf.clauses[-totalizer.nof_new :])
        true = {lit for lit in solver.get_model() or () if lit > 0}
        totalizer.delete()
    slots = {m: t for (m, t), var in encoding.x.items() if var in true}
    return Answer(Status.OPTIMAL, slots, 0)


def _end_with_parent() -> None:
    """On Linux, have the kernel kill this child if the parent dies, so that a killed server
    leaves no solver burning a core."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    parent = os.getppid()
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _child_main() -> None:
    """`python -m regionforum.scheduling.maxsat`: a pickled task on stdin, the Answer on stdout.

    The solver's own output goes to stderr, so that nothing else reaches the answer's channel.
    """
    _end_with_parent()
    answer_channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    task = pickle.load(sys.stdin.buffer)  # noqa: S301 - written by our own parent process
    problem, fairness, lower_bounds, start, backend = task
    answer = (
        climb(problem, fairness, lower_bounds, start)
        if backend == CLIMB
        else _solve(problem, fairness, lower_bounds, backend)
    )
    # Plain values: run as __main__, this module's classes would not unpickle in the parent.
    plain = (answer.status.value, answer.slots, answer.unscheduled_priority)
    answer_channel.write(pickle.dumps(plain))
    answer_channel.close()


_CHILD_COMMAND = [sys.executable, "-m", "regionforum.scheduling.maxsat"]


class Race:
    """A MaxSAT solve (or the SAT climb) in a child process, run beside the caller's search.

    `on_answer` is called (from a watcher thread) with the answer as soon as it arrives.
    """

    def __init__(
        self,
        problem: Problem,
        *,
        fairness: int | None,
        lower_bounds: dict[int, int],
        on_answer: Callable[[Answer], None],
        backend: str = "uwrmaxsat",
        start: int = 0,
    ) -> None:
        self._task = (problem, fairness, lower_bounds, start, backend)
        self._on_answer = on_answer
        self._lock = threading.Lock()
        self._stopped = False
        self._process: subprocess.Popen[bytes] | None = None
        self.answer: Answer | None = None
        self._thread = threading.Thread(target=self._run, name="maxsat-race", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with self._lock:
            if self._stopped:
                return
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                _CHILD_COMMAND,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            self._process = process
        output, _ = process.communicate(pickle.dumps(self._task))
        if process.returncode != 0 or not output:
            return  # stopped, or the solver failed: the caller's search decides
        status, slots, unscheduled = pickle.loads(output)  # noqa: S301 - our own child's
        self.answer = Answer(Status(status), slots, unscheduled)
        self._on_answer(self.answer)

    def stop(self) -> None:
        """End the child if it still runs, and wait for the watcher."""
        with self._lock:
            self._stopped = True
            process = self._process
        if process is not None and process.poll() is None:
            process.kill()
        self._thread.join(timeout=10)

    def running(self) -> bool:
        """Whether the watcher or the child process is still alive."""
        with self._lock:
            process = self._process
        return self._thread.is_alive() or (process is not None and process.poll() is None)


if __name__ == "__main__":
    _child_main()
