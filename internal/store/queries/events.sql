-- name: LockEventHead :one
-- Locks the head of one chain; callers hold it until their event is appended.
SELECT * FROM event_heads WHERE object_type = $1 AND object_id = $2 FOR UPDATE;

-- name: InsertEventHead :exec
INSERT INTO event_heads (object_type, object_id, seq, hash) VALUES ($1, $2, $3, $4);

-- name: UpdateEventHead :execrows
UPDATE event_heads SET seq = @seq, hash = @hash
WHERE object_type = @object_type AND object_id = @object_id AND seq = @prev_seq;

-- name: InsertEvent :one
INSERT INTO events (object_type, object_id, seq, actor_id, actor_role, event, from_state, to_state,
                    reason, attachments, created_at, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
RETURNING *;

-- name: ListObjectEvents :many
SELECT e.*, coalesce(a.name, '')::text AS actor_name
FROM events e LEFT JOIN accounts a ON a.id = e.actor_id
WHERE e.object_type = $1 AND e.object_id = $2
ORDER BY e.seq;

-- name: ListEventHeads :many
SELECT * FROM event_heads ORDER BY object_type, object_id;

-- name: ListEventsForVerify :many
-- Every event, grouped by chain, for agora verify-events.
SELECT * FROM events ORDER BY object_type, object_id, seq;
