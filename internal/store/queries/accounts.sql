-- name: CreateAccount :one
INSERT INTO accounts (id, public_id, name, email, password_hash, ops_role, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING *;

-- name: GetAccount :one
SELECT * FROM accounts WHERE id = $1;

-- name: GetAccountByName :one
SELECT * FROM accounts WHERE lower(name) = lower(@name::text);

-- name: GetAccountByNameAndPublicID :one
SELECT * FROM accounts WHERE lower(name) = lower(@name::text) AND public_id = @public_id;

-- name: AccountNameTaken :one
SELECT EXISTS (SELECT 1 FROM accounts WHERE lower(name) = lower(@name::text));

-- name: UpdateAccountPassword :exec
UPDATE accounts SET password_hash = $2 WHERE id = $1;

-- name: SetAccountIdentity :exec
UPDATE accounts SET identity = @identity WHERE id = @id;
