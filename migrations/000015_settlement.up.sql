-- Settlement (结算, domain §7, A11–A12). The bill run of a period (YYYYMM) turns
-- every billable payment and refund into one statement line; lines are grouped
-- per seller and goods class into statements. Everything a statement says is
-- computed by bill_candidates() from the orders and the ledger as they stood at
-- the period's cutoff, so re-running a closed period reproduces it exactly
-- (`agora settle --verify`).

-- Fee rules (平台服务费): the default, per access type and per product. Rules are
-- never edited or deleted, and never take effect in the past, so the rule that
-- applied to a line can always be found again.
CREATE TABLE fee_rules (
    id                uuid PRIMARY KEY,
    scope             text NOT NULL CHECK (scope IN ('default', 'access_type', 'product')),
    access_type       text NOT NULL DEFAULT '',
    product_id        uuid REFERENCES products (id),
    rate_bp           integer NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),  -- basis points: 500 = 5 %
    -- Joint-operation style goods: the platform invoices the buyer, and the
    -- seller invoices the platform for each statement (§7.8).
    platform_invoices boolean NOT NULL DEFAULT false,
    effective_from    timestamptz NOT NULL,
    note              text NOT NULL DEFAULT '',
    created_by        uuid REFERENCES accounts (id),
    created_at        timestamptz NOT NULL,
    CHECK ((scope = 'access_type') = (access_type <> '')),
    CHECK ((scope = 'product') = (product_id IS NOT NULL))
);
CREATE INDEX fee_rules_lookup_idx ON fee_rules (scope, access_type, product_id, effective_from DESC);
-- General goods pay 5 % since 2019-05-01 (§7.5).
INSERT INTO fee_rules (id, scope, rate_bp, effective_from, note, created_at)
VALUES ('00000000-0000-7000-8000-000000000500', 'default', 500, '2019-05-01 00:00:00+08', '通用商品平台服务费 5% general goods platform fee', '2019-05-01 00:00:00+08');

-- One row per period that has been billed: who ran it, when, and its digest.
CREATE TABLE bill_runs (
    period      integer PRIMARY KEY CHECK (period % 100 BETWEEN 1 AND 12 AND period > 200000),
    cutoff      timestamptz NOT NULL,         -- the end of the period: conditions are judged as of it
    statements  integer NOT NULL,
    lines       bigint NOT NULL,
    digest      text NOT NULL,
    run_by      uuid REFERENCES accounts (id), -- NULL: the monthly job
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    verified_at timestamptz,                   -- the last successful re-run check
    verify_ok   boolean
);

CREATE TABLE statements (
    id                uuid PRIMARY KEY,      -- derived from seller, period and class: a re-run finds the same one
    number            text NOT NULL UNIQUE,
    seller_id         uuid NOT NULL REFERENCES accounts (id),
    period            integer NOT NULL REFERENCES bill_runs (period),
    platform_invoices boolean NOT NULL,      -- the seller invoices the platform before payment
    status            text NOT NULL CHECK (status IN ('generated', 'sent', 'requisition', 'awaiting_invoice', 'invoice_review', 'invoice_rejected', 'paying', 'paid')),
    version           integer NOT NULL DEFAULT 1,
    lines             integer NOT NULL,
    gross_fen         bigint NOT NULL,       -- what buyers paid less refunds
    fee_fen           bigint NOT NULL,       -- the platform's fee
    share_fen         bigint NOT NULL,       -- the seller's share: the invoicing and payment amount
    digest            text NOT NULL,
    send_due_at       timestamptz NOT NULL,  -- review and send within 2 working days
    requisition_no    text NOT NULL DEFAULT '',
    invoice_no        text NOT NULL DEFAULT '',
    invoice_total_fen bigint,
    invoice_date      timestamptz,
    invoice_file_id   uuid REFERENCES files (id),
    reason            text NOT NULL DEFAULT '',   -- why the invoice was rejected
    payout_ref        text NOT NULL DEFAULT '',   -- the bank transfer's reference
    paid_at           timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    UNIQUE (seller_id, period, platform_invoices)
);
CREATE INDEX statements_seller_idx ON statements (seller_id, period DESC);
CREATE INDEX statements_status_idx ON statements (status, period DESC);

