"""SQL for content: packs, decks, cards and drills."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel

from bot.packs.schema import Card, Deck, Drill, PackMeta
from bot.storage.db import Database, Transaction, to_db_time


class StoredPack(BaseModel):
    id: str
    title: str
    version: int
    license: str
    description: str
    source: str
    retired: bool
    cards: int
    drills: int
    decks: int


class ContentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reads ------------------------------------------------------------------------------

    async def pack_version(self, pack_id: str, tx: Transaction | None = None) -> int | None:
        row = await (tx or self._db).fetchone("SELECT version FROM packs WHERE id = ?", (pack_id,))
        return int(row["version"]) if row else None

    async def list_packs(self, *, include_retired: bool = False) -> list[StoredPack]:
        rows = await self._db.fetchall(
            """
            SELECT p.id, p.title, p.version, p.license, p.description, p.source, p.retired_at,
                   (SELECT COUNT(*) FROM cards c WHERE c.pack_id = p.id AND c.retired_at IS NULL) AS cards,
                   (SELECT COUNT(*) FROM drills d WHERE d.pack_id = p.id AND d.retired_at IS NULL) AS drills,
                   (SELECT COUNT(*) FROM decks k WHERE k.pack_id = p.id AND k.retired_at IS NULL) AS decks
            FROM packs p
            WHERE ? OR p.retired_at IS NULL
            ORDER BY p.id
            """,
            (include_retired,),
        )
        return [
            StoredPack(
                id=row["id"], title=row["title"], version=row["version"], license=row["license"],
                description=row["description"], source=row["source"], retired=row["retired_at"] is not None,
                cards=row["cards"], drills=row["drills"], decks=row["decks"],
            )
            for row in rows
        ]

    async def get_card(self, card_id: str, *, include_retired: bool = True) -> Card | None:
        row = await self._db.fetchone(
            "SELECT body FROM cards WHERE id = ? AND (? OR retired_at IS NULL)", (card_id, include_retired)
        )
        return Card.model_validate_json(row["body"]) if row else None

    async def get_drill(self, drill_id: str, *, include_retired: bool = True) -> Drill | None:
        row = await self._db.fetchone(
            "SELECT body FROM drills WHERE id = ? AND (? OR retired_at IS NULL)", (drill_id, include_retired)
        )
        return Drill.model_validate_json(row["body"]) if row else None

    async def item_ids(self, table: str, pack_id: str) -> set[str]:
        if table not in ("cards", "drills", "decks"):
            raise ValueError(table)
        rows = await self._db.fetchall(f"SELECT id FROM {table} WHERE pack_id = ?", (pack_id,))
        return {row["id"] for row in rows}

    async def search_item_ids(self, fragment: str, limit: int = 25) -> list[str]:
        """Ids of live cards and drills containing `fragment`, for autocomplete and suggestions."""
        pattern = f"%{fragment.lower()}%"
        rows = await self._db.fetchall(
            """
            SELECT id FROM cards WHERE retired_at IS NULL AND LOWER(id) LIKE ?
            UNION ALL
            SELECT id FROM drills WHERE retired_at IS NULL AND LOWER(id) LIKE ?
            ORDER BY id LIMIT ?
            """,
            (pattern, pattern, limit),
        )
        return [row["id"] for row in rows]

    # -- writes (inside a transaction) --------------------------------------------------------

    async def upsert_pack(self, tx: Transaction, meta: PackMeta, source: str, now: datetime) -> None:
        await tx.execute(
            """
            INSERT INTO packs (id, title, version, license, description, source, loaded_at, retired_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
            ON CONFLICT (id) DO UPDATE SET
                title = excluded.title, version = excluded.version, license = excluded.license,
                description = excluded.description, source = excluded.source,
                loaded_at = excluded.loaded_at, retired_at = NULL
            """,
            (meta.pack, meta.title, meta.version, meta.license, meta.description, source, to_db_time(now)),
        )

    async def upsert_decks(self, tx: Transaction, pack_id: str, decks: Iterable[Deck]) -> None:
        await tx.executemany(
            """
            INSERT INTO decks (id, pack_id, deck_id, title, description, retired_at)
            VALUES (?, ?, ?, ?, ?, NULL)
            ON CONFLICT (id) DO UPDATE SET
                title = excluded.title, description = excluded.description, retired_at = NULL
            """,
            [(f"{pack_id}/{d.id}", pack_id, d.id, d.title, d.description) for d in decks],
        )

    async def upsert_card(
        self, tx: Transaction, pack_id: str, version: int, card: Card, content_hash: str, now: datetime
    ) -> bool:
        """Insert or update a card; returns True when something changed."""
        return bool(
            await tx.execute(
                """
                INSERT INTO cards (id, pack_id, deck_id, card_type, difficulty, body, content_hash,
                                   pack_version, created_at, updated_at, retired_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT (id) DO UPDATE SET
                    deck_id = excluded.deck_id, card_type = excluded.card_type,
                    difficulty = excluded.difficulty, body = excluded.body,
                    content_hash = excluded.content_hash, pack_version = excluded.pack_version,
                    updated_at = excluded.updated_at, retired_at = NULL
                WHERE cards.content_hash <> excluded.content_hash OR cards.retired_at IS NOT NULL
                """,
                (
                    f"{pack_id}/{card.id}", pack_id, f"{pack_id}/{card.deck}", card.type, card.difficulty,
                    card.model_dump_json(), content_hash, version, to_db_time(now), to_db_time(now),
                ),
            )
        )

    async def upsert_drill(
        self, tx: Transaction, pack_id: str, version: int, drill: Drill, content_hash: str, now: datetime
    ) -> bool:
        return bool(
            await tx.execute(
                """
                INSERT INTO drills (id, pack_id, domain, difficulty, primary_dimension, response_count, body,
                                    content_hash, pack_version, created_at, updated_at, retired_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT (id) DO UPDATE SET
                    domain = excluded.domain, difficulty = excluded.difficulty,
                    primary_dimension = excluded.primary_dimension, response_count = excluded.response_count,
                    body = excluded.body, content_hash = excluded.content_hash,
                    pack_version = excluded.pack_version, updated_at = excluded.updated_at, retired_at = NULL
                WHERE drills.content_hash <> excluded.content_hash OR drills.retired_at IS NOT NULL
                """,
                (
                    f"{pack_id}/{drill.id}", pack_id, drill.domain, drill.difficulty, drill.primary_dimension,
                    len(drill.responses), drill.model_dump_json(), content_hash, version,
                    to_db_time(now), to_db_time(now),
                ),
            )
        )

    async def retire_missing(
        self, tx: Transaction, table: str, pack_id: str, keep_ids: set[str], now: datetime
    ) -> int:
        """Retire the pack's items in `table` that are not in `keep_ids`. Returns how many."""
        if table not in ("cards", "drills", "decks"):
            raise ValueError(table)
        rows = await tx.fetchall(
            f"SELECT id FROM {table} WHERE pack_id = ? AND retired_at IS NULL", (pack_id,)
        )
        gone = [row["id"] for row in rows if row["id"] not in keep_ids]
        await tx.executemany(
            f"UPDATE {table} SET retired_at = ? WHERE id = ?", [(to_db_time(now), item) for item in gone]
        )
        return len(gone)
