"""Settings of a run: one TOML file loaded into frozen dataclasses.

Every threshold and every piece of report metadata lives here, never as a
literal inside a stage. A config file only needs the keys it changes::

    [classify]
    min_confidence = 0.5

    [report]
    province = "Tuyên Quang"
    round_name = "trước Kỳ họp thứ Mười, Quốc hội khóa XV"

    [[taxonomy.sectors]]          # add or override a sector by slug
    slug = "moi_truong_bien"
    label = "Môi trường biển, hải đảo"
    keywords = ["biển", "hải đảo"]
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_TAXONOMY = DATA_DIR / "taxonomy.toml"
SEED_DIR = DATA_DIR / "seed"


@dataclass(frozen=True)
class Sector:
    slug: str
    label: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    agency: str = ""


@dataclass(frozen=True)
class Taxonomy:
    sectors: tuple[Sector, ...]

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(s.slug for s in self.sectors)

    def label(self, slug: str) -> str:
        for s in self.sectors:
            if s.slug == slug:
                return s.label
        return slug

    def get(self, slug: str) -> Sector | None:
        return next((s for s in self.sectors if s.slug == slug), None)


@dataclass(frozen=True)
class RunSettings:
    jobs: int = 0  # 0 = all cores
    cache_dir: str = ""  # "" = $CUTRI_CACHE_DIR or ~/.cache/cutri (tokens, fitted models)
    store_dir: str = ""  # "" = $CUTRI_STORE_DIR or ~/.local/share/cutri (labelled data: user data)
    strict: bool = False
    seed: int = 20250701
    learn: bool = True  # corrected items become training data


@dataclass(frozen=True)
class IngestSettings:
    # Rows whose text (after normalization) is shorter than this many characters are rejected
    # as "too short to be a recommendation" (e.g. a stray "x" in the content column).
    min_text_chars: int = 8
    # Hidden sheets are skipped and listed in rejects; hidden rows are read (documented choice).
    read_hidden_sheets: bool = False
    # A cell longer than this is truncated in `text` (the full text stays in `text_raw`).
    max_text_chars: int = 5000
    # A single file yielding more recommendations than this gets a warning (a register, a
    # whole report or a wrong file rather than one meeting's minutes).
    items_per_file_warning: int = 2000
    # Budget of one file's reading (a forked process per file): address space beyond what the
    # process held when it started, in MB, and wall-clock seconds. Past either the file is a
    # reject and the run goes on; 0 = no limit.
    file_memory_mb: int = 2048
    file_seconds: int = 300
    # Bounds of one PDF (damaged files, PDF bombs): pages, file size, seconds and memory of its
    # text extraction (a child process killed past the time; see docs/reading.md).
    pdf_max_pages: int = 300
    pdf_max_mb: int = 50
    pdf_max_seconds: float = 60.0
    pdf_max_memory_mb: int = 1024


@dataclass(frozen=True)
class ClassifySettings:
    # Review thresholds (issue 19, "fewer, better flags"): an item is flagged when its sector's
    # top-1 probability is below min_confidence or its margin over the runner-up below
    # min_margin, or when the authority's confidence (model, or 1.0 / >= 0.85 for an explicit
    # central / local cue) is below authority_min_confidence. Chosen on out-of-fold
    # predictions of the seed corpus so that the unflagged rows are most often right in
    # sector (alternative accepted) AND authority with at most 22% flagged
    # (benchmarks/classify_benchmark.py --tune-review), then checked on own cases and dev.
    min_confidence: float = 0.375
    min_margin: float = 0.22
    authority_min_confidence: float = 0.7
    C: float = 4.0
    model: str = "svm"  # "svm" (LinearSVC, sigmoid-calibrated) or "logreg"
    # weights of the feature blocks: word TF-IDF, char TF-IDF and per-sector counts of
    # taxonomy keywords (chosen by k-fold CV on the seed corpus)
    word_weight: float = 1.0
    char_weight: float = 0.7
    keyword_weight: float = 0.3
    folded_view: bool = True  # classify text typed without diacritics on its folded form
    # "" = no re-weighting of central/local: most real items are local, keep that prior
    authority_class_weight: str = ""
    calibration_folds: int = 3
    cv_folds: int = 5
    char_ngram_min: int = 2
    char_ngram_max: int = 5
    # heading text → sector slug, for learning from past consolidated reports (.docx)
    heading_map: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ClusterSettings:
    backend: str = "tfidf"  # "tfidf" or "embeddings" (optional extra)
    # tuned on tests/data/duplicate_groups.csv (benchmarks/cluster_benchmark.py)
    merge_threshold: float = 0.42  # average combined similarity at or above → same cluster
    review_threshold: float = 0.30  # between this and merge_threshold → review_pairs.csv
    # different sectors merge only above this: a small margin over merge_threshold, as the sector is
    # an item's prediction and a paraphrase is often predicted in a neighbouring sector (an analyst's
    # sector correction needs cluster.linkage.CORRECTED_CROSS_SECTOR_THRESHOLD)
    cross_sector_threshold: float = 0.45
    # two items merge only if they share at least this many content words (not one phrase alone)
    min_shared_terms: int = 3
    # Two items of the same unit naming the same hamlet or residential group (lexicon
    # ``residential_places``) that pass the guard and share min_shared_terms words: their
    # similarity counts this much more towards a merge (several voters of one meeting about one
    # hamlet reword one request; the default lifts a pair from the review band's floor to
    # merge_threshold). Review pairs show the similarity without it. 0 = off.
    same_place_bonus: float = 0.12
    word_weight: float = 0.4  # combined = word_weight*word + (1-word_weight)*char
    n_neighbors: int = 30  # edges kept per item; groups much larger than this may stay split
    char_ngram_min: int = 2
    char_ngram_max: int = 4
    # a syllable in more than this many items of a block is not used to find candidates
    candidate_max_df: int = 2000
    candidate_keys: int = 8  # rarest syllables per item used as search keys (large blocks)
    # backend "embeddings": combined = embedding_weight*rescaled_e5 + (1-embedding_weight)*char,
    # rescaled_e5 = (cos - embedding_low) / (embedding_high - embedding_low)
    embedding_weight: float = 0.5
    embedding_low: float = 0.92
    embedding_high: float = 0.96
    # review_pairs.csv stays proportionate: each item in at most this many pairs (its most
    # similar ones), and at most review_pairs_max pairs in all (the most similar); 0 = no cap.
    # The pairs left out are counted in manifest.json (review_pairs.dropped).
    review_pairs_per_item: int = 10
    review_pairs_max: int = 50000


@dataclass(frozen=True)
class ReportSettings:
    province: str = "..."
    issuer: str = "ĐOÀN ĐBQH VÀ HĐND TỈNH"
    issuer_parent: str = ""
    doc_number: str = "Số:      /BC-ĐĐBQH"
    place: str = ""
    date: str = ""  # "YYYY-MM-DD"; "" = today
    round_name: str = "trước Kỳ họp"
    session: str = ""
    term: str = ""
    recipients: tuple[str, ...] = (
        "Ủy ban Dân nguyện và Giám sát của Quốc hội",
        "Thường trực HĐND tỉnh",
        "UBND tỉnh",
    )
    cc: tuple[str, ...] = ("Lưu: VT",)
    signer_title: str = "TM. ĐOÀN ĐẠI BIỂU QUỐC HỘI"
    signer_role: str = "TRƯỞNG ĐOÀN"
    signer_name: str = ""
    show_names: bool = False
    # report.docx is marked "DỰ THẢO" until analysts' corrections are applied or this is true
    # (--final): the clerk says the machine's result was reviewed and needs no change
    final: bool = False
    # folder with report.html.j2, docx_style.toml and report_text.toml; "" = the bundled
    # reports/templates/. A relative path is read from the config file's folder.
    templates_dir: str = ""


@dataclass(frozen=True)
class RegisterSettings:
    # the register (sổ theo dõi kiến nghị): "" = register.sqlite in the model store's folder;
    # a path or an SQLAlchemy URL such as "postgresql+psycopg://user@host/cutri"
    url: str = ""
    round: str = ""  # round name (--round); "" = [report] session, else the input folder's name
    record: bool = True  # every run records its round; false (--no-register) = a stateless run
    busy_timeout: float = 30.0  # seconds a run waits for another one writing the register
    # recurrence: an item is a repeat of an earlier round's item at this char n-gram cosine
    # (content words, char_wb 2-4-grams) and when the place/number/object guards allow it
    match_threshold: float = 0.5
    cross_sector_threshold: float = 0.75  # items of different sectors need at least this
    # a word pair in more earlier items than this is not a search key; also the most index
    # rows read per item (its rarest pairs first)
    candidate_max_df: int = 3000
    candidate_keys: int = 12  # rarest word pairs of an item used as search keys
    candidates: int = 10  # earlier items scored per item (those sharing the most search keys)
    max_links: int = 5  # best-scoring candidates checked by the guards (links per item at most)


@dataclass(frozen=True)
class Config:
    run: RunSettings = field(default_factory=RunSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    classify: ClassifySettings = field(default_factory=ClassifySettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    register: RegisterSettings = field(default_factory=RegisterSettings)
    taxonomy: Taxonomy = field(default_factory=lambda: load_taxonomy(DEFAULT_TAXONOMY))
    source: str = ""  # path of the config file, "" for defaults

    def cache_path(self) -> Path:
        if self.run.cache_dir:
            return Path(self.run.cache_dir)
        env = os.environ.get("CUTRI_CACHE_DIR")
        if env:
            return Path(env)
        return Path.home() / ".cache" / "cutri"

    def store_path(self) -> Path:
        if self.run.store_dir:
            return Path(self.run.store_dir)
        env = os.environ.get("CUTRI_STORE_DIR")
        if env:
            return Path(env)
        return Path.home() / ".local" / "share" / "cutri"

    def replace(self, **sections: Any) -> "Config":
        """Return a copy with single settings changed: ``cfg.replace(run={"jobs": 2})``."""
        out = self
        for name, values in sections.items():
            current = getattr(out, name)
            out = dataclasses.replace(out, **{name: dataclasses.replace(current, **values)})
        return out

    def as_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["taxonomy"] = [s["slug"] for s in d["taxonomy"]["sectors"]]
        return d


def _read_toml(path: Path) -> dict:
    from .io import read_toml

    return read_toml(path, "tệp cấu hình")


def _sector_from(entry: dict, where: str) -> Sector:
    if not isinstance(entry, dict) or not entry.get("slug") or not entry.get("label"):
        raise ConfigError(f"{where}: mỗi lĩnh vực cần có 'slug' và 'label'.")
    slug = str(entry["slug"])
    if not slug.replace("_", "").isalnum() or not slug.isascii() or slug != slug.lower():
        raise ConfigError(f"{where}: mã lĩnh vực '{slug}' chỉ được gồm chữ thường không dấu, số và '_'.")
    unknown = set(entry) - {"slug", "label", "description", "keywords", "agency"}
    if unknown:
        raise ConfigError(f"{where}: lĩnh vực '{slug}' có khóa không hợp lệ: {', '.join(sorted(unknown))}.")
    return Sector(
        slug=slug,
        label=str(entry["label"]),
        description=str(entry.get("description", "")),
        keywords=tuple(str(k) for k in entry.get("keywords", [])),
        agency=str(entry.get("agency", "")),
    )


def load_taxonomy(path: Path) -> Taxonomy:
    data = _read_toml(Path(path))
    sectors = [_sector_from(e, f"{path}, lĩnh vực thứ {i + 1}") for i, e in enumerate(data.get("sectors", []))]
    if not sectors:
        raise ConfigError(f"{path}: danh mục lĩnh vực trống.")
    return Taxonomy(tuple(sectors))


def _build(cls, values: dict, where: str):
    names = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(values) - set(names)
    if unknown:
        raise ConfigError(
            f"{where}: khóa không hợp lệ: {', '.join(sorted(unknown))} (các khóa hợp lệ: {', '.join(names)})."
        )
    kwargs = {}
    defaults = cls()
    for key, val in values.items():
        default = getattr(defaults, key)
        if isinstance(default, tuple):
            if key == "heading_map" and isinstance(val, dict):
                val = tuple(sorted((str(k), str(v)) for k, v in val.items()))
            elif not isinstance(val, list):
                raise ConfigError(f"{where}: '{key}' phải là một danh sách.")
            else:
                val = tuple(val)
        elif isinstance(default, bool):
            if not isinstance(val, bool):
                raise ConfigError(f"{where}: '{key}' phải là true hoặc false.")
        elif isinstance(default, (int, float)):
            if isinstance(val, bool) or not isinstance(val, (int, float)):
                raise ConfigError(f"{where}: '{key}' phải là một số.")
            val = type(default)(val)
        elif isinstance(default, str):
            val = str(val)
        kwargs[key] = val
    return cls(**kwargs)


def load_config(path: str | Path | None = None) -> Config:
    """Load a TOML config file over the defaults; ``None`` gives the defaults."""
    if path is None:
        return Config()
    path = Path(path)
    data = _read_toml(path)
    where = str(path)
    sections = {
        "run": RunSettings,
        "ingest": IngestSettings,
        "classify": ClassifySettings,
        "cluster": ClusterSettings,
        "report": ReportSettings,
        "register": RegisterSettings,
    }
    unknown = set(data) - set(sections) - {"taxonomy"}
    if unknown:
        raise ConfigError(f"{where}: mục không hợp lệ: {', '.join(sorted(unknown))}.")
    built = {name: _build(cls, data.get(name, {}), f"{where} [{name}]") for name, cls in sections.items()}

    tax_data = data.get("taxonomy", {})
    base = DEFAULT_TAXONOMY
    if "file" in tax_data:
        base = (path.parent / tax_data["file"]).resolve()
    taxonomy = load_taxonomy(base)
    extra = [_sector_from(e, f"{where} [taxonomy]") for e in tax_data.get("sectors", [])]
    if extra:
        by_slug = {s.slug: s for s in taxonomy.sectors}
        order = [s.slug for s in taxonomy.sectors]
        for s in extra:
            if s.slug not in by_slug:
                order.append(s.slug)
            by_slug[s.slug] = s
        taxonomy = Taxonomy(tuple(by_slug[s] for s in order))
    check_report_date(built["report"].date, f"{where} [report] date")
    for key in ("pdf_max_pages", "pdf_max_mb", "pdf_max_seconds", "pdf_max_memory_mb"):
        if getattr(built["ingest"], key) <= 0:
            raise ConfigError(f"{where} [ingest] {key}: phải là một số lớn hơn 0.")
    heading_map = built["classify"].heading_map
    for _, slug in heading_map:
        if slug not in taxonomy.slugs:
            raise ConfigError(f"{where} [classify] heading_map: mã lĩnh vực không có trong danh mục: '{slug}'.")
    return Config(taxonomy=taxonomy, source=str(path), **built)


REPORT_YEARS = (1980, 2107)  # what an Office file (a zip) can stamp


def check_report_date(value: str, where: str = "--date") -> None:
    """A report date is YYYY-MM-DD in the years an Office file can carry; "" means today."""
    import datetime as dt

    if not value:
        return
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{where}: ngày không hợp lệ: '{value}' (dạng đúng: YYYY-MM-DD, ví dụ 2026-11-05).") from None
    if not REPORT_YEARS[0] <= day.year <= REPORT_YEARS[1]:
        raise ConfigError(f"{where}: ngày '{value}' nằm ngoài khoảng cho phép (năm {REPORT_YEARS[0]}–{REPORT_YEARS[1]}).")
