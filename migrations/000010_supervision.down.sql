DROP TABLE IF EXISTS appeals, file_grants, courier_events, supervisions;
ALTER TABLE orders DROP COLUMN IF EXISTS acceptance;
