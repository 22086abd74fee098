package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"agora/internal/evidence"
)

// chain builds a valid chain of n events of one object, the second with file attached.
func chain(t *testing.T, typ string, id uuid.UUID, n int, file []byte) Chain {
	t.Helper()
	sum := sha256.Sum256(file)
	att := Attachment{FileID: uuid.New(), Name: "交付证明.pdf", SHA256: hex.EncodeToString(sum[:]), Size: int64(len(file))}
	att.Path = PathOf(att.SHA256, att.Name)
	c := Chain{ObjectType: typ, ObjectID: id.String()}
	prev := evidence.GenesisHash()
	actor := uuid.New()
	for i := range n {
		at := time.Date(2026, 11, 19, 2, i, 0, 123456000, time.UTC)
		e := Event{Seq: int32(i + 1), At: evidence.FormatAt(at), ActorID: actor.String(), ActorRole: "seller", Event: "deliver",
			From: "implementing", To: "acceptance", Reason: "已交付 " + strings.Repeat("好", i), Attachments: []Attachment{}, PrevHash: prev}
		if i == 1 {
			e.Attachments = []Attachment{att}
		}
		h, err := hashOf(id, typ, e)
		if err != nil {
			t.Fatal(err)
		}
		e.Hash, prev = h, h
		c.Events = append(c.Events, e)
	}
	return c
}

func archive(t *testing.T, m Manifest, files map[uuid.UUID][]byte) []byte {
	t.Helper()
	b := &Bundle{Manifest: m}
	var out bytes.Buffer
	err := b.write(context.Background(), &out, func(_ context.Context, id uuid.UUID) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(files[id])), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestVerifyBundleFindsEachChange: an intact bundle is OK; each kind of
// change is named with its code and where it is.
func TestVerifyBundleFindsEachChange(t *testing.T) {
	pdf := []byte("%PDF-1.7\nproof\n%%EOF\n")
	id := uuid.New()
	base := func() (Manifest, map[uuid.UUID][]byte) {
		c := chain(t, "supervision", id, 4, pdf)
		return Manifest{Format: Format, OrderNumber: "CS2611191000ABCDE", ExportedAt: "2026-11-19T03:00:00Z", Chains: []Chain{c}},
			map[uuid.UUID][]byte{c.Events[1].Attachments[0].FileID: pdf}
	}
	cases := []struct {
		name  string
		edit  func(m *Manifest, files map[uuid.UUID][]byte)
		codes []string
		seq   int32
	}{
		{"intact", func(*Manifest, map[uuid.UUID][]byte) {}, nil, 0},
		{"reason edited", func(m *Manifest, _ map[uuid.UUID][]byte) { m.Chains[0].Events[2].Reason = "未交付" },
			[]string{ProblemAltered}, 3},
		{"event rehashed", func(m *Manifest, _ map[uuid.UUID][]byte) {
			e := &m.Chains[0].Events[1]
			e.To = "completed"
			e.Hash, _ = hashOf(id, "supervision", *e)
		}, []string{ProblemLink}, 3},
		{"middle event removed", func(m *Manifest, _ map[uuid.UUID][]byte) {
			m.Chains[0].Events = slices.Delete(m.Chains[0].Events, 1, 2)
		}, []string{ProblemMissing}, 2},
		{"same instant written another way", func(m *Manifest, _ map[uuid.UUID][]byte) {
			m.Chains[0].Events[0].At = "2026-11-19T10:00:00.123456+08:00"
		}, nil, 0},
		{"time moved", func(m *Manifest, _ map[uuid.UUID][]byte) { m.Chains[0].Events[0].At = "2026-11-19T02:00:01.123456Z" },
			[]string{ProblemAltered}, 1},
		{"recorded SHA-256 changed", func(m *Manifest, _ map[uuid.UUID][]byte) {
			m.Chains[0].Events[1].Attachments[0].SHA256 = strings.Repeat("a", 64)
		}, []string{ProblemAltered, ProblemFileBad}, 2},
		{"file replaced", func(m *Manifest, files map[uuid.UUID][]byte) {
			for k := range files {
				files[k] = []byte("%PDF-1.7\nforged\n%%EOF\n")
			}
		}, []string{ProblemFileBad}, 0},
		{"bad actor id", func(m *Manifest, _ map[uuid.UUID][]byte) { m.Chains[0].Events[3].ActorID = "someone" },
			[]string{ProblemBadField}, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, files := base()
			c.edit(&m, files)
			b := archive(t, m, files)
			rep, err := VerifyBundle(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, p := range rep.Problems {
				codes = append(codes, p.Code)
			}
			if !slices.Equal(codes, c.codes) {
				t.Fatalf("problems %v, want codes %v", rep.Problems, c.codes)
			}
			if c.seq != 0 && rep.Problems[0].Seq != c.seq {
				t.Errorf("problem at event %d, want %d", rep.Problems[0].Seq, c.seq)
			}
			if len(c.codes) == 0 && (rep.Files != 1 || rep.Events != 4 || rep.Chains[0].Head != m.Chains[0].Events[3].Hash) {
				t.Errorf("report %+v", rep)
			}
		})
	}
}

func TestVerifyBundleWithoutEvents(t *testing.T) {
	b := archive(t, Manifest{Format: "something else"}, nil)
	rep, err := VerifyBundle(bytes.NewReader(b), int64(len(b)))
	if err != nil || len(rep.Problems) != 1 || rep.Problems[0].Code != ProblemNoEvents {
		t.Fatalf("%v %+v", err, rep)
	}
}

func TestPathOfIsOneSafeElement(t *testing.T) {
	for name, want := range map[string]string{"../../etc/passwd": "attachments/x-.._.._etc_passwd", "..": "attachments/x-file",
		"报告 v2.pdf": "attachments/x-报告 v2.pdf", `a\b:c`: "attachments/x-a_b_c"} {
		if got := PathOf("x", name); got != want {
			t.Errorf("PathOf(%q) = %q, want %q", name, got, want)
		}
	}
}
