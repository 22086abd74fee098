-- name: CreateCertification :one
INSERT INTO certifications (
    id, account_id, status, bank_name, bank_branch, account_holder, bank_account, tax_rate,
    taxpayer_type, tax_id, submitted_at, sla_due_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
RETURNING *;

-- name: GetCertification :one
SELECT * FROM certifications WHERE id = $1;

-- name: GetCertificationByAccount :one
SELECT * FROM certifications WHERE account_id = $1;

-- name: LockCertification :one
SELECT * FROM certifications WHERE id = $1 FOR UPDATE;

-- name: ResubmitCertification :execrows
UPDATE certifications SET
    status = @to_status, version = version + 1, bank_name = @bank_name, bank_branch = @bank_branch,
    account_holder = @account_holder, bank_account = @bank_account, tax_rate = @tax_rate,
    taxpayer_type = @taxpayer_type, tax_id = @tax_id, submitted_at = @submitted_at, sla_due_at = @sla_due_at,
    decided_at = NULL, decided_by = NULL, reject_reason = ''
WHERE id = @id AND status = @from_status AND version = @version;

-- name: DecideCertification :execrows
UPDATE certifications SET
    status = @to_status, version = version + 1, failures = @failures, decided_at = @decided_at,
    decided_by = @decided_by, reject_reason = @reject_reason
WHERE id = @id AND status = @from_status AND version = @version;

-- name: ListCertificationQueue :many
SELECT c.id, c.status, c.failures, c.submitted_at, c.sla_due_at, c.decided_at, a.name AS account_name,
       coalesce(e.company_name, '')::text AS company_name
FROM certifications c
JOIN accounts a ON a.id = c.account_id
LEFT JOIN entry_applications e ON e.account_id = c.account_id
WHERE c.status = @status
ORDER BY c.sla_due_at, c.id
LIMIT @max_rows::int OFFSET @skip::int;

-- name: CountCertificationsByStatus :many
SELECT status, count(*)::int AS n FROM certifications GROUP BY status;
