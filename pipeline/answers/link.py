"""Linking answer rows to the register's recommendations (many-to-many, never forced).

Each quoted recommendation is scored against every candidate's wordings: char_wb 2–4-gram
TF-IDF cosine on ``cluster.content_text`` blended with the share of the quote's content
syllables found in the candidate. Candidates the place/number guard (``cluster.guard_allows``)
forbids are never linked; a sector or authority that disagrees with the answering agency
lowers the score. The best candidate at or above the threshold is linked, and further ones
within ``margin`` of it (items re-cut between stages). A quote below the threshold stays
unlinked and is listed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from ..cluster import content_text
from ..config import Config
from .rules import Rules, fold

_JOIN_RE = re.compile(r"\s*;\s*|\s+và\s+(?=(?:sửa|xây|nâng|cấp|đầu tư|hỗ trợ|lắp|bố trí|xử lý|di dời|giải quyết|điều chỉnh|tăng|giảm)\b)", re.IGNORECASE)
CANDIDATE_COLUMNS = ["register_id", "text", "sector", "authority", "units", "round"]
_CENTRAL = ("bo ", "chinh phu", "van phong chinh phu", "toa an nhan dan toi cao", "vien kiem sat nhan dan toi cao",
            "ngan hang nha nuoc", "bao hiem xa hoi viet nam", "thanh tra chinh phu", "kiem toan nha nuoc", "tap doan", "tong cong ty")
_LOCAL = ("ubnd", "uy ban nhan dan", "so ", "cong an tinh", "cong ty", "bao hiem xa hoi tinh", "ban quan ly")


def agency_authority(agency: str) -> str:
    f = fold(agency)
    if any(f.startswith(c) for c in _CENTRAL):
        return "trung_uong"
    if any(f.startswith(c) for c in _LOCAL):
        return "dia_phuong"
    return ""


def sector_of_heading(heading: str, cfg: Config) -> str:
    """Taxonomy slug a sector heading names ("II. LĨNH VỰC Y TẾ"), or ""."""
    f = fold(heading)
    if not f:
        return ""
    best, best_n = "", 0
    for s in cfg.taxonomy.sectors:
        words = [fold(w) for w in [s.label, *s.keywords]]
        n = sum(len(w) for w in words if w and len(w) >= 4 and w in f)
        if n > best_n:
            best, best_n = s.slug, n
    return best


def top_similarities(q, w, n_top: int, floor: float, block: int = 128):
    """Cosines of each row of ``q`` with the rows of ``w`` (both l2-normalised sparse), keeping
    per row only the ``n_top`` highest at or above ``floor`` (ties: lower column first).
    Computed ``block`` rows at a time, so memory stays bounded by block × len(w) whatever
    the register's size."""
    import scipy.sparse as sp

    wt = sp.csr_matrix(w).T.tocsr()
    q = sp.csr_matrix(q)
    indptr, indices, data = [0], [], []
    for start in range(0, q.shape[0], block):
        part = (q[start:start + block] @ wt).tocsr()
        for i in range(part.shape[0]):
            lo, hi = part.indptr[i], part.indptr[i + 1]
            cols, vals = part.indices[lo:hi], part.data[lo:hi]
            keep = vals >= floor
            cols, vals = cols[keep], vals[keep]
            order = np.lexsort((cols, -vals))[:n_top]
            indices.extend(cols[order].tolist())
            data.extend(vals[order].tolist())
            indptr.append(len(indices))
    return sp.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                          np.asarray(indptr, dtype=np.int64)), shape=(q.shape[0], w.shape[0]))


