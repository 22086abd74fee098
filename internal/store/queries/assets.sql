-- name: CreateAsset :one
INSERT INTO assets (id, number, seller_id, kind, status, name, release, description, created_at, updated_at)
VALUES (@id, @number, @seller_id, @kind, @status, @name, @release, @description, @created_at, @created_at)
RETURNING *;

-- name: GetAsset :one
SELECT * FROM assets WHERE id = $1;

-- name: LockAsset :one
SELECT * FROM assets WHERE id = $1 FOR UPDATE;

-- name: ShareLockAsset :one
-- Taken by whoever links an asset to a product, so a concurrent delete waits.
SELECT * FROM assets WHERE id = $1 FOR SHARE;

-- name: ListSellerAssets :many
SELECT * FROM assets
WHERE seller_id = @seller_id AND status <> 'deleted'
ORDER BY updated_at DESC, id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: ListApprovedAssets :many
SELECT * FROM assets
WHERE seller_id = @seller_id AND kind = @kind AND status = 'approved'
ORDER BY decided_at DESC, id DESC;

-- name: UpdateAssetDetails :execrows
UPDATE assets SET name = @name, release = @release, description = @description,
    version = version + 1, updated_at = @updated_at
WHERE id = @id AND status = @status AND version = @version;

-- name: SetAssetUpload :execrows
-- A new upload replaces whatever the package had; the old scan no longer applies.
UPDATE assets SET source = 'upload', file_id = @file_id, bucket = '', object_key = '',
    declared_size = NULL, declared_sha256 = '', format = '', size = NULL, sha256 = '',
    scan_report = NULL, scanned_at = NULL, version = version + 1, updated_at = @updated_at
WHERE id = @id AND status = @status AND kind = 'package';

-- name: SetAssetBucket :execrows
UPDATE assets SET source = 'bucket', file_id = NULL, bucket = @bucket, object_key = @object_key,
    declared_size = @declared_size, declared_sha256 = @declared_sha256, format = '', size = NULL, sha256 = '',
    scan_report = NULL, scanned_at = NULL, version = version + 1, updated_at = @updated_at
WHERE id = @id AND status = @status AND version = @version AND kind = 'package';

-- name: SetAssetImage :execrows
UPDATE assets SET source = 'image', image_region = @image_region, image_ref = @image_ref,
    image_os = @image_os, image_disk_gb = @image_disk_gb, scan_report = NULL, scanned_at = NULL,
    version = version + 1, updated_at = @updated_at
WHERE id = @id AND status = @status AND version = @version AND kind = 'image';

-- name: SubmitAsset :execrows
UPDATE assets SET status = @to_status, self_check = @self_check, submitted_at = @submitted_at,
    scan_report = NULL, scanned_at = NULL, sla_due_at = NULL, claimed_by = NULL, claimed_at = NULL,
    decided_at = NULL, decided_by = NULL, reason = '', version = version + 1, updated_at = @submitted_at
WHERE id = @id AND status = @from_status AND version = @version;

-- name: FinishAssetScan :execrows
UPDATE assets SET status = @to_status, file_id = @file_id, format = @format, size = @size, sha256 = @sha256,
    scan_report = @scan_report, scanned_at = @scanned_at, sla_due_at = @sla_due_at,
    version = version + 1, updated_at = @scanned_at
WHERE id = @id AND status = @from_status AND version = @version;

-- name: ClaimAsset :execrows
UPDATE assets SET claimed_by = @reviewer, claimed_at = @claimed_at
WHERE id = @id AND status = 'pending' AND claimed_by IS NULL;

-- name: UnclaimAsset :execrows
UPDATE assets SET claimed_by = NULL, claimed_at = NULL
WHERE id = @id AND status = 'pending' AND claimed_by = @claimed_by;

-- name: DecideAsset :execrows
UPDATE assets SET status = @to_status, decided_at = @decided_at, decided_by = @decided_by, reason = @reason,
    claimed_by = @decided_by, claimed_at = COALESCE(claimed_at, @decided_at),
    version = version + 1, updated_at = @decided_at
