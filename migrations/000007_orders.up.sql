-- Orders (订单). An order keeps a snapshot of what was bought at which price, so
-- that later changes of the product never change an order. It is paid from the
-- buyer's balance (a 'payment' ledger row) or waits for payment until pay_by,
-- when a timer cancels it.
CREATE TABLE orders (
    id               uuid PRIMARY KEY,
    number           text NOT NULL UNIQUE,
    kind             text NOT NULL CHECK (kind IN ('new', 'renewal')),
    renews_id        uuid REFERENCES orders (id),
    buyer_id         uuid NOT NULL REFERENCES accounts (id),
    seller_id        uuid NOT NULL REFERENCES accounts (id),
    product_id       uuid NOT NULL REFERENCES products (id),
    spec_id          uuid NOT NULL REFERENCES product_specs (id),
    status           text NOT NULL CHECK (status IN ('pending_payment', 'processing', 'completed', 'cancelled', 'unsubscribed')),
    version          integer NOT NULL DEFAULT 1,
    -- What was bought, as it was when bought.
    access_type      text NOT NULL,
    product_name     text NOT NULL,
    product_name_en  text NOT NULL DEFAULT '',
    spec_name        text NOT NULL,
    billing_mode     text NOT NULL CHECK (billing_mode IN ('monthly', 'yearly', 'one_time', 'per_use')),
    unit_price_fen   bigint NOT NULL CHECK (unit_price_fen >= 0),
    quantity         integer NOT NULL CHECK (quantity BETWEEN 1 AND 100000),
    trial_days       integer NOT NULL DEFAULT 0 CHECK (trial_days >= 0),
    amount_fen       bigint NOT NULL CHECK (amount_fen >= 0),
    currency         text NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
    supervised       boolean NOT NULL,
    flow             text NOT NULL DEFAULT '' CHECK (flow IN ('', 'standard', 'license', 'hardware')),
    -- The agreements the buyer accepted: the product's EULA, by content hash.
    eula_sha256      text NOT NULL CHECK (eula_sha256 ~ '^[0-9a-f]{64}$'),
    -- Who bought: the account name (用户名) and the customer (客户名称) with contact details
    -- the seller sees for delivery; hardware adds the consignee's address.
    buyer_name       text NOT NULL,
    customer_name    text NOT NULL,
    contact_phone    text NOT NULL,
    contact_email    text NOT NULL,
    ship_address     text NOT NULL DEFAULT '',
    -- The buyer's form token: a retried or doubled submission finds the same order.
    idem_key         text NOT NULL CHECK (length(idem_key) BETWEEN 16 AND 64),
    created_at       timestamptz NOT NULL,
    pay_by           timestamptz NOT NULL,
    paid_at          timestamptz,
    completed_at     timestamptz,
    cancelled_at     timestamptz,
    -- The service period of a periodic order (start at payment, acceptance or the
    -- actual start the seller gave; a renewal continues from the renewed order's end).
    service_start    timestamptz,
    service_end      timestamptz,
    UNIQUE (buyer_id, idem_key),
    CHECK ((kind = 'renewal') = (renews_id IS NOT NULL)),
    CHECK ((flow = '') = NOT supervised)
);
-- The lists: a party's orders newest first, by status, and the filters' text searches.
CREATE INDEX orders_buyer_idx ON orders (buyer_id, created_at DESC, id DESC);
CREATE INDEX orders_buyer_status_idx ON orders (buyer_id, status, created_at DESC, id DESC);
CREATE INDEX orders_seller_idx ON orders (seller_id, created_at DESC, id DESC);
CREATE INDEX orders_seller_status_idx ON orders (seller_id, status, created_at DESC, id DESC);
CREATE INDEX orders_product_name_trgm_idx ON orders USING gin (product_name gin_trgm_ops);
CREATE INDEX orders_customer_trgm_idx ON orders USING gin (customer_name gin_trgm_ops);
CREATE INDEX orders_buyer_name_trgm_idx ON orders USING gin (buyer_name gin_trgm_ops);
-- Purchase limits and the one trial per buyer and product.
CREATE INDEX orders_limit_idx ON orders (buyer_id, spec_id) WHERE status IN ('pending_payment', 'processing', 'completed') AND kind = 'new' AND trial_days = 0;
CREATE UNIQUE INDEX orders_one_trial_idx ON orders (buyer_id, product_id) WHERE trial_days > 0 AND status <> 'cancelled';
-- The payment-window timer's fallback sweep.
CREATE INDEX orders_pay_by_idx ON orders (pay_by) WHERE status = 'pending_payment';
CREATE INDEX orders_renews_idx ON orders (renews_id) WHERE renews_id IS NOT NULL;

ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
