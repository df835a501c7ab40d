"""Applying a round's corrections: pure functions, data in and data out.

Each function takes the frozen corrections table (``Collected.table``,
CORRECTION_COLUMNS) and the items, and returns new frames together with the ids
of the items on which a correction changed the outcome. Nothing is kept between
calls: ``count_applied`` of the two results gives the round's count, whatever
the order the calls ran in.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import schemas as S
from ..config import Config
from ..cluster.tables import opinion_weights
from .common import _HEADER, _list_ids


@dataclass(frozen=True)
class Labelled:
    """What ``apply_labels`` returns.

    ``items``: the items with their final sector and authority; ``table``: the
    corrections table, with the predictions the analyst saw filled in where the
    log had none (only when the model did not learn from the corrections);
    ``applied``: ids whose final label or recommendation status a correction changed.
    """

    items: pd.DataFrame
    table: pd.DataFrame
    applied: frozenset = frozenset()


@dataclass(frozen=True)
class Reclustered:
    """What ``apply_clusters`` returns: items with cluster_id, clusters, review pairs,
    the ids whose merge, split or representative text was carried out, and warnings."""

    items: pd.DataFrame
    clusters: pd.DataFrame
    review_pairs: pd.DataFrame
    applied: frozenset = frozenset()
    warnings: tuple[str, ...] = ()


def _active(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["orphan"] != "True"]


def count_applied(*results) -> int:
    """Current items on which a correction changed the outcome.

    A final sector or authority that differs from the prediction, an item marked not
    a recommendation, a merge or split carried out, or a representative text set:
    the union of the ``applied`` ids of the given results (``Labelled``,
    ``Reclustered``).
    """
    ids: set = set()
    for r in results:
        ids |= set(r.applied)
    return len(ids)


def training_rows(table: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Labelled rows for the model: text, sector, authority, origin="correction".

    One row per corrected sector (authority "" when only the sector was corrected),
    from the current item's text, or the stored text for orphans. Items marked not a
    recommendation are left out. An authority-only correction becomes a row with an
    empty sector: it trains the authority model only.
    """
    t = table
    keep = ((t["sector"] != "") | (t["authority"] != "")) & (t["not_recommendation"] != "True")
    texts = dict(zip(items[S.ITEM_ID].tolist(), items[S.TEXT].tolist())) if len(items) else {}
    rows = [
        {"text": texts.get(r["item_id"], r["text"]), "sector": r["sector"], "authority": r["authority"],
         "origin": "correction"}
        for r in t[keep].to_dict("records")
    ]
    out = pd.DataFrame(rows, columns=["text", "sector", "authority", "origin"])
    return out[out["text"] != ""].reset_index(drop=True)


