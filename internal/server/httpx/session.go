package httpx

import (
	"context"

	"github.com/alexedwards/scs/v2"
	"github.com/google/uuid"
)

// Sessions wraps the session manager with the few things the app keeps in a session.
type Sessions struct{ *scs.SessionManager }

const (
	sessAccount = "account_id"
	sessFlash   = "flash"
)

// Login binds the session to account id under a fresh token (no fixation).
func (s Sessions) Login(ctx context.Context, id uuid.UUID) error {
	if err := s.RenewToken(ctx); err != nil {
		return err
	}
	s.Put(ctx, sessAccount, id.String())
	return nil
}

// Logout ends the session.
func (s Sessions) Logout(ctx context.Context) error { return s.Destroy(ctx) }

// AccountID returns the session's account, if any.
func (s Sessions) AccountID(ctx context.Context) (uuid.UUID, bool) {
	id, err := uuid.Parse(s.GetString(ctx, sessAccount))
	return id, err == nil
}

// Flash stores a catalog key to show on the next page.
func (s Sessions) Flash(ctx context.Context, key string) { s.Put(ctx, sessFlash, key) }

// PopFlash takes the pending flash, if any.
func (s Sessions) PopFlash(ctx context.Context) string { return s.PopString(ctx, sessFlash) }
