-- The storefront's reads. Every list shows only what is on sale to everyone:
-- status listed or delisting, public, and with at least one public spec on sale
-- (min_price_fen is set). Those predicates match the partial indexes of
-- migrations 000002 and 000004, so each query is answered from an index.
-- The service runs these with per-execution plans (see catalog/storefront.go):
-- the optional filters (NULL = not filtered) fold away before planning.

-- name: StorefrontCategories :many
SELECT id, name_zh, name_en FROM categories ORDER BY position;

-- Matching (q set): full text (whole words: English words, runs of Chinese)
-- OR trigram (any part of a word, any three Chinese characters) for queries of
-- three characters or more. Shorter ones: one or two Chinese characters ("云",
-- "客服") are @gram and match anywhere in the text through the index of
-- migration 000012 (Chinese has no spaces, so a word prefix would miss
-- "智能客服"); others ("AI") match word prefixes, which a trigram index cannot
-- serve. @q = '' browses.

-- name: StorefrontNewest :many
-- Newest first; for a browse the planner walks products_shop_listed_idx (or the category or type index) and stops at the page.
-- The page's ids come from the index alone (the covering indexes of migration
-- 000004 carry every filter column); only the rows shown are read from the table.
WITH page AS (
    SELECT p.id FROM products p
    WHERE p.status IN ('listed', 'delisting') AND p.public AND p.min_price_fen IS NOT NULL
        AND (@q::text = ''
            OR (@gram::text = '' AND (p.search_tsv @@ websearch_to_tsquery('simple', @q::text)
                OR (@long::boolean AND p.search_text ILIKE @pattern::text)
                OR (NOT @long::boolean AND p.search_tsv @@ to_tsquery('simple', @prefix::text))))
            OR (@gram::text <> '' AND shop_cjk_grams(p.search_text) @> ARRAY[@gram::text]))
        AND (sqlc.narg(category)::text IS NULL OR p.category_id = sqlc.narg(category)::text)
        AND (sqlc.narg(access_type)::text IS NULL OR p.access_type = sqlc.narg(access_type)::text)
        AND (sqlc.narg(billing)::text IS NULL OR p.billing_modes @> ARRAY[sqlc.narg(billing)::text])
        AND (sqlc.narg(price_min)::bigint IS NULL OR p.min_price_fen >= sqlc.narg(price_min)::bigint)
        AND (sqlc.narg(price_max)::bigint IS NULL OR p.min_price_fen <= sqlc.narg(price_max)::bigint)
    ORDER BY p.listed_at DESC, p.id
    LIMIT @max_rows OFFSET @skip
)
SELECT p.id, p.name, p.name_en, p.summary, p.access_type, p.category_id, p.min_price_fen::bigint AS min_price,
    p.billing_modes, p.logo_file_id, p.listed_at,
    (SELECT e.company_name FROM entry_applications e WHERE e.account_id = p.seller_id)::text AS company_name,
    coalesce((SELECT s.billing_mode FROM product_specs s WHERE s.product_id = p.id AND s.status IN ('listed', 'delisting')
              AND s.public AND s.price_fen = p.min_price_fen ORDER BY s.position LIMIT 1), '')::text AS price_mode
FROM page
JOIN products p ON p.id = page.id
ORDER BY p.listed_at DESC, p.id;

-- name: StorefrontCheapest :many
-- Cheapest first (products_shop_price_idx).
-- The page's ids come from the index alone (the covering indexes of migration
-- 000004 carry every filter column); only the rows shown are read from the table.
WITH page AS (
    SELECT p.id FROM products p
    WHERE p.status IN ('listed', 'delisting') AND p.public AND p.min_price_fen IS NOT NULL
        AND (@q::text = ''
            OR (@gram::text = '' AND (p.search_tsv @@ websearch_to_tsquery('simple', @q::text)
                OR (@long::boolean AND p.search_text ILIKE @pattern::text)
                OR (NOT @long::boolean AND p.search_tsv @@ to_tsquery('simple', @prefix::text))))
            OR (@gram::text <> '' AND shop_cjk_grams(p.search_text) @> ARRAY[@gram::text]))
        AND (sqlc.narg(category)::text IS NULL OR p.category_id = sqlc.narg(category)::text)
        AND (sqlc.narg(access_type)::text IS NULL OR p.access_type = sqlc.narg(access_type)::text)
        AND (sqlc.narg(billing)::text IS NULL OR p.billing_modes @> ARRAY[sqlc.narg(billing)::text])
        AND (sqlc.narg(price_min)::bigint IS NULL OR p.min_price_fen >= sqlc.narg(price_min)::bigint)
        AND (sqlc.narg(price_max)::bigint IS NULL OR p.min_price_fen <= sqlc.narg(price_max)::bigint)
    ORDER BY p.min_price_fen, p.id
    LIMIT @max_rows OFFSET @skip
)
SELECT p.id, p.name, p.name_en, p.summary, p.access_type, p.category_id, p.min_price_fen::bigint AS min_price,
    p.billing_modes, p.logo_file_id, p.listed_at,
    (SELECT e.company_name FROM entry_applications e WHERE e.account_id = p.seller_id)::text AS company_name,
    coalesce((SELECT s.billing_mode FROM product_specs s WHERE s.product_id = p.id AND s.status IN ('listed', 'delisting')
              AND s.public AND s.price_fen = p.min_price_fen ORDER BY s.position LIMIT 1), '')::text AS price_mode
