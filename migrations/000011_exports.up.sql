-- Exports of a filtered order list (导出记录, domain §6.1). The request creates a
-- queued record and its River job in one transaction; the job streams the rows
-- into a file owned by the exporter, and a periodic sweep deletes the file three
-- days after it was made and marks the record expired.
CREATE TABLE exports (
    id           uuid PRIMARY KEY,
    owner_id     uuid NOT NULL REFERENCES accounts (id),
    side         text NOT NULL CHECK (side IN ('buyer', 'seller')),
    format       text NOT NULL CHECK (format IN ('csv', 'xlsx')),
    -- The exporter's language at the time of the request: header row and labels.
    lang         text NOT NULL CHECK (lang IN ('zh-CN', 'en')),
    -- The order list filter as it was submitted (number, customer, user_name,
    -- product, status, from, to); the job reads orders created before created_at.
    filter       jsonb NOT NULL,
    status       text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'expired')),
    version      integer NOT NULL DEFAULT 1,
    rows_written bigint NOT NULL DEFAULT 0 CHECK (rows_written >= 0),
    rows_total   bigint CHECK (rows_total >= 0),
    file_id      uuid REFERENCES files (id) ON DELETE SET NULL,
    size         bigint NOT NULL DEFAULT 0 CHECK (size >= 0),
    -- A message key saying why a failed export failed.
    failure      text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz,
    -- Set when the file is made: done exports have a file and an expiry, expired ones only the expiry.
    expires_at   timestamptz
);
-- An account's export records, newest first.
CREATE INDEX exports_owner_idx ON exports (owner_id, side, created_at DESC, id DESC);
-- The limit on unfinished exports per account.
CREATE INDEX exports_active_idx ON exports (owner_id) WHERE status IN ('queued', 'running');
-- The expiry sweep.
CREATE INDEX exports_expiry_idx ON exports (expires_at) WHERE status = 'done';
