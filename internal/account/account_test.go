package account_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"

	"agora/internal/account"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
)

var ctx = context.Background()

func signup(env *testfix.Env, name, email, pw, confirm string) (account.Account, error) {
	return env.Accounts.Signup(ctx, account.SignupInput{Name: name, Email: email, Password: pw, Confirm: confirm})
}

func TestSignupValidation(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	const pw = "Passw0rd123"
	env.Seller(t, "Acme_Cloud")
	cases := []struct {
		name, email, pw, confirm string
		want                     map[string]string
	}{
		{"ab", "a@example.com", pw, pw, map[string]string{"name": "account.name_rule"}},
		{strings.Repeat("x", 33), "a@example.com", pw, pw, map[string]string{"name": "account.name_rule"}},
		{"acme cloud", "a@example.com", pw, pw, map[string]string{"name": "account.name_rule"}},
		{"acme@cloud", "a@example.com", pw, pw, map[string]string{"name": "account.name_rule"}},
		{"acme_cloud", "a@example.com", pw, pw, map[string]string{"name": "account.name_taken"}},
		{" ACME_CLOUD ", "a@example.com", pw, pw, map[string]string{"name": "account.name_taken"}},
		{"newco", "a@example", pw, pw, map[string]string{"email": "account.email_invalid"}},
		{"newco", "Newco <a@example.com>", pw, pw, map[string]string{"email": "account.email_invalid"}},
		{"newco", "a@example.com", "abcdefgh", "abcdefgh", map[string]string{"password": "account.password_rule"}},
		{"newco", "a@example.com", "12345678", "12345678", map[string]string{"password": "account.password_rule"}},
		{"newco", "a@example.com", "abc1234", "abc1234", map[string]string{"password": "account.password_rule"}},
		{"newco", "a@example.com", "abc 12345", "abc 12345", map[string]string{"password": "account.password_space"}},
		{"newco", "a@example.com", "abc12345\t", "abc12345\t", map[string]string{"password": "account.password_space"}},
		{"newco", "a@example.com", pw, pw + "x", map[string]string{"confirm": "account.password_mismatch"}},
		{"x", "nope", "short", "", map[string]string{"name": "account.name_rule", "email": "account.email_invalid",
			"password": "account.password_rule", "confirm": "account.password_mismatch"}},
	}
	for _, c := range cases {
		_, err := signup(env, c.name, c.email, c.pw, c.confirm)
		testfix.WantFields(t, err, c.want)
	}
	if _, err := env.Accounts.FindByName(ctx, "newco"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("refused sign-ups must not create accounts: %v", err)
	}
	// Names may be Chinese, with digits, dots and dashes; surrounding spaces are trimmed.
	for _, name := range []string{"张三丰", "web-3.shop_01"} {
		a, err := signup(env, " "+name+" ", " "+name+"@example.com ", "密码abc12345", "密码abc12345")
		if err != nil || a.Name != name || a.Email != name+"@example.com" || a.IsOps() {
			t.Errorf("sign-up %q: %+v %v", name, a, err)
		}
		if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(a.PublicID) {
			t.Errorf("public id %q should be 32 hex characters", a.PublicID)
		}
	}
}

func TestSignupSameNameAtOnceGivesNameTaken(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, name := range []string{"acme", "ACME"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = signup(env, name, "a@example.com", "Passw0rd123", "Passw0rd123")
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if apperr.FieldsOf(err)["name"] != "account.name_taken" {
			t.Errorf("the loser should be told the name is taken, got %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d sign-ups succeeded, want 1: %v", ok, errs)
	}
}

func TestLogin(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	acme := env.Seller(t, "Acme")
	for _, name := range []string{"Acme", "acme", " ACME "} {
		got, err := env.Accounts.Login(ctx, name, testfix.Password, "10.0.0.1")
		if err != nil || got.ID != acme.ID {
			t.Fatalf("login as %q: %+v %v", name, got, err)
		}
	}
	for _, c := range [][2]string{{"acme", "passw0rd123"}, {"acme", ""}, {"nobody", testfix.Password}} {
		_, err := env.Accounts.Login(ctx, c[0], c[1], "10.0.0.1")
		testfix.WantKind(t, err, apperr.Invalid, "login.bad_credentials")
	}
	var hash string
	if err := env.DB.Pool.QueryRow(ctx, "SELECT password_hash FROM accounts WHERE id = $1", acme.ID).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(hash, testfix.Password) || !strings.HasPrefix(hash, "$argon2id$") {
		t.Fatalf("stored password should be an argon2id hash, got %q", hash)
	}
}

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h1, err := account.HashPassword("Passw0rd123")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := account.HashPassword("Passw0rd123")
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(h1) {
		t.Fatalf("hash %q is not argon2id PHC with 16-byte salt and 32-byte key", h1)
	}
	if h1 == h2 {
		t.Error("two hashes of one password should differ (random salt)")
	}
	for pw, want := range map[string]bool{"Passw0rd123": true, "passw0rd123": false, "Passw0rd12": false, "": false} {
		if ok, err := account.CheckPassword(h1, pw); err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	for _, bad := range []string{"", "plaintext", strings.Replace(h1, "argon2id", "argon2i", 1),
		strings.Replace(h1, "v=19", "v=16", 1), h1[:len(h1)-43] + "!!!"} {
		if ok, err := account.CheckPassword(bad, "Passw0rd123"); ok || err == nil {
			t.Errorf("malformed hash %q: got %v, %v; want an error", bad, ok, err)
		}
	}
}

// TestValidPhone: numbers as Chinese and international sellers print them.
func TestValidPhone(t *testing.T) {
	for _, ok := range []string{"95588", "400-820-8820", "0571 8888 6666", "+86 138 0013 8000", "13800138000"} {
		if !account.ValidPhone(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"", "1234", "call us", "+", "400-820-", "-4008208820", "138 0013 8000 ext. 5", "1234567890123456789012"} {
		if account.ValidPhone(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