-- A line bills one ledger entry: an order's payment (positive) or a refund
-- (negative, pointing at the payment's line). The unique entry makes a
-- payment or refund billed once, whatever runs twice.
CREATE TABLE statement_lines (
    id               uuid PRIMARY KEY,       -- derived from the entry
    statement_id     uuid NOT NULL REFERENCES statements (id) DEFERRABLE INITIALLY DEFERRED,
    period           integer NOT NULL,
    seq              integer NOT NULL,
    order_id         uuid NOT NULL REFERENCES orders (id),
    entry_id         uuid NOT NULL UNIQUE REFERENCES ledger_entries (id),
    kind             text NOT NULL CHECK (kind IN ('new', 'renewal', 'refund')),
    original_line_id uuid,                   -- refunds: the payment's line
    occurred_at      timestamptz NOT NULL,   -- when the line entered settlement
    gross_fen        bigint NOT NULL,
    fee_rule_id      uuid NOT NULL REFERENCES fee_rules (id),
    fee_rate_bp      integer NOT NULL,
    fee_fen          bigint NOT NULL,
    share_fen        bigint NOT NULL,
    UNIQUE (statement_id, seq),
    CHECK (fee_fen + share_fen = gross_fen),
    CHECK ((kind = 'refund') = (gross_fen < 0) OR gross_fen = 0),
    CHECK ((kind = 'refund') = (original_line_id IS NOT NULL))
);
CREATE INDEX statement_lines_order_idx ON statement_lines (order_id);
CREATE INDEX statement_lines_period_idx ON statement_lines (period, statement_id);

-- Platform-fee invoices (平台费发票, A12): the platform invoices the seller for
-- the fees of paid statements; refunds' negative fees are included.
CREATE TABLE fee_invoices (
    id          uuid PRIMARY KEY,
    number      text NOT NULL UNIQUE,
    seller_id   uuid NOT NULL REFERENCES accounts (id),
    status      text NOT NULL CHECK (status IN ('requested', 'issued')),
    version     integer NOT NULL DEFAULT 1,
    kind        text NOT NULL CHECK (kind IN ('digital_special', 'digital_normal')),
    email       text NOT NULL,
    amount_fen  bigint NOT NULL,
    invoice_no  text NOT NULL DEFAULT '',
    file_id     uuid REFERENCES files (id),
    issued_at   timestamptz,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX fee_invoices_seller_idx ON fee_invoices (seller_id, created_at DESC);
CREATE INDEX fee_invoices_status_idx ON fee_invoices (status, created_at);
CREATE TABLE fee_invoice_statements (
    fee_invoice_id uuid NOT NULL REFERENCES fee_invoices (id),
    statement_id   uuid NOT NULL UNIQUE REFERENCES statements (id),
    PRIMARY KEY (fee_invoice_id, statement_id)
);

-- Round half up of a share of |x| in basis points, with x's sign.
CREATE FUNCTION fee_of(gross bigint, rate_bp integer) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT sign(gross)::bigint * ((abs(gross) * rate_bp + 5000) / 10000)
$$;

-- A line as the digest reads it: every field that matters, in a fixed order.
CREATE FUNCTION statement_line_repr(entry_id uuid, kind text, order_id uuid, original_line_id uuid, occurred_at timestamptz,
    gross_fen bigint, fee_rule_id uuid, fee_rate_bp integer, fee_fen bigint, share_fen bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws('|', entry_id, kind, order_id, coalesce(original_line_id::text, '-'),
        (extract(epoch FROM occurred_at) * 1000000)::bigint, gross_fen, fee_rule_id, fee_rate_bp, fee_fen, share_fen)
$$;

-- The fee rule for a product at a moment: the product's own, else its access
-- type's, else the default; the latest that had taken effect.
CREATE FUNCTION fee_rule_at(p_product uuid, p_access_type text, p_at timestamptz)
RETURNS TABLE (rule_id uuid, rate_bp integer, platform_invoices boolean)
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.rate_bp, r.platform_invoices FROM fee_rules r
    WHERE r.effective_from <= p_at
      AND (r.scope = 'default' OR (r.scope = 'access_type' AND r.access_type = p_access_type)
           OR (r.scope = 'product' AND r.product_id = p_product))
    ORDER BY CASE r.scope WHEN 'product' THEN 0 WHEN 'access_type' THEN 1 ELSE 2 END, r.effective_from DESC, r.id
    LIMIT 1
$$;

-- What the bill run of p_period (cutoff = the period's end) bills: every
-- payment and refund not billed by an earlier period whose billing conditions
-- (§7.1) held at the cutoff —
--   paid; supervision not involved or completed (or the order ended by an
--   unsubscription that left the seller money); renewals effective; the seller
--   certified. A payment enters at its settlement time (§7.4): a supervised new
--   order when supervision completed, a renewal when it took effect, others when
--   opened (an instant order still waiting for the production interface is not). A refund is billed with or after its payment's line, at the rate of
--   that line.
CREATE FUNCTION bill_candidates(p_period integer, p_cutoff timestamptz)
RETURNS TABLE (statement_id uuid, seller_id uuid, platform_invoices boolean, line_id uuid, seq integer, order_id uuid,
    entry_id uuid, kind text, original_line_id uuid, occurred_at timestamptz, gross_fen bigint, fee_rule_id uuid,
    fee_rate_bp integer, fee_fen bigint, share_fen bigint)
LANGUAGE sql STABLE AS $$
WITH certified AS (
    SELECT c.account_id FROM certifications c WHERE c.status = 'certified' AND c.decided_at < p_cutoff
),
payments AS (
    SELECT o.id AS order_id, o.seller_id, o.product_id, o.access_type, o.kind AS order_kind, e.id AS entry_id,
        -e.amount_fen AS paid_fen,
        -- only an unsubscribed order has refunds
        CASE WHEN o.status = 'unsubscribed' THEN
            (SELECT coalesce(sum(r.amount_fen), 0) FROM ledger_entries r
              WHERE r.order_id = o.id AND r.kind = 'refund' AND r.created_at < p_cutoff)
        ELSE 0 END AS refunded_fen,
        CASE
            WHEN o.status = 'unsubscribed' AND (o.completed_at IS NULL OR o.completed_at >= p_cutoff) THEN
                (SELECT max(r.created_at) FROM ledger_entries r WHERE r.order_id = o.id AND r.kind = 'refund')
            WHEN o.kind = 'renewal' THEN greatest(e.created_at, o.service_start)
            -- supervised: when supervision completed; instant: when the service was opened
            ELSE o.completed_at
        END AS occurred_at
    FROM ledger_entries e
    JOIN orders o ON o.id = e.order_id
    JOIN certified c ON c.account_id = o.seller_id
    WHERE e.kind = 'payment' AND e.created_at < p_cutoff
      AND NOT EXISTS (SELECT 1 FROM statement_lines l WHERE l.entry_id = e.id AND l.period < p_period)
),
billable AS (
    SELECT p.*, f.rule_id, f.rate_bp, f.platform_invoices
    FROM payments p, LATERAL fee_rule_at(p.product_id, p.access_type, p.occurred_at) f
    WHERE p.occurred_at < p_cutoff
      -- an order ended by a full refund before it was ever billed has nothing to settle
      AND NOT (p.refunded_fen >= p.paid_fen AND p.occurred_at IS NOT NULL
               AND EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id AND o.status = 'unsubscribed'
                           AND (o.completed_at IS NULL OR o.completed_at >= p_cutoff)))
),
paid_lines AS (
    SELECT b.seller_id, b.platform_invoices, b.order_id, b.entry_id, b.order_kind AS kind, NULL::uuid AS original_line_id,
        b.occurred_at, b.paid_fen AS gross_fen, b.rule_id, b.rate_bp
    FROM billable b
),
refund_lines AS (
    SELECT o.seller_id, coalesce(b.platform_invoices, s.platform_invoices) AS platform_invoices, o.id AS order_id, r.id AS entry_id,
        'refund'::text AS kind, md5('line:' || pay.id::text)::uuid AS original_line_id, r.created_at AS occurred_at,
        -r.amount_fen AS gross_fen, coalesce(b.rule_id, l.fee_rule_id) AS rule_id, coalesce(b.rate_bp, l.fee_rate_bp) AS rate_bp
    FROM ledger_entries r
    JOIN orders o ON o.id = r.order_id
    JOIN ledger_entries pay ON pay.order_id = r.order_id AND pay.kind = 'payment'
    LEFT JOIN billable b ON b.entry_id = pay.id
    LEFT JOIN statement_lines l ON l.entry_id = pay.id
    LEFT JOIN statements s ON s.id = l.statement_id AND s.period < p_period
    WHERE r.kind = 'refund' AND r.created_at < p_cutoff
      AND (b.entry_id IS NOT NULL OR s.id IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM statement_lines l2 WHERE l2.entry_id = r.id AND l2.period < p_period)
),
all_lines AS (
    SELECT * FROM paid_lines UNION ALL SELECT * FROM refund_lines
)
SELECT md5('statement:' || a.seller_id::text || ':' || p_period::text || ':' || a.platform_invoices::text)::uuid,
    a.seller_id, a.platform_invoices, md5('line:' || a.entry_id::text)::uuid,
    (row_number() OVER (PARTITION BY a.seller_id, a.platform_invoices ORDER BY a.occurred_at, a.entry_id))::integer,
    a.order_id, a.entry_id, a.kind, a.original_line_id, a.occurred_at, a.gross_fen, a.rule_id, a.rate_bp,
    fee_of(a.gross_fen, a.rate_bp), a.gross_fen - fee_of(a.gross_fen, a.rate_bp)
FROM all_lines a
$$;

-- Bills the period: inserts its lines and returns how many.
CREATE FUNCTION bill_insert_lines(p_period integer, p_cutoff timestamptz) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    WITH ins AS (
        INSERT INTO statement_lines (id, statement_id, period, seq, order_id, entry_id, kind, original_line_id, occurred_at,
            gross_fen, fee_rule_id, fee_rate_bp, fee_fen, share_fen)
        SELECT c.line_id, c.statement_id, p_period, c.seq, c.order_id, c.entry_id, c.kind, c.original_line_id, c.occurred_at,
            c.gross_fen, c.fee_rule_id, c.fee_rate_bp, c.fee_fen, c.share_fen
        FROM bill_candidates(p_period, p_cutoff) c
        RETURNING 1)
    SELECT count(*) FROM ins
$$;

-- What the period's statements would be if billed now: per statement its line
-- count, share and digest (the same digest InsertStatements stores).
CREATE FUNCTION bill_digests(p_period integer, p_cutoff timestamptz) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.statement_id, 'lines', t.n, 'share_fen', t.share, 'digest', t.d)
                              ORDER BY t.statement_id), '[]'::jsonb)
    FROM (SELECT c.statement_id, count(*) AS n, sum(c.share_fen) AS share,
              encode(sha256(convert_to(string_agg(statement_line_repr(c.entry_id, c.kind, c.order_id, c.original_line_id,
                  c.occurred_at, c.gross_fen, c.fee_rule_id, c.fee_rate_bp, c.fee_fen, c.share_fen), E'\n' ORDER BY c.seq), 'UTF8')), 'hex') AS d
          FROM bill_candidates(p_period, p_cutoff) c GROUP BY c.statement_id) t
$$;
