-- After the sale: unsubscription requests (退订) and the buyers' invoice
-- requests (给用户开票). An order has at most one open request of each kind,
-- and never both at once (domain §6.2): the services check the other table
-- under the order's row lock.
CREATE TABLE unsubscriptions (
    id              uuid PRIMARY KEY,
    number          text NOT NULL UNIQUE,
    order_id        uuid NOT NULL REFERENCES orders (id),
    buyer_id        uuid NOT NULL REFERENCES accounts (id),
    seller_id       uuid NOT NULL REFERENCES accounts (id),
    kind            text NOT NULL CHECK (kind IN ('negotiated', 'standard', 'return')),
    status          text NOT NULL CHECK (status IN ('pending', 'escalated', 'returning', 'approved', 'rejected', 'withdrawn')),
    version         integer NOT NULL DEFAULT 1,
    amount_fen      bigint NOT NULL CHECK (amount_fen >= 0),  -- asked for (negotiated) or computed (standard); refunded on approval
    rule            text NOT NULL DEFAULT '',                  -- standard: 'five_day' (full) or 'pro_rata'
    reason          text NOT NULL,
    show_phone      boolean NOT NULL DEFAULT false,            -- the buyer lets the seller see their phone
    opinion         text NOT NULL DEFAULT '',                  -- the seller's (or operations') review opinion
    courier         text NOT NULL DEFAULT '',                  -- hardware return shipping
    waybill         text NOT NULL DEFAULT '',
    due_at          timestamptz,                               -- the seller's deadline (negotiated) or automatic acceptance (return)
    decided_by      uuid REFERENCES accounts (id),
    decided_at      timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX unsubscriptions_one_open_idx ON unsubscriptions (order_id) WHERE status IN ('pending', 'escalated', 'returning');
CREATE INDEX unsubscriptions_buyer_idx ON unsubscriptions (buyer_id, created_at DESC);
CREATE INDEX unsubscriptions_seller_idx ON unsubscriptions (seller_id, status, created_at DESC);
CREATE INDEX unsubscriptions_due_idx ON unsubscriptions (due_at) WHERE status IN ('pending', 'returning');
-- The 5-day full refund is limited per buyer and year.
CREATE INDEX unsubscriptions_five_day_idx ON unsubscriptions (buyer_id, created_at) WHERE rule = 'five_day' AND status = 'approved';

CREATE TABLE invoices (
    id              uuid PRIMARY KEY,
    number          text NOT NULL UNIQUE,                      -- the request's number (the tax invoice number is invoice_no)
    order_id        uuid NOT NULL REFERENCES orders (id),
    buyer_id        uuid NOT NULL REFERENCES accounts (id),
    seller_id       uuid NOT NULL REFERENCES accounts (id),
    status          text NOT NULL CHECK (status IN ('pending', 'issued', 'cancelled', 'returned')),
    version         integer NOT NULL DEFAULT 1,
    vat_kind        text NOT NULL CHECK (vat_kind IN ('normal', 'special')),
    medium          text NOT NULL CHECK (medium IN ('electronic', 'paper')),
    title           text NOT NULL,
    taxpayer_id     text NOT NULL DEFAULT '',
    bank_info       text NOT NULL DEFAULT '',                  -- special VAT: bank and account
    reg_address     text NOT NULL DEFAULT '',                  -- special VAT: registered address and phone
    email           text NOT NULL DEFAULT '',                  -- electronic
    ship_address    text NOT NULL DEFAULT '',                  -- paper
    amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
    invoice_no      text NOT NULL DEFAULT '',
    issued_on       timestamptz,                               -- the day on the invoice (midnight, marketplace zone)
    file_id         uuid REFERENCES files (id),                -- the electronic invoice (PDF)
    courier         text NOT NULL DEFAULT '',
    waybill         text NOT NULL DEFAULT '',
    reason          text NOT NULL DEFAULT '',                  -- rejection, cancellation or return
    due_at          timestamptz NOT NULL,                      -- issue within 7 days
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX invoices_one_open_idx ON invoices (order_id) WHERE status IN ('pending', 'issued');
CREATE INDEX invoices_buyer_idx ON invoices (buyer_id, created_at DESC);
CREATE INDEX invoices_seller_idx ON invoices (seller_id, status, created_at DESC);
CREATE INDEX invoices_overdue_idx ON invoices (due_at) WHERE status = 'pending';
