// Package migrations embeds the SQL migrations applied by `agora migrate`.
package migrations

import "embed"

// FS holds the numbered up/down migration files.
//
//go:embed *.sql
var FS embed.FS
