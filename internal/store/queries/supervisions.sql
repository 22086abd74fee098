-- name: CreateSupervision :one
INSERT INTO supervisions (order_id, buyer_id, seller_id, flow, status, node_since, created_at, updated_at)
VALUES (@order_id, @buyer_id, @seller_id, @flow, @status, @at, @at, @at)
RETURNING *;

-- name: GetSupervision :one
SELECT * FROM supervisions WHERE order_id = $1;

-- name: LockSupervision :one
SELECT * FROM supervisions WHERE order_id = $1 FOR UPDATE;

-- name: MoveSupervision :execrows
-- A step to another node; the fields the step fills are written with it.
UPDATE supervisions SET status = @to_status, node_since = @at, updated_at = @at, version = version + 1,
    requirements = @requirements, delivery_note = @delivery_note, actual_start = @actual_start,
    licence_until = @licence_until, courier = @courier, waybill = @waybill, waybill_phone = @waybill_phone,
    signed_at = @signed_at, trackable = @trackable, auto_accept_at = @auto_accept_at, rejections = @rejections
WHERE order_id = @order_id AND status = @from_status AND version = @version;

-- name: SetSupervisionTracking :execrows
-- The courier shows the parcel signed: when (and whether) the system accepts
-- for the buyer; while frozen, the wait is kept for when the flow thaws.
UPDATE supervisions SET signed_at = @signed_at, trackable = @trackable, auto_accept_at = @auto_accept_at,
    paused_left_s = @paused_left_s, updated_at = @at, version = version + 1
WHERE order_id = @order_id AND version = @version;

-- name: FreezeSupervision :execrows
UPDATE supervisions SET frozen = true, paused_left_s = @paused_left_s, auto_accept_at = NULL,
    updated_at = @at, version = version + 1
WHERE order_id = @order_id AND version = @version AND NOT frozen;

-- name: ThawSupervision :execrows
UPDATE supervisions SET frozen = false, paused_left_s = NULL, auto_accept_at = @auto_accept_at,
    updated_at = @at, version = version + 1
WHERE order_id = @order_id AND version = @version AND frozen;

-- name: SupervisionsByWaybill :many
-- Locked in one order, so two sign-offs of one waybill at once cannot deadlock.
SELECT * FROM supervisions WHERE courier = @courier AND waybill = @waybill AND status = 'acceptance'
ORDER BY order_id FOR UPDATE;

-- name: DueAutoAccepts :many
-- The sweep behind the automatic-acceptance timers, should one be lost.
SELECT order_id FROM supervisions
WHERE status = 'acceptance' AND NOT frozen AND auto_accept_at <= @now
ORDER BY auto_accept_at LIMIT @max_rows::int;

-- name: CreateCourierEvent :exec
INSERT INTO courier_events (id, courier, waybill, event, phone, happened_at, recorded_by, created_at)
VALUES (@id, @courier, @waybill, @event, @phone, @happened_at, @recorded_by, @created_at);

-- name: LatestCourierSign :one
SELECT * FROM courier_events WHERE courier = @courier AND waybill = @waybill AND event = 'signed'
ORDER BY happened_at DESC LIMIT 1;

-- name: GrantFile :exec
INSERT INTO file_grants (file_id, account_id) VALUES (@file_id, @account_id) ON CONFLICT DO NOTHING;

-- name: FileGranted :one
SELECT EXISTS (SELECT 1 FROM file_grants WHERE file_id = @file_id AND account_id = @account_id);

-- name: ListSellerSupervisions :many
SELECT s.*, o.number, o.product_name, o.product_name_en, o.spec_name, o.customer_name, o.buyer_name
FROM supervisions s JOIN orders o ON o.id = s.order_id
WHERE s.seller_id = @seller_id AND (@status::text = '' OR s.status = @status)
ORDER BY s.node_since DESC, s.order_id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: ListBuyerSupervisions :many
SELECT s.*, o.number, o.product_name, o.product_name_en, o.spec_name, o.customer_name, o.buyer_name
FROM supervisions s JOIN orders o ON o.id = s.order_id
WHERE s.buyer_id = @buyer_id AND (@status::text = '' OR s.status = @status)
ORDER BY s.node_since DESC, s.order_id DESC
LIMIT @max_rows::int OFFSET @skip::int;
