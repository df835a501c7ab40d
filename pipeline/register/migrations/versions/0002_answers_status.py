"""Schema v2: answers and their links to register entries; the latest status of an entry.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.add_column(sa.Column("status", sa.String(40), nullable=False, server_default=""))
    op.create_table(
        "answers",
        sa.Column("answer_id", sa.String(64), primary_key=True),
        sa.Column("document_key", sa.String(128), nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("source_ref", sa.String(120), nullable=False),
        sa.Column("agency", sa.String(300), nullable=False),
        sa.Column("doc_number", sa.String(120), nullable=False),
        sa.Column("doc_date", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("imported_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_answers_document_key", "answers", ["document_key"])
    op.create_table(
        "answer_links",
        sa.Column("answer_id", sa.String(64), sa.ForeignKey("answers.answer_id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("register_id", sa.String(40), sa.ForeignKey("entries.register_id"), primary_key=True),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("match_score", sa.Float, nullable=False),
        sa.Column("recommendation_text", sa.Text, nullable=False),
    )
    op.create_index("ix_answer_links_register", "answer_links", ["register_id"])


def downgrade() -> None:
    op.drop_table("answer_links")
    op.drop_table("answers")
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("status")