def has_marks(text: str) -> bool:
    """True when the text carries any Vietnamese diacritic (or đ)."""
    import unicodedata

    return any(unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFD", text)) or "đ" in text.lower()


def strip_marks(text: str) -> str:
    """The text without diacritics, case kept (đ → d): what the same words look like typed
    without them, for the place and number guard."""
    import unicodedata

    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def _syllables(text: str) -> set[str]:
    return set(fold(content_text(text)).split())


def link_answers(rows: pd.DataFrame, candidates: pd.DataFrame, cfg: Config, rules: Rules) -> pd.DataFrame:
    """``rows`` (one per quoted recommendation, from ``parse``) with ``register_id``,
    ``match_score`` and ``uncertain_link`` added; a quote linked to k items gives k rows,
    an unlinked one keeps a single row with an empty ``register_id``. Input not mutated."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # imports scikit-learn: only when linking

    from ..fast.char_wb import speed_up  # the same vectorizer, counted one distinct word at a time

    p = rules.link
    thr, margin, band = float(p["threshold"]), float(p["margin"]), float(p["uncertain_band"])
    ww = float(p["word_weight"])
    base = rows.assign(register_id="", match_score=0.0, uncertain_link=False)
    if rows.empty or candidates.empty:
        return base
    cands = candidates.reset_index(drop=True)
    # every wording of every candidate (``texts`` holds one per line when the register gives it)
    w_owner, w_text = [], []
    for i, r in enumerate(cands.itertuples(index=False)):
        texts = {str(r.text)}
        extra = getattr(r, "texts", "")
        if isinstance(extra, str) and extra:
            texts.update(t for t in extra.split("\n") if t.strip())
        for t in sorted(texts):
            w_owner.append(i)
            w_text.append(t)
    quotes = rows["recommendation_text"].fillna("").astype(str).tolist()
    # each quote, and its parts when it joins several requests ("... thôn A và sửa ... thôn B")
    seg_owner, seg_text = [], []
    for qi, q in enumerate(quotes):
        seg_owner.append(qi)
        seg_text.append(q)
        parts = [x.strip() for x in _JOIN_RE.split(q) if len(x.split()) >= 5]
        if len(parts) > 1:
            seg_owner.extend([qi] * len(parts))
            seg_text.extend(parts)
    s_content = [content_text(t) for t in seg_text]
    w_content = [content_text(t) for t in w_text]
    # scikit-learn's TfidfVectorizer(analyzer="char_wb"), counting each distinct word once
    vec = speed_up(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=False,
                                     dtype=np.float32))
    X = vec.fit_transform(w_content + s_content)
    n_top = max(40, 4 * int(p["max_links"]))
    sims = top_similarities(X[len(w_content):], X[:len(w_content)], n_top, thr * 0.6)
    syl_cache: dict[int, set] = {}

    def w_syl(wi: int) -> set:  # only the wordings actually scored (a few per quote)
        if wi not in syl_cache:
            syl_cache[wi] = set(fold(w_content[wi]).split())
        return syl_cache[wi]

    # quotes typed without diacritics ("Cu tri xa Nghien Loan de nghi ...") are compared with
    # the register's wordings without diacritics, both sides alike
    plain = [len(t.split()) >= 3 and not has_marks(t) for t in seg_text]
    plain_row: dict[int, int] = {}
    if any(plain):
        plain_segs = [si for si, x in enumerate(plain) if x]
        plain_row = {si: k for k, si in enumerate(plain_segs)}
        w_plain = [fold(t) for t in w_text]
        vec_p = speed_up(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=False,
                                     dtype=np.float32))
        Xp = vec_p.fit_transform(w_plain + [fold(seg_text[si]) for si in plain_segs])
        sims_p = top_similarities(Xp[len(w_plain):], Xp[:len(w_plain)], n_top, thr * 0.6)
    owner = np.asarray(w_owner)
    c_sector = cands["sector"].fillna("").astype(str).tolist()
    c_auth = cands["authority"].fillna("").astype(str).tolist()
    records = rows.to_dict("records")
    from ..register.match import cached_guard

    guard_allows = cached_guard()

    def score(si: int, row: dict) -> dict[int, float]:
        pr = plain_row.get(si)
        qs = set(fold(s_content[si] if pr is None else seg_text[si]).split())
        sec = sector_of_heading(str(row.get("sector_hint", "") or ""), cfg)
        auth = agency_authority(str(row.get("agency", "") or ""))
        per: dict[int, float] = {}
        m, r = (sims, si) if pr is None else (sims_p, pr)
        lo, hi = m.indptr[r], m.indptr[r + 1]
        idx, vals = m.indices[lo:hi], m.data[lo:hi]
        for k in np.argsort(-vals, kind="stable")[:n_top]:
            wi, cos = int(idx[k]), float(vals[k])
            if cos < thr * 0.6:
                break
            words = len(qs & (w_syl(wi) if pr is None else set(fold(w_text[wi]).split()))) / max(1, len(qs))
            sc = (1 - ww) * cos + ww * words
            ci = int(owner[wi])
            if sec and c_sector[ci] and sec != c_sector[ci]:
                sc *= float(p["sector_mismatch"])
            if auth and c_auth[ci] and auth != c_auth[ci]:
                sc *= float(p["authority_mismatch"])
            if sc > per.get(ci, -1.0) and guard_allows(seg_text[si], w_text[wi] if pr is None else strip_marks(w_text[wi])):
                per[ci] = sc
        return per

    def pick(per: dict[int, float]) -> list[tuple[int, float]]:
        ranked = sorted(per.items(), key=lambda kv: (-kv[1], str(cands.at[kv[0], "register_id"])))
        if not ranked or ranked[0][1] < thr:
            return []
        top = ranked[0][1]
        return [(ci, sc) for ci, sc in ranked[: int(p["max_links"])] if sc >= thr and sc >= margin * top]

    by_quote: dict[int, list[int]] = {}
    for si, qi in enumerate(seg_owner):
        by_quote.setdefault(qi, []).append(si)
    out = []
    for qi, row in enumerate(records):
        segs = by_quote[qi]
        whole = score(segs[0], row)
        chosen = dict(pick(whole))
        for si in segs[1:]:
            for ci, sc in pick(score(si, row)):
                chosen[ci] = max(chosen.get(ci, 0.0), sc)
        if not chosen:
            best = max(whole.values(), default=0.0)
            out.append(dict(row, register_id="", match_score=round(min(1.0, best), 4),
                            uncertain_link=bool(whole) and best >= thr - band))
            continue
        for ci, sc in sorted(chosen.items(), key=lambda kv: (-kv[1], str(cands.at[kv[0], "register_id"]))):
            out.append(dict(row, register_id=str(cands.at[ci, "register_id"]), match_score=round(min(1.0, sc), 4),
                            uncertain_link=bool(sc < thr + band or len(chosen) > 1)))
    return pd.DataFrame(out, columns=list(base.columns))


def jaccard_baseline(rows: pd.DataFrame, candidates: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """The public baseline: link a quote to every candidate whose diacritic-free word set has
    Jaccard ≥ ``threshold`` with it (for the benchmark only)."""
    c_words = [set(fold(t).split()) for t in candidates["text"].astype(str)]
    out = []
    for row in rows.to_dict("records"):
        q = set(fold(row["recommendation_text"]).split())
        hits = [(len(q & c) / len(q | c) if q | c else 0.0, i) for i, c in enumerate(c_words)]
        hits = [(s, i) for s, i in hits if s >= threshold]
        if not hits:
            out.append(dict(row, register_id="", match_score=0.0))
        for s, i in hits:
            out.append(dict(row, register_id=str(candidates["register_id"].iloc[i]), match_score=round(s, 4)))
    return pd.DataFrame(out)
