"""The register's tables (SQLAlchemy Core), at the newest schema version.

The migrations in ``migrations/versions`` build exactly these tables; a test
compares the two. Alembic's own ``alembic_version`` table holds the schema
version of a register.

rounds            one row per recorded round (kỳ họp / đợt tiếp xúc cử tri)
recommendations   the round's recommendations (rows of recommendations.csv)
items             the round's consolidated items (rows of clusters.csv)
item_terms        inverted index: hashed word pairs of each item → item (candidate search)
entries           register entries: one per recommendation followed across rounds,
                  keyed by the stable ``register_id``
links             many-to-many: consolidated item ↔ register entry
answers           (schema v2) answer documents' items, written by ``pipeline.answers``
answer_links      (schema v2) many-to-many: answer ↔ register entry, with a status
"""

from __future__ import annotations

from sqlalchemy import (BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String,
                        Table, Text, UniqueConstraint)

metadata = MetaData()

rounds = Table(
    "rounds", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(300), nullable=False),
    Column("name_key", String(300), nullable=False, unique=True),  # casefolded, spaces collapsed
    Column("input_name", String(300), nullable=False, default=""),  # the input folder's name
    Column("held_on", String(10), nullable=False, default=""),  # report date, YYYY-MM-DD
    Column("recorded_at", String(32), nullable=False, default=""),
    Column("units", Text, nullable=False, default=""),  # "; "-joined, sorted
    Column("n_units", Integer, nullable=False, default=0),
    Column("n_recommendations", Integer, nullable=False, default=0),
    Column("n_items", Integer, nullable=False, default=0),
    Column("report_meta", Text, nullable=False, default="{}"),  # JSON: province, session, term...
)

recommendations = Table(
    "recommendations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("item_id", String(64), nullable=False),
    Column("cluster_id", String(80), nullable=False, default=""),
    Column("unit", String(300), nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("sector", String(80), nullable=False, default=""),
    Column("authority", String(40), nullable=False, default=""),
    Column("source_file", Text, nullable=False, default=""),
    Column("source_ref", String(120), nullable=False, default=""),
)

items = Table(
    "items", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("cluster_id", String(80), nullable=False),
    Column("sector", String(80), nullable=False, default=""),
    Column("sector_label", String(300), nullable=False, default=""),
    Column("authority", String(40), nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),  # representative text
    Column("n_items", Integer, nullable=False, default=1),
    Column("n_units", Integer, nullable=False, default=1),
    Column("units", Text, nullable=False, default=""),
    UniqueConstraint("round_id", "cluster_id", name="uq_items_round_cluster"),
)

item_terms = Table(
    "item_terms", metadata,
    Column("term", BigInteger, primary_key=True, autoincrement=False),
    Column("item_pk", Integer, ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, autoincrement=False),
    Index("ix_item_terms_item", "item_pk"),
    sqlite_with_rowid=False,
)

entries = Table(
    "entries", metadata,
    Column("register_id", String(40), primary_key=True),
    Column("first_round_id", Integer, nullable=True),
    Column("sector", String(80), nullable=False, default=""),
    Column("authority", String(40), nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("status", String(40), nullable=False, default="", server_default=""),  # v2: latest status
)

links = Table(
    "links", metadata,
    Column("item_pk", Integer, ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, autoincrement=False),
    Column("register_id", String(40), ForeignKey("entries.register_id"), primary_key=True),
    Column("score", Float, nullable=False, default=1.0),
    # new: first raised here · auto: matched by cutri · confirmed / manual: by an analyst
    Column("kind", String(16), nullable=False, default="auto"),
    Column("is_primary", Boolean, nullable=False, default=False),
    Index("ix_links_register", "register_id"),
)

answers = Table(
    "answers", metadata,
    Column("answer_id", String(64), primary_key=True),
    Column("document_key", String(128), nullable=False, index=True),  # import again → replace
    Column("source_file", Text, nullable=False, default=""),
    Column("source_ref", String(120), nullable=False, default=""),
    Column("agency", String(300), nullable=False, default=""),
    Column("doc_number", String(120), nullable=False, default=""),
    Column("doc_date", String(10), nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("status", String(40), nullable=False, default=""),
    Column("imported_at", String(32), nullable=False, default=""),
)

answer_links = Table(
    "answer_links", metadata,
    Column("answer_id", String(64), ForeignKey("answers.answer_id", ondelete="CASCADE"), primary_key=True),
    Column("register_id", String(40), ForeignKey("entries.register_id"), primary_key=True),
    Column("status", String(40), nullable=False, default=""),
    Column("match_score", Float, nullable=False, default=0.0),
    Column("recommendation_text", Text, nullable=False, default=""),
    Index("ix_answer_links_register", "register_id"),
)
