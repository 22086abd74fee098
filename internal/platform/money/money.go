// Package money formats and parses amounts kept as integer fen (1/100 yuan).
package money

import (
	"errors"
	"strconv"
	"strings"
)

// Fen is an amount in the smallest unit of CNY.
type Fen int64

// Format renders f as ¥1,234.56 (a leading minus for negative amounts).
func Format(f Fen) string {
	neg := f < 0
	if neg {
		f = -f
	}
	yuan := int64(f) / 100
	cents := int64(f) % 100
	s := strconv.FormatInt(yuan, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := "¥" + b.String() + "." + pad2(cents)
	if neg {
		return "-" + out
	}
	return out
}

// Input renders f as a person would type it into a price field: 9999, or
// 9999.50 when there are fen; Parse reads it back unchanged.
func Input(f Fen) string {
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	s := sign + strconv.FormatInt(int64(f)/100, 10)
	if c := int64(f) % 100; c != 0 {
		s += "." + pad2(c)
	}
	return s
}

// Decimal renders f as yuan with exactly two decimals and no currency sign or
// separators (1234.50, -0.10), as spreadsheets and amount fields take it.
func Decimal(f Fen) string {
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	return sign + strconv.FormatInt(int64(f)/100, 10) + "." + pad2(int64(f)%100)
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// ErrInvalid is returned for text that is not an amount.
var ErrInvalid = errors.New("money: not an amount")

// Parse reads "1234.56", "1,234.5", "¥1,234" into fen. At most two decimals;
// negative amounts are rejected because no form accepts them.
func Parse(s string) (Fen, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "¥")
	s = strings.ReplaceAll(s, ",", "")
	if s == "" {
		return 0, ErrInvalid
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || len(whole) > 15 || (hasFrac && (len(frac) == 0 || len(frac) > 2)) {
		return 0, ErrInvalid
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, ErrInvalid
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, ErrInvalid
	}
	var c int64
	if hasFrac {
		if len(frac) == 1 {
			frac += "0"
		}
		c, _ = strconv.ParseInt(frac, 10, 64)
	}
	return Fen(w*100 + c), nil
}
