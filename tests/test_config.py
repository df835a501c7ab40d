"""Config loading: defaults, overrides, taxonomy extension, Vietnamese errors."""

from __future__ import annotations

import pytest

from pipeline.config import Config, load_config
from pipeline.errors import ConfigError


def test_default_taxonomy_has_the_16_sectors():
    cfg = Config()
    assert len(cfg.taxonomy.slugs) == 16
    assert cfg.taxonomy.slugs[0] == "nong_nghiep"
    assert "khac" in cfg.taxonomy.slugs
    assert cfg.taxonomy.label("y_te").startswith("Y tế")


def test_override_and_extend(tmp_path):
    path = tmp_path / "cutri.toml"
    path.write_text(
        """
[classify]
min_confidence = 0.6
heading_map = { "Lĩnh vực biển đảo" = "bien_dao" }

[report]
province = "Tuyên Quang"

[[taxonomy.sectors]]
slug = "bien_dao"
label = "Biển, đảo"
keywords = ["biển", "đảo"]

[[taxonomy.sectors]]
slug = "khac"
label = "Các vấn đề khác"
""",
        encoding="utf-8",
    )
    cfg = load_config(path)
    assert cfg.classify.min_confidence == 0.6
    assert cfg.report.province == "Tuyên Quang"
    assert cfg.taxonomy.slugs[-1] == "bien_dao"
    assert cfg.taxonomy.label("khac") == "Các vấn đề khác"
    assert len(cfg.taxonomy.slugs) == 17
    assert cfg.classify.heading_map == (("Lĩnh vực biển đảo", "bien_dao"),)


@pytest.mark.parametrize(
    "body, message",
    [
        ("[classify]\nmin_confidense = 0.5\n", "khóa không hợp lệ: min_confidense"),
        ("[classify]\nmin_confidence = 'cao'\n", "'min_confidence' phải là một số"),
        ("[bao_cao]\nx = 1\n", "mục không hợp lệ: bao_cao"),
        ("[[taxonomy.sectors]]\nslug = 'Y Tế'\nlabel = 'x'\n", "chỉ được gồm chữ thường không dấu"),
        ("[classify]\nheading_map = { 'Về y tế' = 'yte' }\n", "mã lĩnh vực không có trong danh mục: 'yte'"),
        ("[classify\n", "không đúng định dạng TOML"),
    ],
)
def test_invalid_config_gives_vietnamese_error_naming_the_file(tmp_path, body, message):
    path = tmp_path / "sai.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_a_config_saved_by_windows_notepad_is_read(tmp_path, encoding):
    """Before: a UTF-16 config (Notepad's "Unicode") stopped the run with an unexpected error."""
    path = tmp_path / "cutri.toml"
    body = '[report]\nprovince = "Tuyên Quang"\n'
    data = body.encode(encoding)
    path.write_bytes((b"\xfe\xff" + data) if encoding == "utf-16-be" else data)
    assert load_config(path).report.province == "Tuyên Quang"


def test_a_config_in_another_encoding_names_the_file(tmp_path):
    path = tmp_path / "cutri.toml"
    path.write_bytes('[report]\nprovince = "Tuyên Quang"\n'.encode("cp1258"))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value) and "không phải văn bản UTF-8" in str(err.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="Không tìm thấy tệp cấu hình"):
        load_config(tmp_path / "khong_co.toml")


def test_replace_changes_one_setting():
    cfg = Config().replace(run={"jobs": 3}, report={"date": "2026-11-05"})
    assert cfg.run.jobs == 3 and cfg.report.date == "2026-11-05"
    assert Config().run.jobs == 0


def test_example_config_in_docs_loads(repo_root):
    cfg = load_config(repo_root / "docs" / "cutri.example.toml")
    assert cfg.report.province == "tỉnh Hòa Bình"
    assert cfg.report.recipients[0] == "Ủy ban Thường vụ Quốc hội"
    assert dict(cfg.classify.heading_map)["Về chế độ chính sách"] == "lao_dong_xa_hoi"
    assert cfg.ingest.read_hidden_sheets is False
    assert len(cfg.taxonomy.slugs) == 16


def test_example_config_shows_the_real_defaults(repo_root):
    """The example's [run] [ingest] [classify] [cluster] values are the defaults it says they are."""
    import tomllib

    from pipeline.config import ClassifySettings, ClusterSettings, IngestSettings, RunSettings

    data = tomllib.loads((repo_root / "docs" / "cutri.example.toml").read_text(encoding="utf-8"))
    classes = {"run": RunSettings, "ingest": IngestSettings, "classify": ClassifySettings,
               "cluster": ClusterSettings}
    checked = 0
    for section, cls in classes.items():
        defaults = cls()
        for key, value in data.get(section, {}).items():
            if key == "heading_map":  # an example mapping, empty by default
                continue
            assert value == getattr(defaults, key), f"[{section}] {key} = {value} but the default is {getattr(defaults, key)}"
            checked += 1
    assert checked >= 8


def test_example_config_report_title_names_the_term_once(repo_root):
    from pipeline.report import _meta, load_templates

    cfg = load_config(repo_root / "docs" / "cutri.example.toml")
    meta = _meta(cfg, load_templates(cfg).text, "2026-11-05")
    assert "Quốc hội khóa XV" in meta["subject"]
    assert "Quốc hội khóa Quốc hội" not in meta["subject"]
    for term in ("XV", "khóa XV", "Quốc hội khóa XV"):
        m = _meta(cfg.replace(report={"term": term}), load_templates(cfg).text, "2026-11-05")
        assert m["subject"].count("Quốc hội khóa XV") == 1 and "khóa khóa" not in m["subject"], m["subject"]
