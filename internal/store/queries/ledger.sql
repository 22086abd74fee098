-- name: EnsureBalance :exec
-- An account's balance row appears with its first movement.
INSERT INTO balances (account_id, balance_fen, updated_at) VALUES (@account_id, 0, @at)
ON CONFLICT (account_id) DO NOTHING;

-- name: LockBalance :one
-- Every movement locks the balance first, so concurrent payments queue and none overdraws.
SELECT balance_fen FROM balances WHERE account_id = $1 FOR UPDATE;

-- name: SetBalance :exec
UPDATE balances SET balance_fen = @balance_fen, updated_at = @at WHERE account_id = @account_id;

-- name: GetBalance :one
SELECT COALESCE((SELECT balance_fen FROM balances WHERE account_id = $1), 0)::bigint AS balance_fen;

-- name: CreateLedgerEntry :exec
INSERT INTO ledger_entries (id, account_id, kind, amount_fen, balance_after_fen, order_id, actor_id, reason, created_at)
VALUES (@id, @account_id, @kind, @amount_fen, @balance_after_fen, @order_id, @actor_id, @reason, @created_at);

-- name: ListLedgerEntries :many
SELECT * FROM ledger_entries
WHERE account_id = @account_id
ORDER BY created_at DESC, id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: OrderLedgerEntries :many
SELECT * FROM ledger_entries WHERE order_id = $1 ORDER BY created_at, id;
