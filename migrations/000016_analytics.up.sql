-- Seller analytics (数据分析, domain §6.5). Product page views are counted per
-- product and day (days of the marketplace's time zone), never per view: a view
-- adds 1 to its (product, day) row by an upsert, so the table grows by one row
-- per product and day whatever the traffic. Sales, refunds and refund rates are
-- read from the orders and the ledger themselves (indexes below).
CREATE TABLE product_views (
    product_id  uuid NOT NULL REFERENCES products (id),
    day         date NOT NULL,
    seller_id   uuid NOT NULL REFERENCES accounts (id),
    views       bigint NOT NULL DEFAULT 0 CHECK (views >= 0),
    visitors    bigint NOT NULL DEFAULT 0 CHECK (visitors >= 0),  -- distinct visitors of this product that day
    PRIMARY KEY (product_id, day)
);
-- The dashboard: a seller's days, with everything it sums in the index.
CREATE INDEX product_views_seller_idx ON product_views (seller_id, day) INCLUDE (product_id, views, visitors);

-- Who visited a product on a day, as a 16-byte hash of the visitor (the
-- account, or the address and browser of an anonymous visitor) salted with
-- that day's salt. No address is stored; the salts are deleted once their day
-- is over, so a hash cannot be traced back to anyone afterwards, and the same
-- person has unrelated hashes on different days. A first visit of the day
-- inserts a row (ON CONFLICT DO NOTHING) and adds 1 to product_views.visitors.
CREATE TABLE product_visitors (
    product_id  uuid NOT NULL,
    day         date NOT NULL,
    visitor     bytea NOT NULL CHECK (length(visitor) = 16),
    seller_id   uuid NOT NULL,
    PRIMARY KEY (product_id, day, visitor)
);
-- A seller's distinct visitors per day (across their products).
CREATE INDEX product_visitors_seller_idx ON product_visitors (seller_id, day, visitor);

-- The salt of each day's visitor hashes, shared by every replica; only today's
-- (and yesterday's, for a view recorded across midnight) are kept.
CREATE TABLE analytics_salts (
    day   date PRIMARY KEY,
    salt  bytea NOT NULL CHECK (length(salt) = 32)
);

-- GMV and paid orders: a seller's orders by payment time, with the amount and
-- product in the index so the dashboard's sums read the index alone.
CREATE INDEX orders_seller_paid_idx ON orders (seller_id, paid_at) INCLUDE (amount_fen, product_id) WHERE paid_at IS NOT NULL;
-- Refunds: only unsubscribed orders are refunded (check-ledger proves it), so a
-- seller's refunds are found from their unsubscribed orders ...
CREATE INDEX orders_seller_unsubscribed_idx ON orders (seller_id) WHERE status = 'unsubscribed';
-- ... and each order's refund rows, by time, with the amount.
CREATE INDEX ledger_entries_refund_idx ON ledger_entries (order_id, created_at) INCLUDE (amount_fen) WHERE kind = 'refund';
