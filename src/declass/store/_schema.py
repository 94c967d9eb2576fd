"""Table layouts of the two backends, side by side so they stay alike.

Tables (both backends):

- `docs` — one row per document id: the current version's searchable columns. `docno`
  is a compact internal number that the full-text index and mentions refer to.
- `versions` — every version ever stored (never overwritten): the Document JSON
  (compressed), the sha256 of its raw input, when and from where it was stored.
- `raw` — raw input bytes (compressed), once per sha256.
- `entities`, `mentions` — the entity index fed by spans of kind "entity".
- `facet_cube` — document counts per combination of facet values, kept in step with
  `docs`; each document points at its combination (`docs.fkey`), so facets of a search
  group matches by one integer and filter-only searches never scan the documents.
- `errors` — files that could not be read.
- `meta` — the schema version.
"""

from __future__ import annotations

SCHEMA_VERSION = "2"

CUBE_KEY = "collection, doc_type, classification, year, decade, has_redactions, has_revisions"

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 30000",
    "PRAGMA cache_size = -65536",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA mmap_size = 268435456",
)
#: read connections: searches touch index pages all over the file, so map more of it and cache more
SQLITE_READ_PRAGMAS = (
    "PRAGMA query_only = 1",
    "PRAGMA busy_timeout = 30000",
    "PRAGMA cache_size = -131072",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA mmap_size = 2147483648",
)

