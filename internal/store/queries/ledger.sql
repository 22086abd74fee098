-- name: EnsureBalance :exec
-- An account's balance row appears with its first movement.
INSERT INTO balances (account_id, balance_fen, updated_at) VALUES (@account_id, 0, @at)
ON CONFLICT (account_id) DO NOTHING;

-- name: LockBalance :one
-- Every movement locks the balance first, so concurrent payments queue and none overdraws.
SELECT balance_fen FROM balances WHERE account_id = $1 FOR UPDATE;

-- name: LastLedgerSeq :one
-- The seq of an account's latest row (0 before the first); read under the balance lock.
SELECT COALESCE(max(seq), 0)::bigint AS seq FROM ledger_entries WHERE account_id = $1;

-- name: SetBalance :exec
UPDATE balances SET balance_fen = @balance_fen, updated_at = @at WHERE account_id = @account_id;

-- name: GetBalance :one
SELECT COALESCE((SELECT balance_fen FROM balances WHERE account_id = $1), 0)::bigint AS balance_fen;

-- name: CreateLedgerEntry :exec
INSERT INTO ledger_entries (id, account_id, seq, kind, amount_fen, balance_after_fen, order_id, actor_id, reason, request_key, created_at)
VALUES (@id, @account_id, @seq, @kind, @amount_fen, @balance_after_fen, @order_id, @actor_id, @reason, sqlc.narg(request_key), @created_at);

-- name: ListLedgerEntries :many
SELECT * FROM ledger_entries
WHERE account_id = @account_id
ORDER BY seq DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: ListStatement :many
-- An account's statement, newest first, with the order number and the staff member of each row.
SELECT l.id, l.seq, l.kind, l.amount_fen, l.balance_after_fen, l.order_id, l.reason, l.created_at,
       COALESCE(o.number, '')::text AS order_number, COALESCE(a.name, '')::text AS actor_name
FROM ledger_entries l
LEFT JOIN orders o ON o.id = l.order_id
LEFT JOIN accounts a ON a.id = l.actor_id
WHERE l.account_id = @account_id
ORDER BY l.seq DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: OrderLedgerEntries :many
SELECT * FROM ledger_entries WHERE order_id = $1 ORDER BY created_at, id;

-- name: GetLedgerRequest :one
-- The row an operations form token already made, if any.
SELECT * FROM ledger_entries WHERE actor_id = @actor_id AND request_key = @request_key;

-- name: SearchAccountBalances :many
-- Operations look an account up by part of its name or by its public ID.
SELECT a.id, a.public_id, a.name, a.email, a.ops_role, COALESCE(b.balance_fen, 0)::bigint AS balance_fen,
       b.updated_at AS moved_at
FROM accounts a LEFT JOIN balances b ON b.account_id = a.id
WHERE lower(a.name) LIKE '%' || @pattern::text || '%' OR a.public_id = @public_id::text
ORDER BY lower(a.name), a.id
LIMIT @max_rows::int OFFSET @skip::int;

-- name: ListBalances :many
-- Accounts that have a balance, most recently moved first.
SELECT a.id, a.public_id, a.name, a.email, a.ops_role, b.balance_fen, b.updated_at AS moved_at
FROM balances b JOIN accounts a ON a.id = b.account_id
ORDER BY b.updated_at DESC, b.account_id
LIMIT @max_rows::int OFFSET @skip::int;

-- name: CheckBalances :many
-- Accounts whose balance disagrees with their rows: not the sum of the amounts,
-- not the last row's balance_after, rows missing from the seq, or rows without a balance.
WITH sums AS (
    SELECT account_id, sum(amount_fen)::bigint AS total_fen, count(*)::bigint AS entries, max(seq)::bigint AS last_seq,
           (array_agg(balance_after_fen ORDER BY seq DESC))[1]::bigint AS last_after_fen
    FROM ledger_entries GROUP BY account_id
)
SELECT COALESCE(b.account_id, s.account_id)::uuid AS account_id,
       COALESCE(a.name, '')::text AS name,
       (b.account_id IS NOT NULL)::bool AS has_balance,
       COALESCE(b.balance_fen, 0)::bigint AS balance_fen,
       COALESCE(s.total_fen, 0)::bigint AS total_fen,
       COALESCE(s.entries, 0)::bigint AS entries,
       COALESCE(s.last_seq, 0)::bigint AS last_seq,
       COALESCE(s.last_after_fen, 0)::bigint AS last_after_fen
