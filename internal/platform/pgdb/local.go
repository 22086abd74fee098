package pgdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Local is a private PostgreSQL cluster kept under a project folder, for
// `make run` and `make test` on a machine without a configured database.
type Local struct {
	Dir      string // e.g. ./var/pg; data in Dir/data
	Port     int
	Password string
	bin      string
	osUser   string // the unprivileged user the server runs as when we are root
	started  bool   // whether this process started the server (and so stops it)
	log      io.Writer
}

// StartLocal makes sure a cluster exists in dir and is running, installing the
// PostgreSQL server package if no server binaries are found.
func StartLocal(ctx context.Context, dir string, log io.Writer) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	l := &Local{Dir: abs, log: log}
	if l.bin, err = findServerBin(); err != nil {
		fmt.Fprintln(log, "PostgreSQL server not found; installing the postgresql package …")
		if err := installServer(ctx, log); err != nil {
			return nil, err
		}
		if l.bin, err = findServerBin(); err != nil {
			return nil, err
		}
	}
	if os.Geteuid() == 0 {
		if l.osUser, err = serverUser(ctx); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, err
	}
	if l.osUser != "" {
		if err := ensureTraversable(abs, log); err != nil {
			return nil, err
		}
	}
	if _, err := os.Stat(filepath.Join(abs, "data", "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := l.initdb(ctx); err != nil {
			return nil, err
		}
	}
	if err := l.readSettings(); err != nil {
		return nil, err
	}
	if l.run(ctx, io.Discard, "pg_ctl", "-D", l.data(), "status") == nil {
		return l, nil // already running (another make run or make test): share it, leave it running
	}
	fmt.Fprintf(log, "starting PostgreSQL in %s on 127.0.0.1:%d …\n", l.data(), l.Port)
	logFile := filepath.Join(abs, "server.log")
	if err := l.run(ctx, log, "pg_ctl", "-D", l.data(), "-l", logFile, "-w", "-t", "60", "start"); err != nil {
		return nil, fmt.Errorf("pgdb: start local server (see %s): %w", logFile, err)
	}
	l.started = true
	return l, nil
}

// DSN returns the connection URL of database name in the local cluster.
func (l *Local) DSN(name string) string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword("agora", l.Password),
		Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(l.Port)), Path: "/" + name, RawQuery: "sslmode=disable"}
	return u.String()
}

// Stop stops the server if this process started it.
func (l *Local) Stop() error {
	if l == nil || !l.started {
		return nil
	}
	fmt.Fprintln(l.log, "stopping PostgreSQL …")
	return l.run(context.Background(), l.log, "pg_ctl", "-D", l.data(), "-m", "fast", "-w", "stop")
}

func (l *Local) data() string { return filepath.Join(l.Dir, "data") }

func (l *Local) initdb(ctx context.Context) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	pw := make([]byte, 16)
	_, _ = rand.Read(pw)
	password := hex.EncodeToString(pw)
	fmt.Fprintf(l.log, "creating a private PostgreSQL cluster in %s …\n", l.data())
	if err := os.MkdirAll(l.data(), 0o700); err != nil {
		return err
	}
	pwFile := filepath.Join(l.Dir, "pwfile")
	if err := os.WriteFile(pwFile, []byte(password+"\n"), 0o600); err != nil {
		return err
	}
	defer os.Remove(pwFile)
	if l.osUser != "" {
		if err := chown(ctx, l.osUser, l.Dir); err != nil {
			return err
		}
	}
	if err := l.run(ctx, l.log, "initdb", "-D", l.data(), "-U", "agora", "--pwfile", pwFile,
		"--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"); err != nil {
		return fmt.Errorf("pgdb: initdb: %w", err)
	}
	conf := fmt.Sprintf("\n# agora private cluster\nlisten_addresses = '127.0.0.1'\nport = %d\nunix_socket_directories = ''\nmax_connections = 300\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n", port)
	f, err := os.OpenFile(filepath.Join(l.data(), "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(conf); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(l.Dir, "credentials"), []byte(fmt.Sprintf("%d\n%s\n", port, password)), 0o600)
}

func (l *Local) readSettings() error {
	b, err := os.ReadFile(filepath.Join(l.Dir, "credentials"))
	if err != nil {
		return fmt.Errorf("pgdb: local cluster credentials: %w (remove %s to start afresh)", err, l.Dir)
	}
	lines := strings.Fields(string(b))
	if len(lines) != 2 {
		return fmt.Errorf("pgdb: malformed %s/credentials", l.Dir)
	}
	l.Port, err = strconv.Atoi(lines[0])
	l.Password = lines[1]
	return err
}

// run runs a server binary, as the unprivileged user when we are root.
func (l *Local) run(ctx context.Context, out io.Writer, name string, args ...string) error {
	bin := filepath.Join(l.bin, name)
	var cmd *exec.Cmd
	if l.osUser != "" {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", l.osUser, "--", bin}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, bin, args...)
	}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Dir = l.Dir
	return cmd.Run()
}

func findServerBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("pgdb: no PostgreSQL server binaries (initdb) found")
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func installServer(ctx context.Context, log io.Writer) error {
	var prefix []string
	if os.Geteuid() != 0 {
		prefix = []string{"sudo"}
	}
	for _, args := range [][]string{{"apt-get", "update"}, {"apt-get", "install", "-y", "--no-install-recommends", "postgresql"}} {
		all := append(append([]string{}, prefix...), args...)
		cmd := exec.CommandContext(ctx, all[0], all[1:]...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("pgdb: %s: %w (install PostgreSQL or set DATABASE_URL)", strings.Join(all, " "), err)
		}
	}
	return nil
}

// serverUser returns an unprivileged OS user to run PostgreSQL as: the Debian
// package's postgres user, or a system user created for the purpose.
func serverUser(ctx context.Context) (string, error) {
	for _, name := range []string{"postgres", "agora-pg"} {
		if _, err := user.Lookup(name); err == nil {
			return name, nil
		}
	}
	cmd := exec.CommandContext(ctx, "useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "agora-pg")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("pgdb: useradd agora-pg: %v: %s", err, out)
	}
	return "agora-pg", nil
}

func chown(ctx context.Context, osUser string, paths ...string) error {
	args := append([]string{"-R", osUser + ":"}, paths...)
	if out, err := exec.CommandContext(ctx, "chown", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("pgdb: chown: %v: %s", err, out)
	}
	return nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// EnsureDatabase creates database name if it does not exist, connecting through adminDSN.
func EnsureDatabase(ctx context.Context, adminDSN, name string) error {
	pool, err := Open(ctx, adminDSN)
	if err != nil {
		return err
	}
	defer pool.Close()
	var exists bool
	if err := pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = pool.Exec(ctx, "CREATE DATABASE "+quoteIdent(name))
	return err
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// ensureTraversable lets the unprivileged server user reach dir: an ancestor that
// others may not search (a clone under /root, say) gets the search bit, and says so.
func ensureTraversable(dir string, log io.Writer) error {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return err
		}
		if fi.Mode().Perm()&0o001 == 0 {
			fmt.Fprintf(log, "allowing the PostgreSQL user to pass through %s (chmod o+x)\n", d)
			if err := os.Chmod(d, fi.Mode().Perm()|0o001); err != nil {
				return err
			}
		}
		if d == "/" {
			return nil
		}
	}
}
