"""Content use cases: load packs into the database, look items up, describe what is loaded."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from pydantic import BaseModel, Field

from bot.clock import Clock
from bot.domain.suggest import did_you_mean
from bot.errors import NotFound, UserError
from bot.packs.loader import load_packs
from bot.packs.schema import Card, Drill, Pack
from bot.storage.db import Database
from bot.storage.repositories.content import ContentRepository, StoredPack

log = logging.getLogger(__name__)


class PackSyncResult(BaseModel):
    pack: str
    version: int
    added_or_updated: int = 0
    retired: int = 0
    skipped: str | None = None


class SyncReport(BaseModel):
    packs: list[PackSyncResult] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)


class ContentItem(BaseModel):
    """A card or a drill with its global id ("<pack>/<id>")."""

    global_id: str
    card: Card | None = None
    drill: Drill | None = None


def content_hash(item: BaseModel) -> str:
    return hashlib.sha256(item.model_dump_json().encode()).hexdigest()


class ContentService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._repo = ContentRepository(db)

    async def sync_dirs(self, paths: list[Path]) -> SyncReport:
        """Load every valid pack under `paths` into the database. Invalid packs are skipped, not fatal."""
        packs, issues = load_packs(paths)
        report = SyncReport(problems=[str(issue) for issue in issues])
        bad_packs = {issue.pack for issue in issues}
        for pack in packs:
            if pack.id in bad_packs:
                report.packs.append(
                    PackSyncResult(pack=pack.id, version=pack.meta.version, skipped="invalid: see problems")
                )
                continue
            report.packs.append(await self.upsert_pack(pack, source=str(getattr(pack, "source", ""))))
        for problem in report.problems:
            log.warning("content: %s", problem)
        return report

    async def upsert_pack(self, pack: Pack, source: str) -> PackSyncResult:
        """Upsert one validated pack by version; items missing from it are retired, never deleted."""
        result = PackSyncResult(pack=pack.id, version=pack.meta.version)
        now = self._clock.now()
        async with self._db.transaction() as tx:
            # Read inside the transaction: a process starting with an older copy of the pack at the same
            # moment as a newer one must not slip in between the check and the write.
            stored_version = await self._repo.pack_version(pack.id, tx)
            if stored_version is not None and stored_version > pack.meta.version:
                result.skipped = f"the database has version {stored_version}, newer than this file's"
                log.warning("pack %s: %s", pack.id, result.skipped)
                return result
            await self._repo.upsert_pack(tx, pack.meta, source, now)
            await self._repo.upsert_decks(tx, pack.id, pack.meta.decks)
            for card in pack.cards:
                changed = await self._repo.upsert_card(tx, pack.id, pack.meta.version, card, content_hash(card), now)
                result.added_or_updated += changed
            for drill in pack.drills:
                changed = await self._repo.upsert_drill(
                    tx, pack.id, pack.meta.version, drill, content_hash(drill), now
                )
                result.added_or_updated += changed
            result.retired += await self._repo.retire_missing(
                tx, "cards", pack.id, {f"{pack.id}/{c.id}" for c in pack.cards}, now
            )
            result.retired += await self._repo.retire_missing(
                tx, "drills", pack.id, {f"{pack.id}/{d.id}" for d in pack.drills}, now
            )
            await self._repo.retire_missing(tx, "decks", pack.id, {f"{pack.id}/{d.id}" for d in pack.meta.decks}, now)
        if result.added_or_updated or result.retired:
            log.info(
                "pack %s v%d: %d added or updated, %d retired",
                pack.id, pack.meta.version, result.added_or_updated, result.retired,
            )
        return result

    async def packs(self) -> list[StoredPack]:
        return await self._repo.list_packs()

    async def get_item(self, global_id: str) -> ContentItem:
        """A card or drill by "<pack>/<id>"; NotFound suggests the closest ids."""
        global_id = global_id.strip()
        if "/" not in global_id:
            raise UserError(f"`{global_id}` is not an item id: write it as <pack>/<id>, e.g. core-rubrics/fa-001.")
        card = await self._repo.get_card(global_id)
        if card is not None:
            return ContentItem(global_id=global_id, card=card)
        drill = await self._repo.get_drill(global_id)
        if drill is not None:
            return ContentItem(global_id=global_id, drill=drill)
        raise NotFound(f"No card or drill `{global_id}`." + await self._suggest(global_id))

    async def get_drill(self, global_id: str) -> Drill:
        drill = await self._repo.get_drill(global_id.strip())
        if drill is None:
            raise NotFound(f"No drill `{global_id}`." + await self._suggest(global_id))
        return drill

    async def _suggest(self, global_id: str) -> str:
        pack = global_id.split("/", 1)[0]
        return did_you_mean(global_id, await self._repo.search_item_ids(pack, limit=10_000))
