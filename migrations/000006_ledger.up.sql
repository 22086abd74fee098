-- Balances and their ledger. Every movement of money is a row; a balance is the
-- running total of its account's rows, kept beside them for locking and reading
-- (`agora check-ledger` proves the two agree). Amounts are fen, signed: money
-- into the balance is positive, money out negative.
CREATE TABLE balances (
    account_id  uuid PRIMARY KEY REFERENCES accounts (id),
    balance_fen bigint NOT NULL CHECK (balance_fen >= 0),
    currency    text NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
    updated_at  timestamptz NOT NULL
);

CREATE TABLE ledger_entries (
    id                uuid PRIMARY KEY,
    account_id        uuid NOT NULL REFERENCES accounts (id),
    kind              text NOT NULL CHECK (kind IN ('topup', 'payment', 'refund', 'adjustment')),
    amount_fen        bigint NOT NULL CHECK (amount_fen <> 0),
    balance_after_fen bigint NOT NULL CHECK (balance_after_fen >= 0),
    currency          text NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
    order_id          uuid,          -- payments and refunds; the foreign key comes with the orders table
    actor_id          uuid REFERENCES accounts (id),  -- operations staff for top-ups and adjustments
    reason            text NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL,
    CHECK (kind <> 'topup' OR amount_fen > 0),
    CHECK (kind <> 'payment' OR (amount_fen < 0 AND order_id IS NOT NULL)),
    CHECK (kind <> 'refund' OR (amount_fen > 0 AND order_id IS NOT NULL)),
    CHECK (kind NOT IN ('topup', 'adjustment') OR (actor_id IS NOT NULL AND reason <> ''))
);
CREATE INDEX ledger_entries_account_idx ON ledger_entries (account_id, created_at DESC, id DESC);
CREATE INDEX ledger_entries_order_idx ON ledger_entries (order_id) WHERE order_id IS NOT NULL;
-- An order is paid once: a retried or doubled payment cannot charge twice.
CREATE UNIQUE INDEX ledger_entries_one_payment_idx ON ledger_entries (order_id) WHERE kind = 'payment';
