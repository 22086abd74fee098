-- name: CreateAgreement :one
INSERT INTO agreements (id, kind, version, title_zh, title_en, body_zh, body_en, published_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (kind, version) DO UPDATE SET kind = EXCLUDED.kind
RETURNING *;

-- name: CurrentAgreement :one
SELECT * FROM agreements WHERE kind = $1 AND published_at <= @now::timestamptz
ORDER BY published_at DESC LIMIT 1;

-- name: GetAgreement :one
SELECT * FROM agreements WHERE id = $1;

-- name: SignAgreement :one
INSERT INTO agreement_signatures (id, account_id, agreement_id, signed_at)
VALUES ($1, $2, $3, $4)
ON CONFLICT (account_id, agreement_id) DO UPDATE SET account_id = EXCLUDED.account_id
RETURNING *;

-- name: ListSignedAgreements :many
SELECT s.signed_at, a.id, a.kind, a.version, a.title_zh, a.title_en
FROM agreement_signatures s JOIN agreements a ON a.id = s.agreement_id
WHERE s.account_id = $1
ORDER BY s.signed_at DESC;

-- name: GetSignedAgreement :one
SELECT s.signed_at, a.*
FROM agreement_signatures s JOIN agreements a ON a.id = s.agreement_id
WHERE s.account_id = $1 AND a.id = $2;
