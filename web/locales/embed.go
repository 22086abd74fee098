// Package locales embeds the message catalogs: <area>.<lang>.json for zh-CN and en.
package locales

import "embed"

// FS holds every catalog file.
//
//go:embed *.json
var FS embed.FS
