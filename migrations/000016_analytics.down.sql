DROP INDEX IF EXISTS ledger_entries_refund_idx;
DROP INDEX IF EXISTS orders_seller_unsubscribed_idx;
DROP INDEX IF EXISTS orders_seller_paid_idx;
DROP TABLE IF EXISTS analytics_salts;
DROP TABLE IF EXISTS product_visitors;
DROP TABLE IF EXISTS product_views;
