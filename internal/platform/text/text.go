// Package text checks text people type into forms.
package text

import (
	"strings"
	"unicode/utf8"
)

// Bounded trims s and reports whether it has between lo and hi characters.
func Bounded(s string, lo, hi int) (string, bool) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	return s, n >= lo && n <= hi
}
