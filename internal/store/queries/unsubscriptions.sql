-- name: CreateUnsubscription :one
INSERT INTO unsubscriptions (id, number, order_id, buyer_id, seller_id, kind, status, amount_fen, rule, reason, show_phone,
    courier, waybill, due_at, decided_at, created_at, updated_at)
VALUES (@id, @number, @order_id, @buyer_id, @seller_id, @kind, @status, @amount_fen, @rule, @reason, @show_phone,
    @courier, @waybill, @due_at, @decided_at, @at, @at)
RETURNING *;

-- name: GetUnsubscription :one
SELECT * FROM unsubscriptions WHERE id = $1;

-- name: LockUnsubscription :one
SELECT * FROM unsubscriptions WHERE id = $1 FOR UPDATE;

-- name: OpenUnsubscription :one
-- The order's open request, if any (at most one: unsubscriptions_one_open_idx).
SELECT * FROM unsubscriptions WHERE order_id = @order_id AND status IN ('pending', 'escalated', 'returning');

-- name: LatestUnsubscription :one
SELECT * FROM unsubscriptions WHERE order_id = @order_id ORDER BY created_at DESC, id DESC LIMIT 1;

-- name: DecideUnsubscription :execrows
-- The reviewer's decision; amount_fen is what is refunded (operations may set it).
UPDATE unsubscriptions SET status = @to_status, opinion = @opinion, decided_by = @decided_by, decided_at = @at,
    amount_fen = @amount_fen, version = version + 1, updated_at = @at
WHERE id = @id AND status = @from_status AND version = @version;

-- name: MoveUnsubscription :execrows
-- A step without a decision: withdrawn by the buyer, escalated by the system
-- (due_at becomes operations' deadline).
UPDATE unsubscriptions SET status = @to_status, due_at = @due_at, version = version + 1, updated_at = @at
WHERE id = @id AND status = @from_status AND version = @version;

-- name: CountFiveDayRefunds :one
-- The buyer's full refunds under the 5-day rule in [from, to).
SELECT count(*) FROM unsubscriptions
WHERE buyer_id = @buyer_id AND rule = 'five_day' AND status = 'approved' AND created_at >= @from_at AND created_at < @to_at;

-- name: ListBuyerUnsubscriptions :many
SELECT sqlc.embed(u), o.number AS order_number, o.product_name, o.product_name_en
FROM unsubscriptions u JOIN orders o ON o.id = u.order_id
WHERE u.buyer_id = @buyer_id
ORDER BY u.created_at DESC, u.id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: ListSellerUnsubscriptions :many
SELECT sqlc.embed(u), o.number AS order_number, o.product_name, o.product_name_en
FROM unsubscriptions u JOIN orders o ON o.id = u.order_id
WHERE u.seller_id = @seller_id AND u.kind <> 'standard' AND (@status::text = '' OR u.status = @status)
ORDER BY u.created_at DESC, u.id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: ListEscalatedUnsubscriptions :many
-- Operations' queue: escalated requests, the closest deadline first.
SELECT sqlc.embed(u), o.number AS order_number, o.product_name, o.product_name_en
FROM unsubscriptions u JOIN orders o ON o.id = u.order_id
WHERE u.status = 'escalated'
ORDER BY u.due_at, u.id
LIMIT @max_rows::int OFFSET @skip::int;

-- name: ListAllUnsubscriptions :many
-- Operations' read-only view of every request, newest first.
SELECT sqlc.embed(u), o.number AS order_number, o.product_name, o.product_name_en
FROM unsubscriptions u JOIN orders o ON o.id = u.order_id
ORDER BY u.created_at DESC, u.id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: CountEscalatedUnsubscriptions :one
SELECT count(*) FROM unsubscriptions WHERE status = 'escalated';

-- name: DueUnsubscriptions :many
-- The sweep behind lost timers: seller deadlines and return acceptances that have passed.
SELECT id FROM unsubscriptions
WHERE status IN ('pending', 'returning') AND due_at <= @now
ORDER BY due_at LIMIT @max_rows::int;

-- name: OrderUnsubscriptions :many
-- An order's requests, oldest first (its merged timeline and evidence bundle).
SELECT * FROM unsubscriptions WHERE order_id = @order_id ORDER BY created_at, id;

-- name: LockBuyerUnsubscriptions :exec
-- Serialises a buyer's standard unsubscriptions for the rest of the
-- transaction, so the five-day quota is counted and used by one at a time.
SELECT pg_advisory_xact_lock(hashtextextended('unsub:' || @buyer_id::text, 0));
