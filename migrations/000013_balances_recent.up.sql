-- The operations console lists balances most recently moved first.
CREATE INDEX balances_moved_idx ON balances (updated_at DESC, account_id);
