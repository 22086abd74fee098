package text

import "testing"

func TestBounded(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		lo, hi   int
		ok       bool
	}{
		{"  需求说明  ", "需求说明", 2, 4, true},
		{"需求说明书", "需求说明书", 2, 4, false},
		{" a ", "a", 2, 4, false},
		{"", "", 0, 10, true},
	} {
		if got, ok := Bounded(tc.in, tc.lo, tc.hi); got != tc.want || ok != tc.ok {
			t.Errorf("Bounded(%q, %d, %d) = %q, %v", tc.in, tc.lo, tc.hi, got, ok)
		}
	}
}
