package money

import "testing"

func TestFormat(t *testing.T) {
	cases := map[Fen]string{0: "¥0.00", 5: "¥0.05", 123456: "¥1,234.56", 100000000: "¥1,000,000.00", -2550: "-¥25.50", 99999: "¥999.99"}
	for in, want := range cases {
		if got := Format(in); got != want {
			t.Errorf("Format(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	ok := map[string]Fen{"1234.56": 123456, "¥1,234.5": 123450, "500000": 50000000, " 0.01 ": 1}
	for in, want := range ok {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "1.234", "-5", "1.", ".5", "1e5", "12345678901234567"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

// TestInput: a price put back into a form reads as typed and parses to itself.
func TestInput(t *testing.T) {
	for f, want := range map[Fen]string{0: "0", 5: "0.05", 999900: "9999", 999950: "9999.50", 123456789: "1234567.89", -150: "-1.50"} {
		got := Input(f)
		if got != want {
			t.Errorf("Input(%d) = %q, want %q", f, got, want)
		}
		if back, err := Parse(got); f >= 0 && (err != nil || back != f) {
			t.Errorf("Parse(Input(%d)) = %d, %v", f, back, err)
		}
	}
}

func TestDecimal(t *testing.T) {
	for f, want := range map[Fen]string{0: "0.00", 5: "0.05", 10: "0.10", 123450: "1234.50", -10: "-0.10", 1999999: "19999.99"} {
		if got := Decimal(f); got != want {
			t.Errorf("Decimal(%d) = %q, want %q", f, got, want)
		}
	}
}
