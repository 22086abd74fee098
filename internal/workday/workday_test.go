package workday_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"agora/internal/platform/apperr"
	"agora/internal/platform/calendar"
	"agora/internal/testfix"
	"agora/internal/workday"
)

var ctx = context.Background()

func sh(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, testfix.Shanghai)
}

func TestSetValidation(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	admin := env.Admin(t)
	cases := []struct {
		in    workday.SetInput
		field string
		key   string
	}{
		{workday.SetInput{Day: "2026-11-21", Kind: "holiday"}, "kind", "calendar.holiday_on_weekend"}, // Saturday
		{workday.SetInput{Day: "2026-11-22", Kind: "holiday"}, "kind", "calendar.holiday_on_weekend"}, // Sunday
		{workday.SetInput{Day: "2026-11-20", Kind: "workday"}, "kind", "calendar.workday_on_weekday"}, // Friday
		{workday.SetInput{Day: "2026-11-20", Kind: "day-off"}, "kind", "calendar.kind_invalid"},
		{workday.SetInput{Day: "2026-02-30", Kind: "holiday"}, "day", "calendar.day_invalid"},
		{workday.SetInput{Day: "20/11/2026", Kind: "holiday"}, "day", "calendar.day_invalid"},
		{workday.SetInput{Day: "2026-11-20", Kind: "holiday", Note: strings.Repeat("节", 61)}, "note", "calendar.note_long"},
	}
	for _, c := range cases {
		err := env.Calendar.Set(ctx, admin.ID, c.in)
		testfix.WantFields(t, err, map[string]string{c.field: c.key})
	}
	if days, err := env.Calendar.Year(ctx, 2026); err != nil || len(days) != 0 {
		t.Fatalf("refused overrides must not be stored: %+v %v", days, err)
	}

	if err := env.Calendar.Set(ctx, admin.ID, workday.SetInput{Day: " 2026-11-20 ", Kind: "holiday", Note: strings.Repeat("节", 60)}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Hour)
	if err := env.Calendar.Set(ctx, admin.ID, workday.SetInput{Day: "2026-11-20", Kind: "holiday", Note: " 公司年会 "}); err != nil {
		t.Fatal(err)
	}
	days, err := env.Calendar.Year(ctx, 2026)
	if err != nil || len(days) != 1 {
		t.Fatalf("setting a day twice should keep one override: %+v %v", days, err)
	}
	d := days[0]
	if d.Day.Format(time.DateOnly) != "2026-11-20" || d.Kind != calendar.Holiday || d.Note != "公司年会" || !d.UpdatedAt.Equal(env.Clock.Now()) {
		t.Errorf("stored override: %+v", d)
	}
	// The last day of the year belongs to its year.
	if err := env.Calendar.Set(ctx, admin.ID, workday.SetInput{Day: "2026-12-31", Kind: "holiday", Note: "元旦"}); err != nil {
		t.Fatal(err)
	}
	if days, _ := env.Calendar.Year(ctx, 2026); len(days) != 2 || days[1].Day.Format(time.DateOnly) != "2026-12-31" {
		t.Errorf("2026 should list 20 Nov and 31 Dec: %+v", days)
	}
	if other, _ := env.Calendar.Year(ctx, 2027); len(other) != 0 {
		t.Errorf("2027 should have no overrides: %+v", other)
	}
}

func TestDueHonoursOverrides(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	admin := env.Admin(t)
	set := func(day, kind string) {
		t.Helper()
		if err := env.Calendar.Set(ctx, admin.ID, workday.SetInput{Day: day, Kind: kind}); err != nil {
			t.Fatal(err)
		}
	}
	due := func(want time.Time) {
		t.Helper()
		got, err := env.Calendar.DueFromNow(ctx, testfix.Start) // Thursday 10:00
		if err != nil || !got.Equal(want) {
			t.Fatalf("due %v, want %v (%v)", got.In(testfix.Shanghai), want, err)
		}
	}
	due(sh(2026, 11, 24, 10, 0)) // Fri, Mon, Tue
	set("2026-11-20", "holiday")
	due(sh(2026, 11, 25, 10, 0)) // Mon, Tue, Wed
	set("2026-11-21", "workday")
	due(sh(2026, 11, 24, 10, 0)) // Sat (make-up day), Mon, Tue
	if err := env.Calendar.Remove(ctx, "2026-11-20"); err != nil {
		t.Fatal(err)
	}
	due(sh(2026, 11, 23, 10, 0)) // Fri, Sat, Mon
	if err := env.Calendar.Remove(ctx, "2026-11-20"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("removing a day without override: want NotFound, got %v", err)
	}
	if err := env.Calendar.Remove(ctx, "yesterday"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("removing a malformed day: want NotFound, got %v", err)
	}
	if days, _ := env.Calendar.Year(ctx, 2026); len(days) != 1 || days[0].Kind != calendar.Workday {
		t.Errorf("only the make-up day should remain: %+v", days)
	}
}

// Days begin at midnight in Shanghai, not in UTC: Friday 00:30 in Shanghai is
// still Thursday in UTC, but a Friday holiday applies to it.
func TestDueUsesMarketplaceZone(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	if err := env.Calendar.Set(ctx, env.Admin(t).ID, workday.SetInput{Day: "2026-11-20", Kind: "holiday"}); err != nil {
		t.Fatal(err)
	}
	got, err := env.Calendar.DueFromNow(ctx, sh(2026, 11, 20, 0, 30))
	// Holiday → the clock starts Monday and runs out at the end of Wednesday.
	if want := sh(2026, 11, 26, 0, 0); err != nil || !got.Equal(want) {
		t.Fatalf("due %v, want %v (%v)", got.In(testfix.Shanghai), want, err)
	}
}
