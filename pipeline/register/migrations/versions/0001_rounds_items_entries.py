"""Schema v1: rounds, their recommendations and consolidated items, register entries and links.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("name_key", sa.String(300), nullable=False, unique=True),
        sa.Column("input_name", sa.String(300), nullable=False),
        sa.Column("held_on", sa.String(10), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("units", sa.Text, nullable=False),
        sa.Column("n_units", sa.Integer, nullable=False),
        sa.Column("n_recommendations", sa.Integer, nullable=False),
        sa.Column("n_items", sa.Integer, nullable=False),
        sa.Column("report_meta", sa.Text, nullable=False),
    )
    op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("cluster_id", sa.String(80), nullable=False),
        sa.Column("unit", sa.String(300), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sector", sa.String(80), nullable=False),
        sa.Column("authority", sa.String(40), nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("source_ref", sa.String(120), nullable=False),
    )
    op.create_index("ix_recommendations_round_id", "recommendations", ["round_id"])
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("cluster_id", sa.String(80), nullable=False),
        sa.Column("sector", sa.String(80), nullable=False),
        sa.Column("sector_label", sa.String(300), nullable=False),
        sa.Column("authority", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("n_items", sa.Integer, nullable=False),
        sa.Column("n_units", sa.Integer, nullable=False),
        sa.Column("units", sa.Text, nullable=False),
        sa.UniqueConstraint("round_id", "cluster_id", name="uq_items_round_cluster"),
    )
    op.create_index("ix_items_round_id", "items", ["round_id"])
    op.create_table(
        "item_terms",
        sa.Column("term", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("item_pk", sa.Integer, sa.ForeignKey("items.id", ondelete="CASCADE"), primary_key=True,
                  autoincrement=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_item_terms_item", "item_terms", ["item_pk"])
    op.create_table(
        "entries",
        sa.Column("register_id", sa.String(40), primary_key=True),
        sa.Column("first_round_id", sa.Integer, nullable=True),
        sa.Column("sector", sa.String(80), nullable=False),
        sa.Column("authority", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "links",
        sa.Column("item_pk", sa.Integer, sa.ForeignKey("items.id", ondelete="CASCADE"), primary_key=True,
                  autoincrement=False),
        sa.Column("register_id", sa.String(40), sa.ForeignKey("entries.register_id"), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("is_primary", sa.Boolean, nullable=False),
    )
    op.create_index("ix_links_register", "links", ["register_id"])


def downgrade() -> None:
    for name in ("links", "entries", "item_terms", "items", "recommendations", "rounds"):
        op.drop_table(name)
