DROP INDEX IF EXISTS accounts_name_trgm_idx;
DROP INDEX IF EXISTS ledger_entries_request_idx;
ALTER TABLE ledger_entries DROP COLUMN IF EXISTS request_key;
CREATE INDEX IF NOT EXISTS ledger_entries_account_idx ON ledger_entries (account_id, created_at DESC, id DESC);
DROP INDEX IF EXISTS ledger_entries_account_seq_idx;
ALTER TABLE ledger_entries DROP COLUMN IF EXISTS seq;
