-- Content: packs, decks, quiz cards and ranking drills, loaded from content packs.
-- Items are never deleted: an item removed from its pack gets retired_at, so history keeps its references.
CREATE TABLE packs (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    license     TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    loaded_at   TEXT NOT NULL,
    retired_at  TEXT
);

CREATE TABLE decks (
    id          TEXT PRIMARY KEY,          -- "<pack>/<deck>"
    pack_id     TEXT NOT NULL REFERENCES packs(id),
    deck_id     TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    retired_at  TEXT,
    UNIQUE (pack_id, deck_id)
);

CREATE TABLE cards (
    id           TEXT PRIMARY KEY,         -- "<pack>/<card>"
    pack_id      TEXT NOT NULL REFERENCES packs(id),
    deck_id      TEXT NOT NULL,            -- "<pack>/<deck>"
    card_type    TEXT NOT NULL,
    difficulty   INTEGER NOT NULL,
    body         TEXT NOT NULL,            -- the validated card as JSON
    content_hash TEXT NOT NULL,
    pack_version INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    retired_at   TEXT
);
CREATE INDEX cards_by_deck ON cards (deck_id) WHERE retired_at IS NULL;

CREATE TABLE drills (
    id                TEXT PRIMARY KEY,    -- "<pack>/<drill>"
    pack_id           TEXT NOT NULL REFERENCES packs(id),
    domain            TEXT NOT NULL,
    difficulty        INTEGER NOT NULL,
    primary_dimension TEXT NOT NULL,
    response_count    INTEGER NOT NULL,
    body              TEXT NOT NULL,       -- the validated drill as JSON
    content_hash      TEXT NOT NULL,
    pack_version      INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    retired_at        TEXT
);
CREATE INDEX drills_by_pack ON drills (pack_id);

-- Per-guild configuration; later features add their own tables keyed by guild_id.
CREATE TABLE guild_settings (
    guild_id          INTEGER PRIMARY KEY,
    moderator_role_id INTEGER,
    timezone          TEXT NOT NULL DEFAULT 'UTC',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
