// Package inbox is the in-app message box (站内信) of every account. Messages
// are stored as a topic and parameters, so each reader sees them in their language.
package inbox

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"agora/internal/platform/apperr"
	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Message is one message.
type Message struct {
	ID        uuid.UUID
	Topic     string            // catalog prefix: inbox.<topic>.subject / .body
	Params    map[string]string // placeholders for the texts
	Link      string            // where to go from the message
	CreatedAt time.Time
	Read      bool
}

// Send queues a message to account inside the caller's transaction, so a
// review result and its notice commit together.
func Send(ctx context.Context, q *pg.Queries, account uuid.UUID, topic string, params map[string]string, link string, at time.Time) error {
	if params == nil {
		params = map[string]string{}
	}
	b, err := json.Marshal(params)
	if err != nil {
		return err
	}
	return q.CreateInboxMessage(ctx, pg.CreateInboxMessageParams{ID: uuid.Must(uuid.NewV7()), AccountID: account,
		Topic: topic, Params: b, Link: link, CreatedAt: at})
}

// Service reads and marks messages.
type Service struct {
	st    *store.Store
	clock clock.Clock
}

// NewService returns an inbox service.
func NewService(st *store.Store, c clock.Clock) *Service { return &Service{st: st, clock: c} }

// PageSize is how many messages one page lists.
const PageSize = 20

// List returns one page of account's messages, newest first.
func (s *Service) List(ctx context.Context, account uuid.UUID, page int) ([]Message, error) {
	if page < 1 {
		page = 1
	}
	rows, err := s.st.ListInboxMessages(ctx, pg.ListInboxMessagesParams{AccountID: account, MaxRows: PageSize + 1, Skip: int32((page - 1) * PageSize)})
	if err != nil {
		return nil, err
	}
	out := make([]Message, 0, len(rows))
	for _, r := range rows {
		m := Message{ID: r.ID, Topic: r.Topic, Link: r.Link, CreatedAt: r.CreatedAt, Read: r.ReadAt != nil}
		_ = json.Unmarshal(r.Params, &m.Params)
		out = append(out, m)
	}
	return out, nil
}

// Unread counts account's unread messages.
func (s *Service) Unread(ctx context.Context, account uuid.UUID) (int, error) {
	n, err := s.st.CountUnreadInbox(ctx, account)
	return int(n), err
}

// MarkRead marks one of account's messages read; another account's message is NotFound.
func (s *Service) MarkRead(ctx context.Context, account, id uuid.UUID) error {
	n, err := s.st.MarkInboxRead(ctx, pg.MarkInboxReadParams{AccountID: account, ID: id, ReadAt: s.clock.Now()})
	if err != nil {
		return err
	}
	if n == 0 { // another account's message, or none at all
		return apperr.E(apperr.NotFound, "error.not_found")
	}
	return nil
}

// MarkAllRead marks every message of account read.
func (s *Service) MarkAllRead(ctx context.Context, account uuid.UUID) error {
	return s.st.MarkAllInboxRead(ctx, pg.MarkAllInboxReadParams{AccountID: account, ReadAt: s.clock.Now()})
}
