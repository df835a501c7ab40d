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
    lines.append(f"{'lĩnh vực':<30} {'precision':>9} {'recall':>7} {'F1':>6} {'số mẫu':>7}")
    for slug, v in m["per_sector"].items():
        lines.append(f"{slug:<30} {v['precision']:>9.2f} {v['recall']:>7.2f} {v['f1']:>6.2f} {v['support']:>7}")
    lines.append("")
    labels = m["confusion_labels"]
    short = [s[:6] for s in labels]
    lines.append("Ma trận nhầm lẫn (hàng: nhãn đúng, cột: dự đoán)")
    lines.append(" " * 14 + " ".join(f"{s:>6}" for s in short))
    for slug, row in zip(labels, m["confusion"]):
        lines.append(f"{slug[:13]:<14}" + " ".join(f"{v:>6}" for v in row))
    if "analyst_agreement" in m:
        a = m["analyst_agreement"]
        lines.append("")
        def share(key: str, n_key: str) -> str:
            v = a.get(key, float("nan"))
            return "chưa có mục để so sánh" if v != v else f"{v:.1%} trên {a.get(n_key, 0)} mục"

        lines.append(
            f"Hiệu chỉnh của chuyên viên: {a.get('n_corrections', 0)} mục; mô hình đồng ý về lĩnh vực "
            f"{share('sector_agreement', 'n_sector')}, về thẩm quyền {share('authority_agreement', 'n_authority')}."
        )
    return "\n".join(lines)
