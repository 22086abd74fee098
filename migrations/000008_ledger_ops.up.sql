-- Posting order. seq numbers each account's ledger rows 1, 2, 3 … in the order
-- they were posted under the balance lock. Timestamps cannot give that order:
-- a transaction takes its time before it waits for another's lock, so a later
-- posting can carry an earlier created_at. `agora check-ledger` replays each
-- account's running balance in seq order, and a gap in seq is a missing row.
ALTER TABLE ledger_entries ADD COLUMN seq bigint;
UPDATE ledger_entries e SET seq = n.seq
FROM (SELECT id, row_number() OVER (PARTITION BY account_id ORDER BY created_at, id) AS seq FROM ledger_entries) n
WHERE n.id = e.id;
ALTER TABLE ledger_entries ALTER COLUMN seq SET NOT NULL;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_seq_check CHECK (seq >= 1);
-- The statement (newest first) and the next seq come from this index.
CREATE UNIQUE INDEX ledger_entries_account_seq_idx ON ledger_entries (account_id, seq);
DROP INDEX ledger_entries_account_idx;

-- The form token of an operations top-up or adjustment: a double-click or a
-- retried POST finds the row it already made instead of moving money twice.
ALTER TABLE ledger_entries ADD COLUMN request_key text
    CHECK (request_key IS NULL OR request_key ~ '^[A-Za-z0-9_-]{16,64}$');
CREATE UNIQUE INDEX ledger_entries_request_idx ON ledger_entries (actor_id, request_key) WHERE request_key IS NOT NULL;

-- Operations find accounts by part of their name.
CREATE INDEX accounts_name_trgm_idx ON accounts USING gin (lower(name) gin_trgm_ops);