WHERE id = @id AND status = @from_status AND version = @version
    AND (claimed_by IS NULL OR claimed_by = @decided_by);

-- name: DeleteAsset :execrows
UPDATE assets SET status = @to_status, version = version + 1, updated_at = @updated_at
WHERE id = @id AND status = @from_status AND version = @version;

-- name: AssetLinked :one
-- Whether a product on the shelf delivers the asset or an open application
-- names it. A decided application does not hold it: once its product is
-- delisted for good, the asset may go.
SELECT COALESCE(EXISTS (
    SELECT 1 FROM products p
    WHERE p.seller_id = @seller_id AND p.status <> 'delisted' AND p.content->>'asset_id' = @asset_id::text
) OR EXISTS (
    SELECT 1 FROM product_applications pa
    WHERE pa.seller_id = @seller_id AND pa.status IN ('draft', 'pending', 'rejected', 'withdrawn')
        AND pa.content->>'asset_id' = @asset_id::text
), false)::bool AS linked;

-- name: LinkedAssets :many
-- Which of the seller's assets are linked (as AssetLinked), for a whole page at once.
SELECT (p.content->>'asset_id')::text AS asset_id FROM products p
WHERE p.seller_id = @seller_id AND p.status <> 'delisted' AND p.content->>'asset_id' = ANY(@asset_ids::text[])
UNION
SELECT (pa.content->>'asset_id')::text FROM product_applications pa
WHERE pa.seller_id = @seller_id AND pa.status IN ('draft', 'pending', 'rejected', 'withdrawn')
    AND pa.content->>'asset_id' = ANY(@asset_ids::text[]);

-- name: ImageClaimedByOther :one
-- Whether another seller's live asset already names this private image.
SELECT EXISTS (
    SELECT 1 FROM assets
    WHERE image_ref = @image_ref AND image_region = @image_region AND seller_id <> @seller_id
        AND status IN ('scanning', 'pending', 'approved')
) AS taken;

-- name: ListAssetQueue :many
-- Operations' list: one status, the most urgent first (pending by deadline, others newest first).
-- The seller is named by company, as in the product review queue.
SELECT a.id, a.number, a.kind, a.name, a.release, a.status, a.submitted_at, a.sla_due_at, a.decided_at,
    a.claimed_by, a.updated_at,
    coalesce((SELECT e.company_name FROM entry_applications e WHERE e.account_id = a.seller_id), s.name)::text AS seller_name,
    COALESCE(c.name, '') AS claimed_by_name
FROM assets a
JOIN accounts s ON s.id = a.seller_id
LEFT JOIN accounts c ON c.id = a.claimed_by
WHERE a.status = @status
ORDER BY CASE WHEN a.status = 'pending' THEN a.sla_due_at END ASC NULLS LAST, a.updated_at DESC, a.id
LIMIT @max_rows::int OFFSET @skip::int;

-- name: CountAssetByStatus :many
SELECT status, count(*)::int AS n FROM assets WHERE status <> 'deleted' GROUP BY status;

-- name: CountAssetOverdue :one
SELECT count(*)::int FROM assets WHERE status = 'pending' AND sla_due_at < @now::timestamptz;

-- name: GetUploadDay :one
SELECT bytes, files FROM asset_upload_days WHERE seller_id = @seller_id AND day = @day;

-- name: AddUploadDay :one
-- Counts one upload against the day's quota; no row comes back if it would exceed it.
INSERT INTO asset_upload_days AS d (seller_id, day, bytes, files)
SELECT @seller_id, @day, @bytes::bigint, 1
WHERE @bytes::bigint <= @max_bytes::bigint AND 1 <= @max_files::int
ON CONFLICT (seller_id, day) DO UPDATE SET bytes = d.bytes + EXCLUDED.bytes, files = d.files + 1
WHERE d.bytes + EXCLUDED.bytes <= @max_bytes::bigint AND d.files + 1 <= @max_files::int
RETURNING bytes, files;
