package evidence_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"agora/internal/evidence"
	"agora/internal/store"
	"agora/internal/store/pg"
	"agora/internal/testdb"
)

func appendN(t *testing.T, s *store.Store, id uuid.UUID, n int) {
	t.Helper()
	at := time.Date(2026, 11, 20, 10, 0, 0, 123456789, time.UTC)
	for i := 0; i < n; i++ {
		err := s.InTx(context.Background(), func(q *pg.Queries) error {
			_, err := evidence.Append(context.Background(), q, evidence.Entry{ObjectType: "entry_application", ObjectID: id,
				ActorRole: "reviewer", Event: "ev", From: "a", To: "b", Reason: "because 理由", At: at.Add(time.Duration(i) * time.Minute),
				Attachments: []evidence.Attachment{{FileID: uuid.New(), Name: "proof.pdf", SHA256: strings.Repeat("a", 64), Size: 10}}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, sql, want string
	}{
		{"intact", "", ""},
		{"altered reason", "UPDATE events SET reason = 'edited' WHERE object_id = $1 AND seq = 2", "event 2 (ev) was altered"},
		{"altered time", "UPDATE events SET created_at = created_at + interval '1 second' WHERE object_id = $1 AND seq = 1", "event 1 (ev) was altered"},
		{"removed middle", "DELETE FROM events WHERE object_id = $1 AND seq = 2", "event 2 missing"},
		{"removed tail", "DELETE FROM events WHERE object_id = $1 AND seq = 3", "events after 2 were removed"},
		{"removed all", "DELETE FROM events WHERE object_id = $1", "all 3 events were removed"},
		{"rehashed row without chain", "UPDATE events SET hash = repeat('b', 64) WHERE object_id = $1 AND seq = 3", "event 3 (ev) was altered"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := testdb.New(t)
			s := store.New(db.Pool)
			id, other := uuid.New(), uuid.New()
			appendN(t, s, id, 3)
			appendN(t, s, other, 2)
			if c.sql != "" {
				if _, err := db.Pool.Exec(ctx, c.sql, id); err != nil {
					t.Fatal(err)
				}
			}
			r, err := evidence.Verify(ctx, s.Queries)
			if err != nil {
				t.Fatal(err)
			}
			if c.want == "" {
				if len(r.Problems) != 0 || r.Chains != 2 || r.Events != 5 {
					t.Fatalf("intact log reported %+v", r)
				}
				return
			}
			if len(r.Problems) != 1 {
				t.Fatalf("want one problem, got %v", r.Problems)
			}
			p := r.Problems[0]
			if p.ObjectID != id || !strings.Contains(p.Detail, c.want) {
				t.Fatalf("got %q, want %s naming %s", p, c.want, id)
			}
		})
	}
}
