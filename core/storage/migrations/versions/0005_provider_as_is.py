"""One word, one meaning: a paragraph already in the target language was recorded with the
provider name "original", which is also the name of the original text layer. It is now
"as-is" (the text kept as it is).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _rename(old: str, new: str) -> None:
    op.get_bind().execute(
        sa.text("UPDATE translations SET provider = :new WHERE provider = :old"),
        {"old": old, "new": new},
    )


def upgrade() -> None:
    _rename("original", "as-is")


def downgrade() -> None:
    _rename("as-is", "original")
