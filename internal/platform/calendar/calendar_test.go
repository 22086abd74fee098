package calendar

import (
	"testing"
	"time"
)

var sh = func() *time.Location { l, _ := time.LoadLocation("Asia/Shanghai"); return l }()

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, sh)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddWorkingDays(t *testing.T) {
	// 2026-10-01..07 is the National Day holiday; Sunday 2026-09-27 and Saturday 2026-10-10 are make-up working days.
	cal := New(sh, map[Date]DayKind{
		"2026-10-01": Holiday, "2026-10-02": Holiday, "2026-10-05": Holiday, "2026-10-06": Holiday, "2026-10-07": Holiday,
		"2026-09-27": Workday, "2026-10-10": Workday,
	})
	cases := []struct{ name, start, want string }{
		{"weekday midweek", "2026-11-16 10:00", "2026-11-19 10:00"},
		{"thursday spans weekend", "2026-11-19 15:30", "2026-11-24 15:30"},
		{"friday", "2026-11-20 09:00", "2026-11-25 09:00"},
		{"saturday starts monday", "2026-11-21 12:00", "2026-11-26 00:00"},
		{"sunday starts monday", "2026-11-22 23:59", "2026-11-26 00:00"},
		{"make-up sunday counts", "2026-09-25 10:00", "2026-09-29 10:00"},
		{"holidays skipped, make-up saturday counted", "2026-09-30 10:00", "2026-10-10 10:00"},
		{"submitted on holiday", "2026-10-03 08:00", "2026-10-12 00:00"},
		{"make-up saturday counted", "2026-10-09 10:00", "2026-10-13 10:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := cal.AddWorkingDays(at(c.start), 3)
			if !got.Equal(at(c.want)) {
				t.Fatalf("AddWorkingDays(%s, 3) = %s, want %s", c.start, got.In(sh).Format("2006-01-02 15:04 Mon"), c.want)
			}
		})
	}
}

func TestIsWorkingDay(t *testing.T) {
	cal := New(sh, map[Date]DayKind{"2026-11-23": Holiday, "2026-11-22": Workday})
	for day, want := range map[string]bool{
		"2026-11-20 12:00": true, "2026-11-21 12:00": false, "2026-11-22 12:00": true, "2026-11-23 12:00": false, "2026-11-24 00:00": true,
	} {
		if got := cal.IsWorkingDay(at(day)); got != want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", day, got, want)
		}
	}
	// The day boundary is in Shanghai time, not UTC: 2026-11-20 23:30 Shanghai is a Friday.
	if !cal.IsWorkingDay(time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC)) {
		t.Error("day must be judged in the calendar's zone")
	}
}
