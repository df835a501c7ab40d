"""Constrained average linkage on the sparse neighbour graph.

The pair of clusters with the highest *average* similarity over all their member pairs
is merged first, while that average is at least ``merge_threshold``
(``cross_sector_threshold`` when the two clusters' majority sectors differ). Pairs that
are not edges count as similarity 0, so a chain A–B–C where A and C are unrelated does
not collapse into one cluster (no single-linkage chaining). Each cluster keeps its guard
state, so every pair inside a cluster passes the guard. Limitation: a group larger than
about ``n_neighbors`` items may stay split in several clusters (never merged wrongly).
"""

from __future__ import annotations

import heapq

import numpy as np
import scipy.sparse as sp

from ..config import ClusterSettings
from .entities import _Guard, _GuardTable
from .vectors import _distinct

# Different sectors where one side holds an analyst's sector correction merge only above this:
# the analyst decided the sector, so a merely similar item does not pull it back into a cluster
# of another sector.
CORRECTED_CROSS_SECTOR_THRESHOLD = 0.85

def _majority(counts: dict[str, list[int]]) -> str:
    """Most frequent sector; ties → the sector of the earliest member."""
    return min(counts.items(), key=lambda kv: (-kv[1][0], kv[1][1]))[0]


def _agglomerate(
    n: int,
    a: np.ndarray,
    b: np.ndarray,
    s: np.ndarray,
    guards: list[_Guard],
    table: _GuardTable,
    gid: np.ndarray,
    sectors: list[str],
    settings: ClusterSettings,
    fixed: np.ndarray | None = None,
) -> np.ndarray:
    """Cluster label (= index of the earliest member) for each of ``n`` items.

    A merge needs an average similarity ≥ merge_threshold, hence at least one
    guard-compatible edge ≥ merge_threshold between the two clusters. So the
    work splits into the connected components of those edges, each clustered
    on its own (less memory, same result). A component of two items is one
    edge: they merge when their sectors agree or the edge reaches
    ``cross_sector_threshold`` (done for all such components at once).
    """
    from scipy.sparse.csgraph import connected_components

    label = np.arange(n)
    merge_t = settings.merge_threshold
    cross_t = max(settings.cross_sector_threshold, merge_t)
    strong = np.flatnonzero(s >= merge_t)
    strong = strong[table.compatible(gid[a[strong]], gid[b[strong]])]
    if len(strong) == 0:
        return label
    graph = sp.csr_matrix((np.ones(len(strong)), (a[strong], b[strong])), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    inside = comp[a] == comp[b]
    eligible = np.zeros(len(a), dtype=bool)
    eligible[strong] = True
    ea, eb, es, ee = a[inside], b[inside], s[inside], eligible[inside]
    order = np.argsort(comp[ea], kind="stable")
    ea, eb, es, ee = ea[order], eb[order], es[order], ee[order]
    cuts = np.flatnonzero(np.diff(comp[ea])) + 1
    starts, ends = np.r_[0, cuts], np.r_[cuts, len(ea)]
    pair = ends - starts == 1
    e = starts[pair]
    sector_id, _ = _distinct(sectors)
    fixed = np.zeros(n, dtype=bool) if fixed is None else np.asarray(fixed, dtype=bool)
    fixed_t = max(CORRECTED_CROSS_SECTOR_THRESHOLD, cross_t)
    required = np.where(sector_id[ea[e]] == sector_id[eb[e]], merge_t,
                        np.where(fixed[ea[e]] | fixed[eb[e]], fixed_t, cross_t))
    merged = e[es[e] >= required]
    label[eb[merged]] = ea[merged]
    for lo, hi in zip(starts[~pair], ends[~pair]):
        _link_component(ea[lo:hi], eb[lo:hi], es[lo:hi], ee[lo:hi], guards, sectors, settings, label, fixed)
    return label


def _link_component(a, b, s, eligible, guards, sectors, settings, label, fixed=None) -> None:
    """Constrained average linkage inside one component; writes ``label``.

    Candidate merges are taken best first: highest average link, then the
    smaller (first, second) cluster. Each cluster keeps its own queue of the
    links it had when it was last formed (a singleton: its eligible edges to
    later items, in sorted arrays), and one queue holds the head of every
    cluster's queue. A link is out of date once either cluster has changed
    since; a merge gives the new cluster a fresh queue of its links at or
    above merge_threshold. This visits the links in exactly the order of one
    queue of all of them, with far fewer queue operations.
    """
    merge_t = settings.merge_threshold
    cross_t = max(settings.cross_sector_threshold, merge_t)
    # adjacency: summed similarity between clusters
    rows, cols, vals = np.r_[a, b], np.r_[b, a], np.r_[s, s]
    order = np.argsort(rows, kind="stable")
    rows, cols, vals = rows[order], cols[order].tolist(), vals[order].tolist()
    cuts = (np.flatnonzero(np.diff(rows)) + 1).tolist()
    nodes = rows[np.r_[0, cuts]].tolist()
    adj: dict[int, dict[int, float]] = {
        i: dict(zip(cols[lo:hi], vals[lo:hi])) for i, lo, hi in zip(nodes, [0] + cuts, cuts + [len(cols)])
    }
    members: dict[int, list[int]] = {}
    size = dict.fromkeys(nodes, 1)
    guard = {i: guards[i] for i in nodes}
    sect = {i: {sectors[i]: [1, i]} for i in nodes}
    fixed_t = max(CORRECTED_CROSS_SECTOR_THRESHOLD, cross_t)
    held = {i: bool(fixed is not None and fixed[i]) for i in nodes}  # a member's sector is a correction
    version = dict.fromkeys(nodes, 0)
    # a singleton's queue: its eligible edges (i, j > i), best first, read through a pointer
    el = np.flatnonzero(eligible)
    el = el[np.lexsort((b[el], -s[el], a[el]))]
    first_a, first_b, first_s = a[el].tolist(), b[el].tolist(), s[el].tolist()
    ends = dict(zip(first_a, range(1, len(el) + 1)))  # node → end of its run
    pointer: dict[int, int] = {}
    queue: dict[int, list] = {}  # clusters formed by a merge: a heap of link keys
    heads: list = []
    prev = None
    for p, i in enumerate(first_a):
        if i != prev:
            pointer[i] = p
            heads.append(((-first_s[p], i, first_b[p], 0, 0), i, 0))
            prev = i
    heapq.heapify(heads)

    def current(key) -> bool:
        return version.get(key[1]) == key[3] and version.get(key[2]) == key[4]

    def advance(c: int) -> None:
        """Drop the head of c's queue and queue the next link that is still current."""
        if c in queue:
            q = queue[c]
            heapq.heappop(q)
            while q and not current(q[0]):
                heapq.heappop(q)
            if q:
                heapq.heappush(heads, (q[0], c, version[c]))
        else:
            p, end = pointer[c] + 1, ends[c]
            while p < end and version.get(first_b[p]) != 0:
                p += 1
            pointer[c] = p
            if p < end:
                heapq.heappush(heads, ((-first_s[p], c, first_b[p], 0, 0), c, 0))

    while heads:
        key, owner, v_owner = heapq.heappop(heads)
        if version.get(owner) != v_owner:
            continue  # the owner's queue was replaced by a merge
        neg, c, d, vc, vd = key
        link = -neg
        if link < merge_t:
            break
        if version.get(c) != vc or version.get(d) != vd:
            advance(owner)
            continue  # out of date
        required = (merge_t if _majority(sect[c]) == _majority(sect[d])
                    else fixed_t if held[c] or held[d] else cross_t)
        if link < required or not guard[c].compatible(guard[d]):
            advance(owner)
            continue
        root, other = (c, d) if c < d else (d, c)
        members.setdefault(root, [root]).extend(members.pop(other, [other]))
        size[root] += size.pop(other)
        guard[root] = guard[root].merge(guard.pop(other))
        held[root] = held[root] or held.pop(other)
        for sec, (cnt, first) in sect.pop(other).items():
            cur = sect[root].setdefault(sec, [0, first])
            cur[0] += cnt
            cur[1] = min(cur[1], first)
        version[root] += 1
        del version[other]
        queue.pop(other, None)
        nb_other = adj.pop(other)
        nb_root = adj[root]
        nb_root.pop(other, None)
        for e, v in nb_other.items():
            if e == root:
                continue
            nb_root[e] = nb_root.get(e, 0.0) + v
            ne = adj[e]
            ne.pop(other, None)
            ne[root] = ne.get(root, 0.0) + v
        n_root, v_root = size[root], version[root]
        q = []
        for e, v in nb_root.items():
            lk = v / (n_root * size[e])
            if lk >= merge_t:
                q.append((-lk, root, e, v_root, version[e]) if root < e else (-lk, e, root, version[e], v_root))
        heapq.heapify(q)
        queue[root] = q
        if q:
            heapq.heappush(heads, (q[0], root, v_root))
    for root, mem in members.items():
        label[mem] = root
