-- name: CreateInboxMessage :exec
INSERT INTO inbox_messages (id, account_id, topic, params, link, created_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: ListInboxMessages :many
SELECT * FROM inbox_messages WHERE account_id = $1 ORDER BY created_at DESC, id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: CountUnreadInbox :one
SELECT count(*)::int FROM inbox_messages WHERE account_id = $1 AND read_at IS NULL;

-- name: MarkInboxRead :execrows
UPDATE inbox_messages SET read_at = coalesce(read_at, @read_at::timestamptz) WHERE account_id = @account_id AND id = @id;

-- name: MarkAllInboxRead :exec
UPDATE inbox_messages SET read_at = @read_at::timestamptz WHERE account_id = @account_id AND read_at IS NULL;
