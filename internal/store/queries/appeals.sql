-- name: CreateAppeal :one
INSERT INTO appeals (id, number, order_id, appellant_id, appellant_role, status, node, reason, demands, sla_due_at, created_at, updated_at)
VALUES (@id, @number, @order_id, @appellant_id, @appellant_role, @status, @node, @reason, @demands, @sla_due_at, @at, @at)
RETURNING *;

-- name: GetAppeal :one
SELECT * FROM appeals WHERE id = $1;

-- name: LockAppeal :one
SELECT * FROM appeals WHERE id = $1 FOR UPDATE;

-- name: AskAppeal :execrows
UPDATE appeals SET status = @to_status, asked_role = @asked_role, ask_note = @ask_note, updated_at = @at, version = version + 1
WHERE id = @id AND status = @from_status AND version = @version;

-- name: AnswerAppeal :execrows
UPDATE appeals SET status = @to_status, asked_role = '', updated_at = @at, version = version + 1
WHERE id = @id AND status = @from_status AND version = @version;

-- name: CloseAppeal :execrows
UPDATE appeals SET status = @to_status, asked_role = '', updated_at = @at, version = version + 1
WHERE id = @id AND status = @from_status AND version = @version;

-- name: DecideAppeal :execrows
UPDATE appeals SET status = @to_status, outcome = @outcome, decision = @decision, refund_fen = @refund_fen,
    decided_by = @decided_by, decided_at = @at, asked_role = '', updated_at = @at, version = version + 1
WHERE id = @id AND status = @from_status AND version = @version;

-- name: OrderAppeals :many
SELECT * FROM appeals WHERE order_id = $1 ORDER BY created_at DESC;

-- name: AppealQueue :many
-- Operations' arbitration queue: open appeals by their deadline.
SELECT sqlc.embed(a), o.number AS order_number, o.product_name, o.amount_fen, s.flow
FROM appeals a JOIN orders o ON o.id = a.order_id JOIN supervisions s ON s.order_id = a.order_id
WHERE a.status IN ('open', 'material')
ORDER BY a.sla_due_at, a.id
LIMIT @max_rows::int OFFSET @skip::int;

-- name: DecidedAppeals :many
SELECT sqlc.embed(a), o.number AS order_number, o.product_name, o.amount_fen, s.flow
FROM appeals a JOIN orders o ON o.id = a.order_id JOIN supervisions s ON s.order_id = a.order_id
WHERE a.decided_at IS NOT NULL
ORDER BY a.decided_at DESC, a.id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: CountOpenAppeals :one
SELECT count(*) FROM appeals WHERE status IN ('open', 'material');
