ALTER TABLE ledger_entries DROP CONSTRAINT IF EXISTS ledger_entries_order_fk;
DROP TABLE IF EXISTS orders;
