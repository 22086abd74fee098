-- Seller analytics (migration 000016). Views are counted per product and day;
-- sales and refunds are read from the orders and the ledger.

-- name: RecordProductView :exec
-- One product page view: +1 view on the (product, day) row, and +1 visitor when
-- the visitor's hash is new for the product that day. One statement, two rows
-- at most touched, whatever the traffic.
WITH fresh AS (
    INSERT INTO product_visitors (product_id, day, visitor, seller_id)
    VALUES (@product_id::uuid, @day::date, @visitor::bytea, @seller_id::uuid)
    ON CONFLICT DO NOTHING
    RETURNING 1
)
INSERT INTO product_views (product_id, day, seller_id, views, visitors)
VALUES (@product_id::uuid, @day::date, @seller_id::uuid, 1, (SELECT count(*) FROM fresh))
ON CONFLICT (product_id, day) DO UPDATE
SET views = product_views.views + 1, visitors = product_views.visitors + EXCLUDED.visitors;

-- name: InsertAnalyticsSalt :exec
-- The first view of a day on any replica draws the day's salt.
INSERT INTO analytics_salts (day, salt) VALUES (@day, @salt) ON CONFLICT (day) DO NOTHING;

-- name: AnalyticsSalt :one
SELECT salt FROM analytics_salts WHERE day = @day;

-- name: DeleteAnalyticsSaltsBefore :exec
-- Salts of days that are over: without them a visitor hash cannot be recomputed.
DELETE FROM analytics_salts WHERE day < @day;

-- name: SellerSales :many
-- A seller's paid orders between from_at and to_at, in one pass over the
-- seller's payment-time index: one row per day (product_id is the nil uuid) and
-- one per product (day is ''). Paid orders leave out free trials (amount 0).
SELECT COALESCE(to_char((paid_at AT TIME ZONE @tz::text)::date, 'YYYY-MM-DD'), '')::text AS day,
       COALESCE(product_id, '00000000-0000-0000-0000-000000000000'::uuid)::uuid AS product_id,
       (count(*) FILTER (WHERE amount_fen > 0))::bigint AS paid_orders,
       COALESCE(sum(amount_fen), 0)::bigint AS gmv_fen
FROM orders
WHERE seller_id = @seller_id AND paid_at >= @from_at::timestamptz AND paid_at < @to_at::timestamptz
GROUP BY GROUPING SETS (((paid_at AT TIME ZONE @tz::text)::date), (product_id));

-- name: SellerRefunds :many
-- Money refunded between from_at and to_at on a seller's orders, by day of the
-- refund. Only unsubscribed orders are ever refunded (check-ledger holds the
-- ledger to it), so the seller's unsubscribed orders lead to the refund rows.
SELECT to_char((l.created_at AT TIME ZONE @tz::text)::date, 'YYYY-MM-DD')::text AS day,
       count(DISTINCT l.order_id)::bigint AS refunded_orders,
       COALESCE(sum(l.amount_fen), 0)::bigint AS refund_fen
FROM orders o
JOIN ledger_entries l ON l.order_id = o.id AND l.kind = 'refund'
WHERE o.seller_id = @seller_id AND o.status = 'unsubscribed'
  AND l.created_at >= @from_at::timestamptz AND l.created_at < @to_at::timestamptz
GROUP BY 1;

-- name: SellerViews :many
-- Views and visitors of a seller's products from first_day to last_day: one
-- row per day (product_id is the nil uuid) and one per product (day is '').
SELECT COALESCE(to_char(day, 'YYYY-MM-DD'), '')::text AS day,
       COALESCE(product_id, '00000000-0000-0000-0000-000000000000'::uuid)::uuid AS product_id,
       COALESCE(sum(views), 0)::bigint AS views,
       COALESCE(sum(visitors), 0)::bigint AS visitors
FROM product_views
WHERE seller_id = @seller_id AND day BETWEEN @first_day AND @last_day
GROUP BY GROUPING SETS ((day), (product_id));

-- name: SellerVisitorsByDay :many
-- A seller's distinct visitors per day: someone who opened three of the
-- seller's products on a day is one visitor of the seller that day.
SELECT to_char(day, 'YYYY-MM-DD')::text AS day, count(DISTINCT visitor)::bigint AS visitors
FROM product_visitors
WHERE seller_id = @seller_id AND day BETWEEN @first_day AND @last_day
GROUP BY day;

-- name: SellerProductNames :many
SELECT id, number, name, name_en FROM products
WHERE seller_id = @seller_id AND id = ANY(@ids::uuid[]);

-- name: SeedProductTraffic :execrows
-- Demo and benchmark data, not used by the product: views and visitors of one
-- product on each day from first_day to last_day. Each day has between base and
-- base + spread visitors (varying by product and day), shared in part with the
-- seller's other products, and views = visitors × 1.5 or so.
WITH arg AS (
    SELECT sqlc.arg(product_id)::uuid AS product_id, sqlc.arg(seller_id)::uuid AS seller_id
), days AS (
    SELECT d::date AS day,
           (sqlc.arg(base)::int + mod(hashtext(arg.product_id::text || d::date::text) & 2147483647, sqlc.arg(spread)::int + 1))::int AS visitors
    FROM arg, generate_series(sqlc.arg(first_day)::date, sqlc.arg(last_day)::date, interval '1 day') AS d
), vis AS (
    INSERT INTO product_visitors (product_id, day, visitor, seller_id)
    SELECT arg.product_id, days.day,
           decode(md5(arg.seller_id::text || days.day::text || (i + (hashtext(arg.product_id::text) & 255))), 'hex'),
           arg.seller_id
    FROM arg, days CROSS JOIN LATERAL generate_series(1, days.visitors) AS i
    ON CONFLICT DO NOTHING
)
INSERT INTO product_views (product_id, day, seller_id, views, visitors)
SELECT arg.product_id, days.day, arg.seller_id, days.visitors + days.visitors / 2 + (hashtext(days.day::text) & 3), days.visitors
FROM arg, days
ON CONFLICT (product_id, day) DO NOTHING;

-- name: SeedGeneratedRefunds :execrows
-- Benchmark data, not used by the product: one in every paid order of a seller
-- (by a hash of its id) becomes unsubscribed with half its amount refunded two
-- days after payment (balances are not kept: bench data only).
WITH picked AS (
    UPDATE orders SET status = 'unsubscribed'
    WHERE seller_id = @seller_id AND paid_at IS NOT NULL AND amount_fen > 1 AND mod(hashtext(id::text) & 2147483647, @every::int) = 0
    RETURNING id, buyer_id, amount_fen, paid_at
)
INSERT INTO ledger_entries (id, account_id, seq, kind, amount_fen, balance_after_fen, order_id, created_at)
SELECT gen_random_uuid(), p.buyer_id,
       (SELECT COALESCE(max(l.seq), 0) FROM ledger_entries l WHERE l.account_id = p.buyer_id)
           + row_number() OVER (PARTITION BY p.buyer_id ORDER BY p.paid_at, p.id),
       'refund', p.amount_fen / 2, 0, p.id, p.paid_at + interval '2 days'
FROM picked p;

-- name: CountProductViewRows :one
-- Tests: how many (product, day) rows and visitor rows a product has.
SELECT (SELECT count(*) FROM product_views v WHERE v.product_id = @product_id)::bigint AS days,
       (SELECT count(*) FROM product_visitors pv WHERE pv.product_id = @product_id)::bigint AS visitors;

-- name: SellerHasViews :one
-- Demo seeding: whether a seller's products have any view recorded.
SELECT EXISTS (SELECT 1 FROM product_views WHERE seller_id = @seller_id)::boolean;