def apply_labels(table: pd.DataFrame, items: pd.DataFrame, cfg: Config) -> Labelled:
    """Final sector/authority from corrections.

    Reads item_id and CLASSIFY_COLUMNS; sets sector (+ sector_label) and authority
    with ``*_source = "correction"`` where corrected, needs_review False on items whose
    sector, authority or recommendation status was corrected, and adds
    ``not_recommendation`` (bool) and ``correction_note`` (str). ``*_predicted`` stay
    as predicted. Modifies neither ``table`` nor ``items``.
    """
    corr = {r["item_id"]: r for r in _active(table).to_dict("records")}
    sector, sector_label, sector_src = [], [], []
    auth, auth_src, review, notrec, notes = [], [], [], [], []
    applied = set()
    cols = zip(*(items[c].tolist() for c in (
        S.ITEM_ID, S.SECTOR, S.SECTOR_LABEL, S.SECTOR_SOURCE, S.SECTOR_PREDICTED, S.AUTHORITY,
        S.AUTHORITY_SOURCE, S.AUTHORITY_PREDICTED, S.NEEDS_REVIEW)))
    for iid, sec, lab, ssrc, spred, au, asrc, apred, nr in cols:
        c = corr.get(iid)
        is_not_rec = bool(c) and c["not_recommendation"] == "True"
        if c and c["sector"]:
            sec, lab, ssrc = c["sector"], cfg.taxonomy.label(c["sector"]), S.SOURCE_CORRECTION
            # compare with the prediction the analyst saw: once the model has learnt
            # from the correction, the current prediction agrees with it
            if sec != (c.get("sector_predicted") or spred):
                applied.add(iid)
        if c and c["authority"]:
            au, asrc = c["authority"], S.SOURCE_CORRECTION
            if au != (c.get("authority_predicted") or apred):
                applied.add(iid)
        if is_not_rec:
            applied.add(iid)
        if c and (c["sector"] or c["authority"] or is_not_rec):
            nr = False
        sector.append(sec); sector_label.append(lab); sector_src.append(ssrc)  # noqa: E702
        auth.append(au); auth_src.append(asrc); review.append(bool(nr))  # noqa: E702
        notrec.append(is_not_rec)
        notes.append(c["note"] if c else "")
    if not cfg.run.learn and len(items):
        table = _fill_predictions(table, items)
    out = items.assign(
        sector=sector, sector_label=sector_label, sector_source=sector_src,
        authority=auth, authority_source=auth_src, needs_review=pd.Series(review, index=items.index, dtype=bool),
        not_recommendation=pd.Series(notrec, index=items.index, dtype=bool),
        correction_note=pd.Series(notes, index=items.index, dtype=object),
    )
    return Labelled(items=out, table=table, applied=frozenset(applied))


