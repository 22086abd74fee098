-- name: CreateEntryApplication :one
INSERT INTO entry_applications (
    id, number, account_id, status, company_name, website, logo_file_id, licence_file_id,
    years_in_business, headcount, registered_capital_fen, contact_name, contact_phone, contact_email,
    cs_phone, cs_email, profile, agreement_id, submitted_at, sla_due_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
RETURNING *;

-- name: GetEntryApplication :one
SELECT * FROM entry_applications WHERE id = $1;

-- name: GetEntryApplicationByAccount :one
SELECT * FROM entry_applications WHERE account_id = $1;

-- name: LockEntryApplication :one
SELECT * FROM entry_applications WHERE id = $1 FOR UPDATE;

-- name: ResubmitEntryApplication :execrows
UPDATE entry_applications SET
    status = @to_status, version = version + 1,
    company_name = @company_name, website = @website, logo_file_id = @logo_file_id,
    licence_file_id = @licence_file_id, years_in_business = @years_in_business, headcount = @headcount,
    registered_capital_fen = @registered_capital_fen, contact_name = @contact_name,
    contact_phone = @contact_phone, contact_email = @contact_email, cs_phone = @cs_phone,
    cs_email = @cs_email, profile = @profile, agreement_id = @agreement_id,
    submitted_at = @submitted_at, sla_due_at = @sla_due_at,
    decided_at = NULL, decided_by = NULL, reject_reason = ''
WHERE id = @id AND status = @from_status AND version = @version;

-- name: DecideEntryApplication :execrows
UPDATE entry_applications SET
    status = @to_status, version = version + 1, decided_at = @decided_at, decided_by = @decided_by,
    reject_reason = @reject_reason
WHERE id = @id AND status = @from_status AND version = @version;

-- name: ListEntryQueue :many
-- The review queue: applications in one status, the most urgent first.
SELECT e.id, e.number, e.company_name, e.status, e.submitted_at, e.sla_due_at, e.decided_at, a.name AS account_name
FROM entry_applications e JOIN accounts a ON a.id = e.account_id
WHERE e.status = @status
ORDER BY e.sla_due_at, e.id
LIMIT @max_rows::int OFFSET @skip::int;

-- name: CountEntryByStatus :many
SELECT status, count(*)::int AS n FROM entry_applications GROUP BY status;

-- name: CountEntryOverdue :one
SELECT count(*)::int FROM entry_applications WHERE status = 'pending' AND sla_due_at < @now::timestamptz;