FROM page
JOIN products p ON p.id = page.id
ORDER BY p.min_price_fen, p.id;

-- name: StorefrontDearest :many
-- Dearest first (products_shop_price_idx backwards).
-- The page's ids come from the index alone (the covering indexes of migration
-- 000004 carry every filter column); only the rows shown are read from the table.
WITH page AS (
    SELECT p.id FROM products p
    WHERE p.status IN ('listed', 'delisting') AND p.public AND p.min_price_fen IS NOT NULL
        AND (@q::text = ''
            OR (@gram::text = '' AND (p.search_tsv @@ websearch_to_tsquery('simple', @q::text)
                OR (@long::boolean AND p.search_text ILIKE @pattern::text)
                OR (NOT @long::boolean AND p.search_tsv @@ to_tsquery('simple', @prefix::text))))
            OR (@gram::text <> '' AND shop_cjk_grams(p.search_text) @> ARRAY[@gram::text]))
        AND (sqlc.narg(category)::text IS NULL OR p.category_id = sqlc.narg(category)::text)
        AND (sqlc.narg(access_type)::text IS NULL OR p.access_type = sqlc.narg(access_type)::text)
        AND (sqlc.narg(billing)::text IS NULL OR p.billing_modes @> ARRAY[sqlc.narg(billing)::text])
        AND (sqlc.narg(price_min)::bigint IS NULL OR p.min_price_fen >= sqlc.narg(price_min)::bigint)
        AND (sqlc.narg(price_max)::bigint IS NULL OR p.min_price_fen <= sqlc.narg(price_max)::bigint)
    ORDER BY p.min_price_fen DESC, p.id DESC
    LIMIT @max_rows OFFSET @skip
)
SELECT p.id, p.name, p.name_en, p.summary, p.access_type, p.category_id, p.min_price_fen::bigint AS min_price,
    p.billing_modes, p.logo_file_id, p.listed_at,
    (SELECT e.company_name FROM entry_applications e WHERE e.account_id = p.seller_id)::text AS company_name,
    coalesce((SELECT s.billing_mode FROM product_specs s WHERE s.product_id = p.id AND s.status IN ('listed', 'delisting')
              AND s.public AND s.price_fen = p.min_price_fen ORDER BY s.position LIMIT 1), '')::text AS price_mode
FROM page
JOIN products p ON p.id = page.id
ORDER BY p.min_price_fen DESC, p.id DESC;

-- name: StorefrontCount :one
-- Counting stops at @cap rows: the page says "1000+" rather than visiting every match.
-- The order lets the count walk the same index as the page (newest, or within a
-- category or type) instead of a sequential scan that stops early.
SELECT count(*) FROM (
    SELECT 1 FROM products p
    WHERE p.status IN ('listed', 'delisting') AND p.public AND p.min_price_fen IS NOT NULL
        AND (@q::text = ''
            OR (@gram::text = '' AND (p.search_tsv @@ websearch_to_tsquery('simple', @q::text)
                OR (@long::boolean AND p.search_text ILIKE @pattern::text)
                OR (NOT @long::boolean AND p.search_tsv @@ to_tsquery('simple', @prefix::text))))
            OR (@gram::text <> '' AND shop_cjk_grams(p.search_text) @> ARRAY[@gram::text]))
        AND (sqlc.narg(category)::text IS NULL OR p.category_id = sqlc.narg(category)::text)
        AND (sqlc.narg(access_type)::text IS NULL OR p.access_type = sqlc.narg(access_type)::text)
        AND (sqlc.narg(billing)::text IS NULL OR p.billing_modes @> ARRAY[sqlc.narg(billing)::text])
        AND (sqlc.narg(price_min)::bigint IS NULL OR p.min_price_fen >= sqlc.narg(price_min)::bigint)
        AND (sqlc.narg(price_max)::bigint IS NULL OR p.min_price_fen <= sqlc.narg(price_max)::bigint)
    ORDER BY p.listed_at DESC
    LIMIT @cap
) t;