SQLITE_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS raw (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    vid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content_sha TEXT NOT NULL,
    stored_at TEXT NOT NULL,
    source_path TEXT,
    doc BLOB NOT NULL,
    UNIQUE (id, version)
);
CREATE TABLE IF NOT EXISTS docs (
    docno INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    vid INTEGER NOT NULL,
    collection TEXT, format TEXT, doc_type TEXT, title TEXT,
    date_start TEXT, date_end TEXT, date_precision TEXT NOT NULL,
    year INTEGER, decade INTEGER,
    classification TEXT NOT NULL,
    sender TEXT, recipient TEXT, volume TEXT,
    has_redactions INTEGER NOT NULL, has_revisions INTEGER NOT NULL,
    sha256 TEXT NOT NULL, content_sha TEXT NOT NULL,
    fkey INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_date_asc ON docs (coalesce(date_start, '9999-99-99'));
CREATE INDEX IF NOT EXISTS docs_date_desc ON docs (coalesce(date_start, ''));
CREATE INDEX IF NOT EXISTS docs_collection ON docs (collection, date_start);
CREATE INDEX IF NOT EXISTS docs_type ON docs (doc_type);
CREATE INDEX IF NOT EXISTS docs_classification ON docs (classification);
CREATE INDEX IF NOT EXISTS docs_year ON docs (year);
CREATE INDEX IF NOT EXISTS docs_volume ON docs (volume);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5 (
    title, body, names, sender, recipient,
    content = '', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS entities (
    eno INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_lower TEXT NOT NULL, type TEXT
);
CREATE INDEX IF NOT EXISTS entities_name ON entities (name_lower);
CREATE TABLE IF NOT EXISTS mentions (
    eno INTEGER NOT NULL, docno INTEGER NOT NULL, variant TEXT NOT NULL, variant_lower TEXT NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (eno, docno, variant)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (docno);
CREATE INDEX IF NOT EXISTS mentions_variant ON mentions (variant_lower);
CREATE TABLE IF NOT EXISTS facet_cube (
    fkey INTEGER PRIMARY KEY,
    collection TEXT NOT NULL, doc_type TEXT NOT NULL, classification TEXT NOT NULL,
    year INTEGER NOT NULL, decade INTEGER NOT NULL,
    has_redactions INTEGER NOT NULL, has_revisions INTEGER NOT NULL,
    n INTEGER NOT NULL, UNIQUE ({CUBE_KEY})
);
CREATE TABLE IF NOT EXISTS errors (eno INTEGER PRIMARY KEY, path TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
"""

#: Added to SQLite stores after the first layout (created and filled on open when missing): small
#: full-text indexes of titles (the first rank of bounded relevance) and of senders and recipients
#: (`from:`/`to:`), so neither has to walk the big index with a column filter.
SQLITE_SIDE_INDEXES = {
    "titles_fts": (
        "CREATE VIRTUAL TABLE titles_fts USING fts5 (title, content = '', tokenize = 'unicode61 remove_diacritics 2')",
        "INSERT INTO titles_fts (rowid, title) SELECT docno, coalesce(title, '') FROM docs",
    ),
    "people_fts": (
        "CREATE VIRTUAL TABLE people_fts USING fts5 (sender, recipient, content = '', "
        "tokenize = 'unicode61 remove_diacritics 2')",
        "INSERT INTO people_fts (rowid, sender, recipient) "
        "SELECT docno, coalesce(sender, ''), coalesce(recipient, '') FROM docs",
    ),
    # the words of the main index, to turn a prefix (Khrush*) into the few words it stands for
    "docs_vocab": ("CREATE VIRTUAL TABLE docs_vocab USING fts5vocab (docs_fts, 'row')",),
}

#: BM25 weights per column: title, body, entity names; sender and recipient are filters only
SQLITE_RANK = "bm25(8.0, 1.0, 2.0, 0.0, 0.0)"

POSTGRES_SCHEMA = f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS raw (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, data BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    vid BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content_sha TEXT NOT NULL,
    stored_at TEXT NOT NULL,
    source_path TEXT,
    doc BYTEA NOT NULL,
    UNIQUE (id, version)
);
CREATE TABLE IF NOT EXISTS docs (
    docno BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    vid BIGINT NOT NULL,
    collection TEXT, format TEXT, doc_type TEXT, title TEXT,
    date_start TEXT, date_end TEXT, date_precision TEXT NOT NULL,
    year INTEGER, decade INTEGER,
    classification TEXT NOT NULL,
    sender TEXT, recipient TEXT, volume TEXT,
    has_redactions BOOLEAN NOT NULL, has_revisions BOOLEAN NOT NULL,
    sha256 TEXT NOT NULL, content_sha TEXT NOT NULL,
    fkey BIGINT NOT NULL,
    tsv TSVECTOR NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_tsv ON docs USING GIN (tsv);
CREATE INDEX IF NOT EXISTS docs_date_asc ON docs (date_start ASC NULLS LAST, docno);
CREATE INDEX IF NOT EXISTS docs_date_desc ON docs (date_start DESC NULLS LAST, docno DESC);
CREATE INDEX IF NOT EXISTS docs_collection ON docs (collection, date_start);
CREATE INDEX IF NOT EXISTS docs_type ON docs (doc_type);
CREATE INDEX IF NOT EXISTS docs_classification ON docs (classification);
CREATE INDEX IF NOT EXISTS docs_year ON docs (year);
CREATE INDEX IF NOT EXISTS docs_volume ON docs (volume);
CREATE INDEX IF NOT EXISTS docs_sender ON docs USING GIN (to_tsvector('simple', coalesce(sender, '')));
CREATE INDEX IF NOT EXISTS docs_recipient ON docs USING GIN (to_tsvector('simple', coalesce(recipient, '')));
CREATE INDEX IF NOT EXISTS docs_title_trgm ON docs USING GIN (title gin_trgm_ops);
CREATE INDEX IF NOT EXISTS docs_title_tsv ON docs USING GIN (to_tsvector('simple', coalesce(title, '')));
CREATE TABLE IF NOT EXISTS entities (
    eno BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_lower TEXT NOT NULL, type TEXT
);
CREATE INDEX IF NOT EXISTS entities_name ON entities (name_lower);
CREATE INDEX IF NOT EXISTS entities_name_trgm ON entities USING GIN (name_lower gin_trgm_ops);
CREATE TABLE IF NOT EXISTS mentions (
    eno BIGINT NOT NULL, docno BIGINT NOT NULL, variant TEXT NOT NULL, variant_lower TEXT NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (eno, docno, variant)
);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (docno);
CREATE INDEX IF NOT EXISTS mentions_variant ON mentions (variant_lower);
CREATE TABLE IF NOT EXISTS facet_cube (
    fkey BIGSERIAL PRIMARY KEY,
    collection TEXT NOT NULL, doc_type TEXT NOT NULL, classification TEXT NOT NULL,
    year INTEGER NOT NULL, decade INTEGER NOT NULL,
    has_redactions BOOLEAN NOT NULL, has_revisions BOOLEAN NOT NULL,
    n BIGINT NOT NULL, UNIQUE ({CUBE_KEY})
);
CREATE TABLE IF NOT EXISTS errors (
    eno BIGSERIAL PRIMARY KEY, path TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL
);
"""

#: added to PostgreSQL stores after the first layout (created on open when missing)
POSTGRES_SIDE_INDEXES = (
    "CREATE INDEX IF NOT EXISTS docs_title_tsv ON docs USING GIN (to_tsvector('simple', coalesce(title, '')))",
)

#: PostgreSQL weights: title A, body B, entity names C (searched unless --exact)
POSTGRES_TSV = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
    "|| setweight(to_tsvector('simple', %s), 'C')"
)
