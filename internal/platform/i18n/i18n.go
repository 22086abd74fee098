// Package i18n holds the message catalogs (zh-CN and en) and picks the
// viewer's language. Messages use named placeholders: "Try again in {minutes} min".
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// Languages the product speaks, the first being the fallback for matching.
var Languages = []string{"zh-CN", "en"}

var matcher = language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})

// Bundle is the set of catalogs, one map per language.
type Bundle struct {
	msgs map[string]map[string]string
}

// Load reads every "<area>.<lang>.json" file in fsys. A key defined twice for one
// language is an error, so areas cannot silently override each other.
func Load(fsys fs.FS) (*Bundle, error) {
	b := &Bundle{msgs: map[string]map[string]string{}}
	for _, l := range Languages {
		b.msgs[l] = map[string]string{}
	}
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".json")
		dot := strings.Index(name, ".")
		if dot < 0 {
			return nil, fmt.Errorf("i18n: %s: name must be <area>.<lang>.json", f)
		}
		lang := name[dot+1:]
		cat, ok := b.msgs[lang]
		if !ok {
			return nil, fmt.Errorf("i18n: %s: unknown language %q", f, lang)
		}
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		for k, v := range m {
			if _, dup := cat[k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q defined twice", f, k)
			}
			cat[k] = v
		}
	}
	return b, nil
}

// Keys returns the sorted keys of one language's catalog.
func (b *Bundle) Keys(lang string) []string {
	keys := make([]string, 0, len(b.msgs[lang]))
	for k := range b.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether lang defines key.
func (b *Bundle) Has(lang, key string) bool { _, ok := b.msgs[lang][key]; return ok }

// Normalize returns a supported language for s, or "" when s names none.
func Normalize(s string) string {
	for _, l := range Languages {
		if strings.EqualFold(s, l) {
			return l
		}
	}
	return ""
}

// Pick chooses the language from the "lang" cookie, then Accept-Language, then def.
func Pick(r *http.Request, def string) string {
	if c, err := r.Cookie("lang"); err == nil {
		if l := Normalize(c.Value); l != "" {
			return l
		}
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, idx, conf := matcher.Match(tags...)
			if conf != language.No {
				return Languages[idx]
			}
		}
	}
	return def
}

// Localizer renders messages, money and times for one viewer.
type Localizer struct {
	bundle *Bundle
	lang   string
	loc    *time.Location
}

// For returns a localizer for lang in time zone loc.
func (b *Bundle) For(lang string, loc *time.Location) *Localizer {
	if _, ok := b.msgs[lang]; !ok {
		lang = Languages[0]
	}
	return &Localizer{bundle: b, lang: lang, loc: loc}
}

// Lang is the localizer's language tag.
func (l *Localizer) Lang() string { return l.lang }

// Location is the viewer's time zone.
func (l *Localizer) Location() *time.Location { return l.loc }

// T returns the message for key with the placeholders of kv (name, value pairs)
// filled in. A missing key renders as the key itself, which tests catch.
func (l *Localizer) T(key string, kv ...any) string {
	msg, ok := l.bundle.msgs[l.lang][key]
	if !ok {
		return key
	}
	if len(kv) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	pairs := make([]string, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(kv[i])+"}", fmt.Sprint(kv[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// Time formats t in the viewer's zone.
func (l *Localizer) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(l.loc).Format("2006-01-02 15:04")
}

// Date formats the day of t in the viewer's zone.
func (l *Localizer) Date(t time.Time) string { return t.In(l.loc).Format(time.DateOnly) }
