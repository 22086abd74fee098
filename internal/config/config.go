// Package config reads the process configuration from the environment, once, in main.
package config

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the binary. The README lists each variable.
type Config struct {
	DatabaseURL     string         // DATABASE_URL; empty means "start the private cluster under DataDir" (dev only)
	Addr            string         // AGORA_ADDR
	BaseURL         string         // AGORA_BASE_URL
	DataDir         string         // AGORA_DATA_DIR
	BlobDir         string         // AGORA_BLOB_DIR
	ImportDir       string         // AGORA_IMPORT_DIR: the object storage sellers import packages from, <dir>/<bucket>/<key>; "off" disables it
	Location        *time.Location // AGORA_TIMEZONE
	DefaultLang     string         // AGORA_DEFAULT_LANG
	LogFormat       string         // AGORA_LOG_FORMAT: json | text
	LogLevel        string         // AGORA_LOG_LEVEL: debug | info | warn | error
	SecureCookies   bool           // AGORA_SECURE_COOKIES
	SessionLifetime time.Duration  // AGORA_SESSION_LIFETIME
	TrustProxy      bool           // AGORA_TRUST_PROXY: take the client address from X-Forwarded-For
	ShutdownTimeout time.Duration  // AGORA_SHUTDOWN_TIMEOUT
}

// Load parses the configuration from getenv.
func Load(getenv func(string) string) (Config, error) {
	get := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		DatabaseURL: get("DATABASE_URL", ""),
		Addr:        get("AGORA_ADDR", ":8080"),
		DataDir:     get("AGORA_DATA_DIR", "./var"),
		DefaultLang: get("AGORA_DEFAULT_LANG", "zh-CN"),
		LogFormat:   get("AGORA_LOG_FORMAT", "json"),
		LogLevel:    get("AGORA_LOG_LEVEL", "info"),
	}
	c.BlobDir = get("AGORA_BLOB_DIR", filepath.Join(c.DataDir, "blobs"))
	c.ImportDir = get("AGORA_IMPORT_DIR", filepath.Join(c.DataDir, "import"))
	if c.ImportDir == "off" {
		c.ImportDir = ""
	}
	c.BaseURL = strings.TrimRight(get("AGORA_BASE_URL", "http://localhost"+portOf(c.Addr)), "/")
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("config: AGORA_BASE_URL %q is not an http(s) URL", c.BaseURL)
	}
	if c.Location, err = time.LoadLocation(get("AGORA_TIMEZONE", "Asia/Shanghai")); err != nil {
		return c, fmt.Errorf("config: AGORA_TIMEZONE: %w", err)
	}
	if c.DefaultLang != "zh-CN" && c.DefaultLang != "en" {
		return c, fmt.Errorf("config: AGORA_DEFAULT_LANG must be zh-CN or en, not %q", c.DefaultLang)
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return c, fmt.Errorf("config: AGORA_LOG_FORMAT must be json or text, not %q", c.LogFormat)
	}
	if c.SecureCookies, err = parseBool(get("AGORA_SECURE_COOKIES", strconv.FormatBool(u.Scheme == "https"))); err != nil {
		return c, fmt.Errorf("config: AGORA_SECURE_COOKIES: %w", err)
	}
	if c.TrustProxy, err = parseBool(get("AGORA_TRUST_PROXY", "false")); err != nil {
		return c, fmt.Errorf("config: AGORA_TRUST_PROXY: %w", err)
	}
	if c.SessionLifetime, err = time.ParseDuration(get("AGORA_SESSION_LIFETIME", "12h")); err != nil || c.SessionLifetime < time.Minute {
		return c, fmt.Errorf("config: AGORA_SESSION_LIFETIME must be a duration of at least 1m")
	}
	if c.ShutdownTimeout, err = time.ParseDuration(get("AGORA_SHUTDOWN_TIMEOUT", "15s")); err != nil {
		return c, fmt.Errorf("config: AGORA_SHUTDOWN_TIMEOUT: %w", err)
	}
	return c, nil
}

func parseBool(s string) (bool, error) { return strconv.ParseBool(s) }

func portOf(addr string) string {
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		return addr[i:]
	}
	return ":8080"
}
