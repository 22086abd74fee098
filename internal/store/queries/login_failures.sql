-- name: RecordLoginFailure :exec
INSERT INTO login_failures (scope, key, failed_at) VALUES ($1, $2, $3);

-- name: RecentLoginFailures :many
-- The newest failures of one key inside the window, newest first.
SELECT failed_at FROM login_failures
WHERE scope = $1 AND key = $2 AND failed_at > @since::timestamptz
ORDER BY failed_at DESC
LIMIT @max_rows::int;

-- name: ClearLoginFailures :exec
DELETE FROM login_failures WHERE scope = $1 AND key = $2;

-- name: PruneLoginFailures :exec
DELETE FROM login_failures WHERE failed_at < @before::timestamptz;

-- name: LockLoginKey :exec
-- Serialises login attempts for one account name or address until the transaction ends.
SELECT pg_advisory_xact_lock(hashtext(@scope::text || ':' || @key::text));
