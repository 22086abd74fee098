DROP TABLE IF EXISTS ledger_entries, balances;
