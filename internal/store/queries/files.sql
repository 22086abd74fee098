-- name: CreateFile :one
INSERT INTO files (id, owner_id, blob_key, name, content_type, size, sha256, purpose, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING *;

-- name: GetFile :one
SELECT * FROM files WHERE id = $1;

-- name: GetFilesByIDs :many
SELECT * FROM files WHERE id = ANY(@ids::uuid[]);
