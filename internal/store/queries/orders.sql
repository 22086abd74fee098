-- name: CreateOrder :one
INSERT INTO orders (id, number, kind, renews_id, buyer_id, seller_id, product_id, spec_id, status,
    access_type, product_name, product_name_en, spec_name, billing_mode, unit_price_fen, quantity, trial_days,
    amount_fen, supervised, flow, acceptance, eula_sha256, buyer_name, customer_name, contact_phone, contact_email, ship_address,
    idem_key, created_at, pay_by)
VALUES (@id, @number, @kind, @renews_id, @buyer_id, @seller_id, @product_id, @spec_id, @status,
    @access_type, @product_name, @product_name_en, @spec_name, @billing_mode, @unit_price_fen, @quantity, @trial_days,
    @amount_fen, @supervised, @flow, @acceptance, @eula_sha256, @buyer_name, @customer_name, @contact_phone, @contact_email, @ship_address,
    @idem_key, @created_at, @pay_by)
RETURNING *;

-- name: GetOrder :one
SELECT * FROM orders WHERE id = $1;

-- name: LockOrder :one
SELECT * FROM orders WHERE id = $1 FOR UPDATE;

-- name: GetOrderByIdemKey :one
SELECT * FROM orders WHERE buyer_id = @buyer_id AND idem_key = @idem_key;

-- name: LockBuyerSpec :exec
-- Serialises one buyer's purchases of one spec, so that two tabs cannot
-- together pass a purchase limit.
SELECT pg_advisory_xact_lock(hashtext('buyer-spec:' || @buyer_id::text || ':' || @spec_id::text));

-- name: CountActiveOrders :one
-- The buyer's purchases of a spec that count against its purchase limit
-- (trials and renewals do not); with until_expiry, only those whose service —
-- renewals included — has not ended yet.
SELECT count(*) FROM orders o
WHERE o.buyer_id = @buyer_id AND o.spec_id = @spec_id AND o.status IN ('pending_payment', 'processing', 'completed')
  AND o.kind = 'new' AND o.trial_days = 0
  AND (NOT @until_expiry::boolean OR o.service_end IS NULL
       OR GREATEST(o.service_end, (SELECT max(r.service_end) FROM orders r
                                   WHERE r.renews_id = o.id AND r.status IN ('processing', 'completed'))) > @now::timestamptz);

-- name: TrialTaken :one
SELECT EXISTS (SELECT 1 FROM orders WHERE buyer_id = @buyer_id AND product_id = @product_id
    AND trial_days > 0 AND status <> 'cancelled');

-- name: SetOrderPaid :execrows
UPDATE orders SET status = @to_status, paid_at = @paid_at, version = version + 1
WHERE id = @id AND status = @from_status AND version = @version;

-- name: SetOrderCompleted :execrows
UPDATE orders SET status = @to_status, completed_at = @completed_at,
    service_start = @service_start, service_end = @service_end, version = version + 1
WHERE id = @id AND status = @from_status AND version = @version;

-- name: SetOrderCancelled :execrows
UPDATE orders SET status = @to_status, cancelled_at = @cancelled_at, version = version + 1
WHERE id = @id AND status = @from_status AND version = @version;

-- name: RenewalChainEnd :one
-- Where a renewal continues from: the latest end of the original order and its paid renewals.
SELECT max(service_end)::timestamptz FROM orders
WHERE (id = @root_id OR renews_id = @root_id) AND status IN ('processing', 'completed') AND service_end IS NOT NULL;

-- name: DueUnpaidOrders :many
-- The fallback sweep of the payment window.
SELECT id FROM orders WHERE status = 'pending_payment' AND pay_by <= @now ORDER BY pay_by LIMIT @max_rows::int;

-- name: ListBuyerOrders :many
-- A page of the list, with the supervision node of supervised orders.
SELECT sqlc.embed(o), s.status AS sup_status, s.frozen AS sup_frozen
FROM orders o LEFT JOIN supervisions s ON s.order_id = o.id
WHERE o.buyer_id = @buyer_id
  AND (@status::text = '' OR o.status = @status)
  AND (@number::text = '' OR o.number = @number)
  AND (@product::text = '' OR o.product_name ILIKE '%' || @product || '%' OR o.product_name_en ILIKE '%' || @product || '%')
  AND (sqlc.narg(created_from)::timestamptz IS NULL OR o.created_at >= sqlc.narg(created_from))
  AND (sqlc.narg(created_to)::timestamptz IS NULL OR o.created_at < sqlc.narg(created_to))
ORDER BY o.created_at DESC, o.id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: ListSellerOrders :many
-- A page of the list, with the supervision node of supervised orders.
SELECT sqlc.embed(o), s.status AS sup_status, s.frozen AS sup_frozen
FROM orders o LEFT JOIN supervisions s ON s.order_id = o.id
WHERE o.seller_id = @seller_id
  AND (@status::text = '' OR o.status = @status)
  AND (@number::text = '' OR o.number = @number)
  AND (@product::text = '' OR o.product_name ILIKE '%' || @product || '%' OR o.product_name_en ILIKE '%' || @product || '%')
  AND (@customer::text = '' OR o.customer_name ILIKE '%' || @customer || '%')
  AND (@user_name::text = '' OR o.buyer_name ILIKE '%' || @user_name || '%')
  AND (sqlc.narg(created_from)::timestamptz IS NULL OR o.created_at >= sqlc.narg(created_from))
  AND (sqlc.narg(created_to)::timestamptz IS NULL OR o.created_at < sqlc.narg(created_to))
ORDER BY o.created_at DESC, o.id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: BoughtProduct :one
-- Whether the buyer has bought (and paid for) the product: the "buyers of an
-- associated product" sales target.
SELECT EXISTS (SELECT 1 FROM orders WHERE buyer_id = @buyer_id AND product_id = @product_id
    AND status IN ('processing', 'completed'));

-- name: CutOrderServiceEnd :execrows
-- An unsubscribed order's service ends when it was unsubscribed.
UPDATE orders SET service_end = @at WHERE id = @id AND status = 'unsubscribed' AND service_end > @at;
