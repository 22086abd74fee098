-- Foundation: accounts, sessions, files, agreements, the working-day calendar,
-- the hash-chained event log, seller entry and business-information certification, inbox.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE accounts (
    id            uuid PRIMARY KEY,
    public_id     text NOT NULL UNIQUE CHECK (public_id ~ '^[0-9a-f]{32}$'),
    name          text NOT NULL CHECK (length(name) BETWEEN 3 AND 32),
    email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    password_hash text NOT NULL,
    ops_role      text NOT NULL DEFAULT '' CHECK (ops_role IN ('', 'reviewer', 'admin')),
    created_at    timestamptz NOT NULL
);
-- Account names are unique regardless of letter case.
CREATE UNIQUE INDEX accounts_name_key ON accounts (lower(name));

-- scs pgxstore session table.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Failed logins, counted per account name and per client address to slow down guessing.
CREATE TABLE login_failures (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope     text NOT NULL CHECK (scope IN ('account', 'addr')),
    key       text NOT NULL,
    failed_at timestamptz NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (scope, key, failed_at DESC);

-- Uploaded files. The bytes live in the blob store under blob_key; the row says who owns them.
CREATE TABLE files (
    id           uuid PRIMARY KEY,
    owner_id     uuid NOT NULL REFERENCES accounts (id),
    blob_key     text NOT NULL UNIQUE,
    name         text NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL CHECK (size >= 0),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    purpose      text NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX files_owner_idx ON files (owner_id, created_at DESC);

-- Agreements are versioned; a signature keeps the exact version and time.
CREATE TABLE agreements (
    id           uuid PRIMARY KEY,
    kind         text NOT NULL,
    version      text NOT NULL,
    title_zh     text NOT NULL,
    title_en     text NOT NULL,
    body_zh      text NOT NULL,
    body_en      text NOT NULL,
    published_at timestamptz NOT NULL,
    UNIQUE (kind, version)
);
CREATE INDEX agreements_kind_idx ON agreements (kind, published_at DESC);

CREATE TABLE agreement_signatures (
    id           uuid PRIMARY KEY,
    account_id   uuid NOT NULL REFERENCES accounts (id),
    agreement_id uuid NOT NULL REFERENCES agreements (id),
    signed_at    timestamptz NOT NULL,
    UNIQUE (account_id, agreement_id)
);
CREATE INDEX agreement_signatures_account_idx ON agreement_signatures (account_id, signed_at DESC);

-- Working-day calendar overrides: weekday holidays and weekend make-up working days.
CREATE TABLE calendar_days (
    day        date PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('holiday', 'workday')),
    note       text NOT NULL DEFAULT '',
    updated_by uuid NOT NULL REFERENCES accounts (id),
    updated_at timestamptz NOT NULL
);

-- The evidence log: append-only, hash-chained per object.
-- hash = SHA-256(prev_hash || canonical JSON of the row); event_heads pins the newest
-- hash of each chain so that removing the last rows is detected too.
CREATE TABLE events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    object_type  text NOT NULL,
    object_id    uuid NOT NULL,
    seq          integer NOT NULL CHECK (seq >= 1),
    actor_id     uuid REFERENCES accounts (id),
    actor_role   text NOT NULL,
    event        text NOT NULL,
    from_state   text NOT NULL,
    to_state     text NOT NULL,
    reason       text NOT NULL DEFAULT '',
    attachments  jsonb NOT NULL DEFAULT '[]',
    created_at   timestamptz NOT NULL,
    prev_hash    text NOT NULL,
    hash         text NOT NULL,
    UNIQUE (object_type, object_id, seq)
);

CREATE TABLE event_heads (
    object_type text NOT NULL,
    object_id   uuid NOT NULL,
    seq         integer NOT NULL,
    hash        text NOT NULL,
    PRIMARY KEY (object_type, object_id)
);

-- Seller entry applications (入驻申请): one per account, resubmitted in place.
CREATE TABLE entry_applications (
    id                     uuid PRIMARY KEY,
    number                 text NOT NULL UNIQUE,
    account_id             uuid NOT NULL UNIQUE REFERENCES accounts (id),
    status                 text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    version                integer NOT NULL DEFAULT 1,
    company_name           text NOT NULL,
    website                text NOT NULL,
    logo_file_id           uuid NOT NULL REFERENCES files (id),
    licence_file_id        uuid NOT NULL REFERENCES files (id),
    years_in_business      integer NOT NULL CHECK (years_in_business >= 0),
    headcount              integer NOT NULL CHECK (headcount >= 0),
    registered_capital_fen bigint NOT NULL CHECK (registered_capital_fen >= 0),
    contact_name           text NOT NULL,
    contact_phone          text NOT NULL,
    contact_email          text NOT NULL,
    cs_phone               text NOT NULL,
    cs_email               text NOT NULL,
    profile                text NOT NULL,
    agreement_id           uuid NOT NULL REFERENCES agreements (id),
    submitted_at           timestamptz NOT NULL,
    sla_due_at             timestamptz NOT NULL,
    decided_at             timestamptz,
    decided_by             uuid REFERENCES accounts (id),
    reject_reason          text NOT NULL DEFAULT '',
    created_at             timestamptz NOT NULL
);
CREATE INDEX entry_applications_queue_idx ON entry_applications (status, sla_due_at);

-- Business-information certification (商业信息认证): one per seller.
CREATE TABLE certifications (
    id            uuid PRIMARY KEY,
    account_id    uuid NOT NULL UNIQUE REFERENCES accounts (id),
    status        text NOT NULL CHECK (status IN ('submitted', 'certified', 'rejected', 'locked')),
    version       integer NOT NULL DEFAULT 1,
    failures      integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    bank_name     text NOT NULL,
    bank_branch   text NOT NULL,
    account_holder text NOT NULL,
    bank_account  text NOT NULL,
    tax_rate      text NOT NULL CHECK (tax_rate IN ('13', '9', '6', '3', '1', '0')),
    taxpayer_type text NOT NULL CHECK (taxpayer_type IN ('general', 'small_scale')),
    tax_id        text NOT NULL,
    submitted_at  timestamptz NOT NULL,
    sla_due_at    timestamptz NOT NULL,
    decided_at    timestamptz,
    decided_by    uuid REFERENCES accounts (id),
    reject_reason text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL
);
CREATE INDEX certifications_queue_idx ON certifications (status, sla_due_at);

-- In-app messages (站内信). Subject and body are catalog keys with parameters so
-- each reader sees them in their own language.
CREATE TABLE inbox_messages (
    id         uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    topic      text NOT NULL,
    params     jsonb NOT NULL DEFAULT '{}',
    link       text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    read_at    timestamptz
);
CREATE INDEX inbox_messages_account_idx ON inbox_messages (account_id, created_at DESC);
CREATE INDEX inbox_messages_unread_idx ON inbox_messages (account_id) WHERE read_at IS NULL;
