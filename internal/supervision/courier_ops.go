package supervision

import (
	"context"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/merchant"
)

// CourierEvent is a courier event as the tracker page lists it.
type CourierEvent struct {
	ID         uuid.UUID
	Courier    string
	Waybill    string
	Event      string
	Phone      string
	HappenedAt time.Time
	RecordedAt time.Time
	Recorder   string // who recorded it ("" for a carrier's feed)
	Deliveries int    // supervised deliveries shipped under the waybill
}

// RecentCourierEvents lists the latest n courier events, for operations.
func (s *Service) RecentCourierEvents(ctx context.Context, ops account.Account, n int) ([]CourierEvent, error) {
	if _, err := merchant.OpsActor(ops); err != nil {
		return nil, err
	}
	rows, err := s.st.RecentCourierEvents(ctx, int32(n))
	if err != nil {
		return nil, err
	}
	out := make([]CourierEvent, len(rows))
	for i, r := range rows {
		out[i] = CourierEvent{ID: r.ID, Courier: r.Courier, Waybill: r.Waybill, Event: r.Event, Phone: r.Phone, HappenedAt: r.HappenedAt,
			RecordedAt: r.CreatedAt, Recorder: r.RecorderName, Deliveries: int(r.Deliveries)}
	}
	return out, nil
}