-- name: StorefrontRelevance :many
-- Relevance: the query in the name counts most, the more so the shorter the
-- name (the share of the name the query covers: what pg_trgm's similarity()
-- measures, which costs about 10 µs a row on Chinese names, a third of the whole
-- query), then the full-text rank. At most @cap matches are ranked (the first the
-- indexes yield): a query matching more says "500+" and narrowing it (more
-- words, a category) makes the ranking exact. One statement: candidates, rank,
-- page and how many candidates there were. The LIMIT sits outside the CTE on
-- purpose: the CTE is planned for all its rows (a bitmap scan of the GIN
-- indexes) yet read lazily, so it stops at @cap; a LIMIT inside would make a
-- sequential scan look cheap, and it is not (ILIKE costs microseconds a row).
WITH hits AS MATERIALIZED (
    SELECT p.id, p.listed_at,
        CASE WHEN p.name ILIKE @pattern::text OR p.name_en ILIKE @pattern::text
            THEN 1 + 8.0 / (8 + least(length(p.name), length(nullif(p.name_en, ''))))
            ELSE 0 END
            + ts_rank(p.search_tsv, websearch_to_tsquery('simple', @q::text)) AS rank
    FROM products p
    WHERE p.status IN ('listed', 'delisting') AND p.public AND p.min_price_fen IS NOT NULL
        AND (@q::text = ''
            OR (@gram::text = '' AND (p.search_tsv @@ websearch_to_tsquery('simple', @q::text)
                OR (@long::boolean AND p.search_text ILIKE @pattern::text)
                OR (NOT @long::boolean AND p.search_tsv @@ to_tsquery('simple', @prefix::text))))
            OR (@gram::text <> '' AND shop_cjk_grams(p.search_text) @> ARRAY[@gram::text]))
        AND (sqlc.narg(category)::text IS NULL OR p.category_id = sqlc.narg(category)::text)
        AND (sqlc.narg(access_type)::text IS NULL OR p.access_type = sqlc.narg(access_type)::text)
        AND (sqlc.narg(billing)::text IS NULL OR p.billing_modes @> ARRAY[sqlc.narg(billing)::text])
        AND (sqlc.narg(price_min)::bigint IS NULL OR p.min_price_fen >= sqlc.narg(price_min)::bigint)
        AND (sqlc.narg(price_max)::bigint IS NULL OR p.min_price_fen <= sqlc.narg(price_max)::bigint)
), capped AS (
    SELECT * FROM hits LIMIT @cap
), page AS (
    SELECT h.id, count(*) OVER () AS total, row_number() OVER (ORDER BY h.rank DESC, h.listed_at DESC, h.id) AS ord
    FROM capped h
    ORDER BY ord
    LIMIT @max_rows OFFSET @skip
)
SELECT p.id, p.name, p.name_en, p.summary, p.access_type, p.category_id, p.min_price_fen::bigint AS min_price,
    p.billing_modes, p.logo_file_id, p.listed_at,
    (SELECT e.company_name FROM entry_applications e WHERE e.account_id = p.seller_id)::text AS company_name,
    coalesce((SELECT s.billing_mode FROM product_specs s WHERE s.product_id = p.id AND s.status IN ('listed', 'delisting')
              AND s.public AND s.price_fen = p.min_price_fen ORDER BY s.position LIMIT 1), '')::text AS price_mode,
    page.total
FROM page
JOIN products p ON p.id = page.id
ORDER BY page.ord;

-- name: StorefrontShelves :many
-- The home page's shelves: the newest few products of every category.
SELECT c.id AS shelf, p.id, p.name, p.name_en, p.summary, p.access_type, p.category_id, p.min_price_fen::bigint AS min_price,
    p.billing_modes, p.logo_file_id, p.listed_at,
    (SELECT e.company_name FROM entry_applications e WHERE e.account_id = p.seller_id)::text AS company_name,
    coalesce((SELECT s.billing_mode FROM product_specs s WHERE s.product_id = p.id AND s.status IN ('listed', 'delisting')
              AND s.public AND s.price_fen = p.min_price_fen ORDER BY s.position LIMIT 1), '')::text AS price_mode
FROM categories c
CROSS JOIN LATERAL (
    SELECT x.id FROM products x
    WHERE x.category_id = c.id AND x.status IN ('listed', 'delisting') AND x.public AND x.min_price_fen IS NOT NULL
    ORDER BY x.listed_at DESC
    LIMIT @per_shelf
) top
JOIN products p ON p.id = top.id
ORDER BY c.position, p.listed_at DESC;

-- name: StorefrontProduct :one
-- A product page: the product, its category and its seller in one read.
SELECT p.id, p.number, p.seller_id, p.access_type, p.status, p.public, p.name, p.name_en, p.category_id,
    c.name_zh AS category_zh, c.name_en AS category_en, p.summary, p.logo_file_id, p.content,
    p.min_price_fen, p.listed_at, p.updated_at, p.target,
    e.company_name, e.website, e.profile, e.cs_phone, e.cs_email, e.years_in_business
FROM products p
JOIN categories c ON c.id = p.category_id
JOIN entry_applications e ON e.account_id = p.seller_id
WHERE p.id = $1;

-- name: StorefrontProductSpecs :many
-- The specs a buyer may see: on sale, and public unless the URL names the spec.
SELECT id, name, billing_mode, price_fen, trial_days, target, limit_per_user, public
FROM product_specs
WHERE product_id = @product_id AND status IN ('listed', 'delisting')
    AND (public OR id = sqlc.narg(spec_id)::uuid)
ORDER BY position;

-- name: StorefrontProductLogo :one
-- The logo of a product on sale, which anyone may see.
SELECT logo_file_id::uuid FROM products
WHERE id = $1 AND status IN ('listed', 'delisting') AND logo_file_id IS NOT NULL;
