DROP INDEX IF EXISTS balances_moved_idx;
