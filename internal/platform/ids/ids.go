// Package ids makes identifiers people read: application, product and order numbers.
package ids

import (
	"crypto/rand"
	"time"
)

// alphabet leaves out I and O, which readers confuse with 1 and 0.
const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ"

// Number builds a human-readable number: prefix, the minute of t in loc
// (yyMMddHHmm) and five random letters, e.g. RZ2611211530ABCDE. Numbers are
// unique by a database constraint; a clash (1 in 8 million per minute and prefix) fails the insert.
func Number(prefix string, t time.Time, loc *time.Location) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return prefix + t.In(loc).Format("0601021504") + string(b)
}
