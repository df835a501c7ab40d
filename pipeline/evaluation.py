"""``cutri evaluate``: measure the classifier on labelled data or by cross-validation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import classify, training, vi_text
from .config import Config


def _with_tokens(df: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    tokens, _ = vi_text.tokenize_many(df["text"].tolist(), cache_dir=cfg.cache_path(), jobs=1)
    return df.assign(tokens=tokens)


def evaluate(cfg: Config, labels: Path | None = None, corrections_file: Path | None = None) -> dict:
    """Metrics on a labels file, or stratified k-fold CV on the training data.

    The training data is what a run would use with learning on: seed, store and
    every round's stored corrections. With ``corrections_file`` the report also says
    how often the model's predictions agreed with the analysts (checked first, so a
    wrong path fails at once).
    """
    agreement = None
    if corrections_file is not None:
        from . import corrections

        agreement = corrections.agreement_from_file(Path(corrections_file), cfg)
        agreement.update(reviewed_agreement(Path(corrections_file), cfg))
    train = _with_tokens(training.training_set(cfg, learn_from_rounds=cfg.run.learn), cfg)
    if labels is None:
        train = train[train["sector"] != ""].reset_index(drop=True)  # authority-only rows: no sector to test
        metrics, _ = classify.cross_validate(train, cfg)
        metrics["mode"] = f"cross_validation_{min(cfg.classify.cv_folds, int(train['sector'].value_counts().min()))}_fold"
    else:
        gold = _with_tokens(training.read_labels(labels, cfg), cfg)
        model = classify.fit_model(train, cfg, cache_dir=cfg.cache_path())
        pred = classify.classify_items(gold, model, cfg)
        metrics = classify.score(gold, pred, cfg.taxonomy.slugs)
        metrics["mode"] = f"labels:{Path(labels).name}"
    metrics["training_rows"] = int(len(train))
    if agreement is not None:
        metrics["analyst_agreement"] = agreement
    return metrics


def reviewed_agreement(path: Path, cfg: Config) -> dict:
    """Agreement with the analysts on every item they reviewed (a row in corrections.csv).

    An item whose sector (authority) the analyst left as predicted counts as agreeing:
    the analyst saw it and kept it. Items marked not a recommendation and items with no
    known prediction are left out. Returns n_reviewed, reviewed_sector_agreement,
    reviewed_authority_agreement and by_sector: {slug: [reviewed, agreed]} by the analysts' sector.
    """
    from . import corrections

    if path.suffix.lower() != ".csv":
        return {}
    log = corrections.read_log(path, cfg)
    items = None
    p = path.parent / "recommendations.parquet"
    if p.exists():
        try:
            items = pd.read_parquet(p, columns=["item_id", "sector_predicted", "authority_predicted"])
        except Exception:
            items = None
    if items is not None and len(log):
        pred = items.drop_duplicates("item_id").set_index("item_id")
        for c in ("sector_predicted", "authority_predicted"):
            fill = log[c] == ""
            log.loc[fill, c] = log.loc[fill, "item_id"].map(pred[c]).fillna("").astype(str)
    log = log[~log["not_recommendation"].isin(["True", "x"]) & (log["sector_predicted"] != "")]
    final_sector = log["sector"].where(log["sector"] != "", log["sector_predicted"])
    agree_s = final_sector == log["sector_predicted"]
    has_auth = log["authority_predicted"] != ""
    final_auth = log["authority"].where(log["authority"] != "", log["authority_predicted"])
    agree_a = (final_auth == log["authority_predicted"])[has_auth]
    by_sector = {}
    for slug, ok in zip(final_sector, agree_s):
        n, k = by_sector.get(slug, (0, 0))
        by_sector[slug] = (n + 1, k + int(ok))
    nan = float("nan")
    return {"n_reviewed": int(len(log)),
            "reviewed_sector_agreement": float(agree_s.mean()) if len(log) else nan,
            "reviewed_authority_agreement": float(agree_a.mean()) if len(agree_a) else nan,
            "by_sector": {k: list(v) for k, v in sorted(by_sector.items())}}


def format_report(m: dict, cfg: Config) -> str:
    lines = [f"Đánh giá ({m['mode']}), {m['n']} kiến nghị; dữ liệu huấn luyện {m['training_rows']} dòng"]
    lines.append(f"Lĩnh vực: độ chính xác {m['sector_accuracy']:.1%}, macro-F1 {m['sector_macro_f1']:.3f}")
    if "sector_accuracy_with_alt" in m:
        lines.append(f"Lĩnh vực (chấp nhận cả lĩnh vực thay thế): {m['sector_accuracy_with_alt']:.1%}")
    if "authority_accuracy" in m:
        lines.append(f"Thẩm quyền: độ chính xác {m['authority_accuracy']:.1%}")
    lines.append(
        f"Cần rà soát: {m['review_share']:.1%}; độ chính xác trên phần không cần rà soát: "
        f"{m['unflagged_sector_accuracy']:.1%}"
    )
    lines.append("")
    names = {s.slug: s.label for s in cfg.taxonomy.sectors}

    def name(slug: str, width: int) -> str:
        label = names.get(slug, slug)
        return label if len(label) <= width else label[: width - 1] + "…"

    lines.append(f"{'lĩnh vực':<46} {'precision':>9} {'recall':>7} {'F1':>6} {'số mẫu':>7}")
    for slug, v in m["per_sector"].items():
        lines.append(f"{name(slug, 46):<46} {v['precision']:>9.2f} {v['recall']:>7.2f} {v['f1']:>6.2f} {v['support']:>7}")
    lines.append("")
    labels = m["confusion_labels"]
    lines.append("Ma trận nhầm lẫn (hàng: nhãn đúng, cột: dự đoán; cột k là lĩnh vực ở hàng k)")
    lines.append(" " * 34 + " ".join(f"{k:>4}" for k in range(1, len(labels) + 1)))
    for k, (slug, row) in enumerate(zip(labels, m["confusion"]), start=1):
        lines.append(f"{k:>2}. {name(slug, 28):<29}" + " ".join(f"{v:>4}" for v in row))
    if "analyst_agreement" in m:
        a = m["analyst_agreement"]
        lines.append("")
        def share(key: str, n_key: str) -> str:
            v = a.get(key, float("nan"))
            return "chưa có mục để so sánh" if v != v else f"{v:.1%} trên {a.get(n_key, 0)} mục"

        lines.append(
            f"Hiệu chỉnh của chuyên viên: {a.get('n_corrections', 0)} mục; mô hình đồng ý về lĩnh vực "
            f"{share('sector_agreement', 'n_sector')}, về thẩm quyền {share('authority_agreement', 'n_authority')} "
            "(trên các mục chuyên viên đã sửa)."
        )
        if a.get("n_reviewed"):
            lines.append(
                f"Trên tất cả {a['n_reviewed']} mục chuyên viên đã rà soát (kể cả mục giữ nguyên): đồng ý về lĩnh vực "
                f"{share('reviewed_sector_agreement', 'n_reviewed')}, về thẩm quyền "
                f"{share('reviewed_authority_agreement', 'n_reviewed')}."
            )
            lines.append(f"{'lĩnh vực (theo chuyên viên)':<46} {'đã rà soát':>10} {'đồng ý':>7}")
            for slug, (n, k) in a["by_sector"].items():
                lines.append(f"{name(slug, 46):<46} {n:>10} {k / n:>7.0%}")
    return "\n".join(lines)
