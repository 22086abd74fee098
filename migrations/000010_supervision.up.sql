-- Service supervision (服务监管): the delivery of a supervised order, node by
-- node, as one row per order; every step is an event on the 'supervision'
-- chain of the order (object id = order id). An open appeal freezes the row.
CREATE TABLE supervisions (
    order_id        uuid PRIMARY KEY REFERENCES orders (id),
    buyer_id        uuid NOT NULL REFERENCES accounts (id),
    seller_id       uuid NOT NULL REFERENCES accounts (id),
    flow            text NOT NULL CHECK (flow IN ('standard', 'license', 'hardware')),
    status          text NOT NULL CHECK (status IN ('requirements', 'confirming', 'implementing', 'acceptance', 'completed', 'unsubscribed')),
    version         integer NOT NULL DEFAULT 1,
    frozen          boolean NOT NULL DEFAULT false,  -- an appeal is open: nobody acts, timers pause
    node_since      timestamptz NOT NULL,            -- when the current node began
    requirements    text NOT NULL DEFAULT '',
    delivery_note   text NOT NULL DEFAULT '',
    actual_start    timestamptz,                     -- the seller's 服务实际开通时间
    licence_until   timestamptz,                     -- License: the delivered licence is valid until (a day in the marketplace zone)
    courier         text NOT NULL DEFAULT '',        -- hardware shipping
    waybill         text NOT NULL DEFAULT '',
    waybill_phone   text NOT NULL DEFAULT '',
    signed_at       timestamptz,                     -- the courier shows the parcel signed
    trackable       boolean,                         -- the waybill's phone is the buyer's: automatic acceptance applies
    auto_accept_at  timestamptz,                     -- when the system accepts for the buyer
    paused_left_s   bigint,                          -- while frozen: what was left of the automatic-acceptance wait
    rejections      integer NOT NULL DEFAULT 0,      -- deliveries the buyer rejected
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX supervisions_seller_idx ON supervisions (seller_id, status, node_since DESC);
CREATE INDEX supervisions_buyer_idx ON supervisions (buyer_id, status, node_since DESC);
CREATE INDEX supervisions_waybill_idx ON supervisions (courier, waybill) WHERE waybill <> '';
CREATE INDEX supervisions_auto_accept_idx ON supervisions (auto_accept_at) WHERE status = 'acceptance' AND NOT frozen;

-- What the order promised at purchase: the seller's acceptance rule (交付模板).
ALTER TABLE orders ADD COLUMN acceptance text NOT NULL DEFAULT '';

-- Courier tracking as recorded by operations (the built-in tracker); a carrier
-- client can feed the same table later.
CREATE TABLE courier_events (
    id          uuid PRIMARY KEY,
    courier     text NOT NULL,
    waybill     text NOT NULL,
    event       text NOT NULL CHECK (event IN ('signed')),
    phone       text NOT NULL,        -- the recipient phone on the waybill
    happened_at timestamptz NOT NULL,
    recorded_by uuid REFERENCES accounts (id),
    created_at  timestamptz NOT NULL
);
CREATE INDEX courier_events_waybill_idx ON courier_events (courier, waybill, happened_at DESC);

-- Files one party attached to an order's supervision or appeal, which the other
-- party may download too.
CREATE TABLE file_grants (
    file_id    uuid NOT NULL REFERENCES files (id),
    account_id uuid NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (file_id, account_id)
);

-- Appeals (申诉) and their arbitration. One open appeal per order at a time.
CREATE TABLE appeals (
    id              uuid PRIMARY KEY,
    number          text NOT NULL UNIQUE,
    order_id        uuid NOT NULL REFERENCES orders (id),
    appellant_id    uuid NOT NULL REFERENCES accounts (id),
    appellant_role  text NOT NULL CHECK (appellant_role IN ('buyer', 'seller')),
    status          text NOT NULL CHECK (status IN ('open', 'material', 'decided', 'withdrawn')),
    version         integer NOT NULL DEFAULT 1,
    node            text NOT NULL,             -- the supervision node when filed
    reason          text NOT NULL,
    demands         text NOT NULL DEFAULT '',
    asked_role      text NOT NULL DEFAULT '' CHECK (asked_role IN ('', 'buyer', 'seller')),
    ask_note        text NOT NULL DEFAULT '',
    outcome         text NOT NULL DEFAULT '' CHECK (outcome IN ('', 'resume', 'to_requirements', 'to_implementing', 'to_acceptance', 'force_accept', 'unsubscribe')),
    decision        text NOT NULL DEFAULT '',
    refund_fen      bigint CHECK (refund_fen >= 0),
    sla_due_at      timestamptz NOT NULL,
    claimed_by      uuid REFERENCES accounts (id),
    claimed_at      timestamptz,
    decided_by      uuid REFERENCES accounts (id),
    decided_at      timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX appeals_one_open_idx ON appeals (order_id) WHERE status IN ('open', 'material');
CREATE INDEX appeals_order_idx ON appeals (order_id, created_at DESC);
CREATE INDEX appeals_queue_idx ON appeals (sla_due_at) WHERE status IN ('open', 'material');
CREATE INDEX appeals_decided_idx ON appeals (decided_at DESC) WHERE decided_at IS NOT NULL;
