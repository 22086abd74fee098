-- name: ListReviewQueue :many
-- The operations review queue: pending product applications (release, modify, delist)
-- and pending assets in one list, most urgent first. kind: empty for all, else
-- release|modify|delist|asset; claim: all|mine|unclaimed; q matches the seller's
-- company, the record's number or its title, ignoring case. Each branch reads its
-- partial queue index in due order and stops after the rows this page can need.
WITH apps AS (
    SELECT a.kind, a.id, a.number, a.seller_id, coalesce(e.company_name, s.name)::text AS company, a.title,
        coalesce(a.content->>'spec_name', '')::text AS spec_name, a.access_type, a.submitted_at, a.sla_due_at, a.extra_days,
        a.claimed_by, a.claimed_at, coalesce(c.name, '')::text AS claimer_name
    FROM product_applications a
    JOIN accounts s ON s.id = a.seller_id
    LEFT JOIN entry_applications e ON e.account_id = a.seller_id
    LEFT JOIN accounts c ON c.id = a.claimed_by
    WHERE a.status = 'pending' AND (@kind::text = '' OR a.kind = @kind::text)
      AND (NOT @overdue_only::boolean OR a.sla_due_at < @now::timestamptz)
      AND (@claim::text = 'all' OR (@claim::text = 'mine' AND a.claimed_by = @viewer::uuid)
           OR (@claim::text = 'unclaimed' AND a.claimed_by IS NULL))
      AND (@q::text = '' OR strpos(lower(a.number), lower(@q::text)) > 0 OR strpos(lower(a.title), lower(@q::text)) > 0
           OR strpos(lower(coalesce(e.company_name, s.name)), lower(@q::text)) > 0)
    ORDER BY a.sla_due_at, a.id
    LIMIT @page_end::int
), pending_assets AS (
    SELECT 'asset'::text AS kind, x.id, x.number, x.seller_id, coalesce(e.company_name, s.name)::text AS company, x.name AS title,
        ''::text AS spec_name, x.kind AS access_type, x.submitted_at, x.sla_due_at, 0 AS extra_days, x.claimed_by, x.claimed_at,
        coalesce(c.name, '')::text AS claimer_name
    FROM assets x
    JOIN accounts s ON s.id = x.seller_id
    LEFT JOIN entry_applications e ON e.account_id = x.seller_id
    LEFT JOIN accounts c ON c.id = x.claimed_by
    WHERE x.status = 'pending' AND (@kind::text = '' OR @kind::text = 'asset')
      AND (NOT @overdue_only::boolean OR x.sla_due_at < @now::timestamptz)
      AND (@claim::text = 'all' OR (@claim::text = 'mine' AND x.claimed_by = @viewer::uuid)
           OR (@claim::text = 'unclaimed' AND x.claimed_by IS NULL))
      AND (@q::text = '' OR strpos(lower(x.number), lower(@q::text)) > 0 OR strpos(lower(x.name), lower(@q::text)) > 0
           OR strpos(lower(coalesce(e.company_name, s.name)), lower(@q::text)) > 0)
    ORDER BY x.sla_due_at, x.id
    LIMIT @page_end::int
)
SELECT r.kind, r.id, r.number, r.seller_id, r.company, r.title, r.spec_name, r.access_type, r.submitted_at,
    r.sla_due_at, r.extra_days, r.claimed_by, r.claimed_at, r.claimer_name
FROM (SELECT * FROM apps UNION ALL SELECT * FROM pending_assets) r
ORDER BY r.sla_due_at, r.id
LIMIT @max_rows::int OFFSET @skip::int;

-- name: CountReviewQueue :many
-- Pending records per kind, and how many of them are past their deadline at now.
SELECT r.kind, count(*)::int AS pending, (count(*) FILTER (WHERE r.sla_due_at < @now::timestamptz))::int AS overdue
FROM (
    SELECT a.kind, a.sla_due_at FROM product_applications a WHERE a.status = 'pending'
    UNION ALL
    SELECT 'asset', x.sla_due_at FROM assets x WHERE x.status = 'pending'
) r
GROUP BY r.kind;

-- name: ListReviewDecisions :many
-- Records whose last decision stands, newest first; mine: decided by viewer.
-- Like the queue, each branch reads its decided index newest first and stops early.
WITH apps AS (
    SELECT a.kind, a.id, a.number, a.seller_id, coalesce(e.company_name, s.name)::text AS company, a.title,
        coalesce(a.content->>'spec_name', '')::text AS spec_name, a.access_type, a.status::text AS status, a.submitted_at,
        a.sla_due_at, a.decided_at, coalesce(d.name, '')::text AS decider_name
    FROM product_applications a
    JOIN accounts s ON s.id = a.seller_id
    LEFT JOIN entry_applications e ON e.account_id = a.seller_id
    LEFT JOIN accounts d ON d.id = a.decided_by
    WHERE a.decided_at IS NOT NULL AND (@kind::text = '' OR a.kind = @kind::text)
      AND (NOT @mine::boolean OR a.decided_by = @viewer::uuid)
      AND (@q::text = '' OR strpos(lower(a.number), lower(@q::text)) > 0 OR strpos(lower(a.title), lower(@q::text)) > 0
           OR strpos(lower(coalesce(e.company_name, s.name)), lower(@q::text)) > 0)
    ORDER BY a.decided_at DESC, a.id DESC
    LIMIT @page_end::int
), decided_assets AS (
    SELECT 'asset'::text AS kind, x.id, x.number, x.seller_id, coalesce(e.company_name, s.name)::text AS company, x.name AS title,
        ''::text AS spec_name, x.kind AS access_type, x.status::text AS status, x.submitted_at, x.sla_due_at, x.decided_at,
        coalesce(d.name, '')::text AS decider_name
    FROM assets x
    JOIN accounts s ON s.id = x.seller_id
    LEFT JOIN entry_applications e ON e.account_id = x.seller_id
    LEFT JOIN accounts d ON d.id = x.decided_by
    WHERE x.decided_at IS NOT NULL AND (@kind::text = '' OR @kind::text = 'asset')
      AND (NOT @mine::boolean OR x.decided_by = @viewer::uuid)
      AND (@q::text = '' OR strpos(lower(x.number), lower(@q::text)) > 0 OR strpos(lower(x.name), lower(@q::text)) > 0
           OR strpos(lower(coalesce(e.company_name, s.name)), lower(@q::text)) > 0)
    ORDER BY x.decided_at DESC, x.id DESC
    LIMIT @page_end::int
)
SELECT r.kind, r.id, r.number, r.seller_id, r.company, r.title, r.spec_name, r.access_type, r.status, r.submitted_at,
    r.sla_due_at, r.decided_at, r.decider_name
FROM (SELECT * FROM apps UNION ALL SELECT * FROM decided_assets) r
ORDER BY r.decided_at DESC, r.id DESC
LIMIT @max_rows::int OFFSET @skip::int;