FROM balances b
FULL OUTER JOIN sums s ON s.account_id = b.account_id
LEFT JOIN accounts a ON a.id = COALESCE(b.account_id, s.account_id)
WHERE b.account_id IS NULL
   OR b.balance_fen <> COALESCE(s.total_fen, 0)
   OR b.balance_fen <> COALESCE(s.last_after_fen, 0)
   OR COALESCE(s.entries, 0) <> COALESCE(s.last_seq, 0)
ORDER BY 2, 1;

-- name: CheckLedgerChain :many
-- Rows that break their account's running balance, replayed in posting order:
-- balance_after is not the previous row's plus the amount, or the seq skips.
SELECT c.account_id, COALESCE(a.name, '')::text AS name, c.id, c.seq, c.kind, c.amount_fen, c.balance_after_fen,
       c.prev_after_fen::bigint AS prev_after_fen, c.prev_seq::bigint AS prev_seq
FROM (
    SELECT l.account_id, l.id, l.seq, l.kind, l.amount_fen, l.balance_after_fen,
           COALESCE(lag(l.balance_after_fen) OVER w, 0) AS prev_after_fen,
           COALESCE(lag(l.seq) OVER w, 0) AS prev_seq
    FROM ledger_entries l
    WINDOW w AS (PARTITION BY l.account_id ORDER BY l.seq)
) c
LEFT JOIN accounts a ON a.id = c.account_id
WHERE c.balance_after_fen <> c.prev_after_fen + c.amount_fen OR c.seq <> c.prev_seq + 1
ORDER BY 2, c.account_id, c.seq;

-- name: CheckOrderLedger :many
-- Orders whose money does not add up with their status: more than one
-- payment, a payment that is not the order's amount, an order delivered
-- (processing, completed, unsubscribed) without its payment or one unpaid or
-- cancelled with a payment, refunds beyond what was paid or other than the
-- arbitration decided, or rows on an account that is not the buyer's.
SELECT o.id, o.number, o.status, o.amount_fen,
       COALESCE(m.paid_fen, 0)::bigint AS paid_fen,
       COALESCE(m.refunded_fen, 0)::bigint AS refunded_fen,
       COALESCE(m.payments, 0)::bigint AS payments,
       COALESCE(m.foreign_rows, 0)::bigint AS foreign_rows,
       (d.refund_fen IS NOT NULL)::bool AS decided,
       COALESCE(d.refund_fen, 0)::bigint AS decided_refund_fen
FROM orders o
LEFT JOIN LATERAL (
    SELECT -sum(l.amount_fen) FILTER (WHERE l.kind = 'payment') AS paid_fen,
           sum(l.amount_fen) FILTER (WHERE l.kind = 'refund') AS refunded_fen,
           count(*) FILTER (WHERE l.kind = 'payment') AS payments,
           count(*) FILTER (WHERE l.account_id <> o.buyer_id) AS foreign_rows
    FROM ledger_entries l WHERE l.order_id = o.id
) m ON true
LEFT JOIN LATERAL (
    SELECT sum(a.refund_fen) AS refund_fen FROM appeals a WHERE a.order_id = o.id AND a.outcome = 'unsubscribe'
) d ON true
WHERE COALESCE(m.payments, 0) > 1
   OR (COALESCE(m.payments, 0) = 1 AND m.paid_fen <> o.amount_fen)
   OR (o.status IN ('processing', 'completed', 'unsubscribed') AND o.amount_fen > 0 AND COALESCE(m.payments, 0) = 0)
   OR (o.status IN ('pending_payment', 'cancelled') AND COALESCE(m.payments, 0) > 0)
   OR COALESCE(m.refunded_fen, 0) > COALESCE(m.paid_fen, 0)
   OR (d.refund_fen IS NOT NULL AND COALESCE(m.refunded_fen, 0) <> d.refund_fen)
   OR (COALESCE(m.refunded_fen, 0) > 0 AND o.status <> 'unsubscribed')
   OR COALESCE(m.foreign_rows, 0) > 0
ORDER BY o.number;

-- name: LedgerTotals :one
-- Money in and out by kind, against the sum of all balances.
SELECT COALESCE(sum(amount_fen) FILTER (WHERE kind = 'topup'), 0)::bigint AS topups_fen,
       COALESCE(sum(amount_fen) FILTER (WHERE kind = 'adjustment'), 0)::bigint AS adjustments_fen,
       COALESCE(sum(amount_fen) FILTER (WHERE kind = 'refund'), 0)::bigint AS refunds_fen,
       COALESCE(sum(amount_fen) FILTER (WHERE kind = 'payment'), 0)::bigint AS payments_fen,
       count(*)::bigint AS entries,
       (SELECT COALESCE(sum(balance_fen), 0) FROM balances)::bigint AS balances_fen,
       (SELECT count(*) FROM balances)::bigint AS accounts
FROM ledger_entries;