def _fill_predictions(table: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """The table with the model's predictions recorded for corrections that have none yet.

    Only done when the model did not learn from the corrections (``run.learn`` off);
    otherwise the prediction would already reflect the analyst's answer.
    """
    pred = items.set_index(S.ITEM_ID)[[S.SECTOR_PREDICTED, S.AUTHORITY_PREDICTED]]
    t = table.copy()
    for col in ("sector_predicted", "authority_predicted"):
        fill = (t[col] == "") & t["item_id"].isin(pred.index) & (t["orphan"] != "True")
        t.loc[fill, col] = t.loc[fill, "item_id"].map(pred[col]).fillna("").astype(str)
    return t


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _majority(values: list[str]) -> str:
    """Most frequent value; ties go to the value that occurs first."""
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    best = max(counts.values()) if counts else 0
    return next((v for v in values if counts[v] == best), "")


def apply_clusters(table: pd.DataFrame, items: pd.DataFrame, clustered, cfg: Config) -> Reclustered:
    """Apply merges, splits and representative texts; rebuild clusters consistently.

    ``items``: every item, after ``apply_labels``. ``clustered``: a ClusterResult
    (``items`` with cluster_id, ``clusters``, ``review_pairs``) computed on the items
    that are recommendations. Returns the items with cluster_id, clusters with
    CLUSTER_COLUMNS and review_pairs. Items that are not recommendations get
    cluster_id "" and appear in no cluster and no review pair.

    A changed cluster is named "C" + its earliest member's item_id (item order);
    unchanged clusters keep their id. Every cluster's sector and authority are the
    majority of its members' final values (ties: the earliest member's).
    """
    taxonomy = cfg.taxonomy
    base_items = clustered.items
    base_clusters = clustered.clusters
    pairs = clustered.review_pairs
    notrec = (
        items[S.NOT_RECOMMENDATION].astype(bool).to_numpy()
        if S.NOT_RECOMMENDATION in items.columns else [False] * len(items)
    )
    ids = items[S.ITEM_ID].tolist()  # tolist: iterating an arrow-backed column is several times slower
    pos = {iid: i for i, iid in enumerate(ids)}
    active = [i for i in range(len(ids)) if not notrec[i]]
    active_ids = {ids[i] for i in active}
    base_cid = dict(zip(base_items[S.ITEM_ID].tolist(), base_items[S.CLUSTER_ID].tolist())) if len(base_items) else {}
    base_members: dict[str, list[int]] = {}
    for i in active:
        cid = base_cid.get(ids[i]) or "C" + ids[i]  # an item the clusterer did not see stays alone
        base_cid[ids[i]] = cid
        base_members.setdefault(cid, []).append(i)
    base_rep = (
        dict(zip(base_clusters[S.CLUSTER_ID].tolist(), base_clusters["representative_text"].tolist()))
        if len(base_clusters) and "representative_text" in base_clusters.columns else {}
    )

    corr_rows = {r["item_id"]: r for r in _active(table).to_dict("records") if r["item_id"] in active_ids}
    warnings: list[str] = []
    detached: set[int] = set()
    links: list[tuple[int, int]] = []
    applied: set[str] = set()
    unresolved: list[str] = []

    def resolve(target: str) -> list[int] | None:
        if target in base_members:
            members = [m for m in base_members[target] if m not in detached] or base_members[target][:1]
            return members
        if target in active_ids:
            return [pos[target]]
        if target.startswith("C") and target[1:] in active_ids:
            return [pos[target[1:]]]
        return None

    # splits and merges detach their item from its base cluster first
    merge_req = []
    for iid in sorted(corr_rows, key=lambda x: pos[x]):
        r = corr_rows[iid]
        if r["split_out"] == "True":
            detached.add(pos[iid])
            applied.add(iid)
        elif r["merge_into"]:
            merge_req.append((iid, r["merge_into"]))
    # resolve merge targets before detaching merged items (a cluster target means its members)
    resolved = []
    for iid, target in merge_req:
        if resolve(target) is None:
            unresolved.append(f"{iid} → {target}")
        else:
            resolved.append((iid, target))
            detached.add(pos[iid])
    for iid, target in resolved:
        members = resolve(target)
        for m in members:
            links.append((pos[iid], m))
        applied.add(iid)
    if unresolved:
        warnings.append(
            f"Không gộp được {len(unresolved)} kiến nghị vì không tìm thấy cụm hoặc kiến nghị đích "
            f"(hoặc đích đã được đánh dấu không phải kiến nghị): {_list_ids(unresolved)}. "
            f"Kiểm tra cột '{_HEADER['merge_into']}' (ghi mã cụm như C… hoặc mã kiến nghị R…)."
        )

    uf = _UnionFind(len(ids))
    for members in base_members.values():
        kept = [m for m in members if m not in detached]
        for a, b in zip(kept, kept[1:]):
            uf.union(a, b)
    for a, b in links:
        uf.union(a, b)
    groups: dict[int, list[int]] = {}
    for i in active:
        groups.setdefault(uf.find(i), []).append(i)
    ordered_groups = sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])

    # ids: unchanged clusters keep theirs; changed ones are "C" + earliest member
    base_sets = {cid: frozenset(m) for cid, m in base_members.items()}
    set_to_cid = {v: k for k, v in base_sets.items()}
    final_cid: dict[int, str] = {}
    used = set()
    names = []
    for g in ordered_groups:
        cid = set_to_cid.get(frozenset(g))
        names.append((g, cid))
        if cid:
            used.add(cid)
    # a group that an analyst merged into a cluster keeps the id typed in "Gộp vào cụm"
    typed = [(pos[iid], target) for iid, target in resolved if target in base_members]
    for gi, (g, cid) in enumerate(names):
        if cid is None:
            members = set(g)
            cid = next((t for p, t in sorted(typed, key=lambda x: x[1]) if p in members and t not in used), None)
            if cid is not None:
                used.add(cid)
                names[gi] = (g, cid)
        if cid is None:
            cid = "C" + ids[g[0]]
            k = 2
            while cid in used:
                cid = f"C{ids[g[0]]}.{k}"
                k += 1
            used.add(cid)
            names[gi] = (g, cid)
        for m in g:
            final_cid[m] = cid

    texts = items[S.TEXT].tolist()
    units = items[S.UNIT].tolist()
    opinions = opinion_weights(items)  # the clusters' n_opinions: the members' summed
    sectors = items[S.SECTOR].tolist()
    auths = items[S.AUTHORITY].tolist()
    rows = []
    for g, cid in names:
        overrides = [(m, corr_rows[ids[m]]["representative_text"]) for m in g
                     if ids[m] in corr_rows and corr_rows[ids[m]]["representative_text"]]
        if overrides:
            rep = overrides[0][1]
            applied.update(ids[m] for m, _ in overrides)
            if len({t for _, t in overrides}) > 1:
                warnings.append(
                    f"Cụm {cid} có {len(overrides)} nội dung đại diện khác nhau do chuyên viên ghi; "
                    f"dùng nội dung ghi ở kiến nghị {ids[overrides[0][0]]} (kiến nghị đứng đầu cụm)."
                )
        elif cid in base_sets and base_sets[cid] == frozenset(g) and base_rep.get(cid):
            rep = base_rep[cid]
        else:
            member_texts = {texts[m] for m in g}
            contrib: dict[str, list[int]] = {}
            for m in g:
                contrib.setdefault(base_cid[ids[m]], []).append(m)
            cands = [(len(ms), -ms[0], c) for c, ms in contrib.items() if base_rep.get(c) in member_texts]
            rep = base_rep[max(cands)[2]] if cands else texts[g[0]]
        sec = _majority([sectors[m] for m in g])
        rows.append({
            S.CLUSTER_ID: cid, S.SECTOR: sec, S.SECTOR_LABEL: taxonomy.label(sec),
            S.AUTHORITY: _majority([auths[m] for m in g]), "representative_text": rep,
            "n_items": len(g), "n_units": len({units[m] for m in g}),
            "units": "; ".join(sorted({units[m] for m in g})), "item_ids": "; ".join(ids[m] for m in g),
            S.N_OPINIONS: sum(opinions[m] for m in g),
        })
    clusters = pd.DataFrame(rows, columns=S.CLUSTER_COLUMNS)
    extra = [c for c in base_clusters.columns if c not in S.CLUSTER_COLUMNS] if len(base_clusters) else []
    if extra:
        unchanged = {cid for g, cid in names if base_sets.get(cid) == frozenset(g)}
        keep = base_clusters[base_clusters[S.CLUSTER_ID].isin(unchanged)][[S.CLUSTER_ID] + extra]
        clusters = clusters.merge(keep, on=S.CLUSTER_ID, how="left")
    clusters["n_items"] = clusters["n_items"].astype(int)
    clusters["n_units"] = clusters["n_units"].astype(int)
    clusters[S.N_OPINIONS] = clusters[S.N_OPINIONS].astype(int)

    cluster_col = [final_cid.get(i, "") for i in range(len(ids))]
    out_items = items.assign(cluster_id=pd.Series(cluster_col, index=items.index, dtype=object))

    if pairs is not None and len(pairs):
        # the pairs join items of two different clusters that the clusterer saw: when no item
        # changed cluster they all still do (a large round has millions of them to look up)
        if any(final_cid[i] != base_cid[ids[i]] for i in active):
            cid_of = {ids[i]: final_cid.get(i, "") for i in range(len(ids))}
            a = pairs["item_id_a"].map(cid_of).fillna("")
            b = pairs["item_id_b"].map(cid_of).fillna("")
            keep = (a != "") & (b != "") & (a != b)
            pairs = pairs[keep].reset_index(drop=True)
    elif pairs is None:
        pairs = pd.DataFrame(columns=S.REVIEW_PAIR_COLUMNS)
    return Reclustered(items=out_items, clusters=clusters, review_pairs=pairs, applied=frozenset(applied),
                       warnings=tuple(warnings))


