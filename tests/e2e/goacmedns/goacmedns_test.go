package goacmedns

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The register path: lego takes it for a name without an account in the storage file (the
// end-to-end suite pre-fills the file, so only this test goes there).
func TestRegisterThenStore(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.URL.Path != "/acme-dns/register" || len(body) != 0 ||
			r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("unexpected %s %s %q %q", r.Method, r.URL.Path, r.Header.Get("Content-Type"), body)
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"username":"u","password":"p","fulldomain":"s.acme.example.com","subdomain":"s","allowfrom":[]}`)
	}))
	defer api.Close()

	account, err := NewClient(api.URL + "/acme-dns").RegisterAccount(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Account{FullDomain: "s.acme.example.com", SubDomain: "s", Username: "u", Password: "p", ServerURL: api.URL + "/acme-dns"}
	if account != want {
		t.Fatalf("account %+v, want %+v", account, want)
	}

	path := filepath.Join(t.TempDir(), "accounts.json")
	storage := NewFileStorage(path, 0o600)
	if _, err := storage.Fetch("example.com"); !errors.Is(err, ErrDomainNotFound) {
		t.Fatalf("Fetch before Put: %v", err)
	}
	if err := storage.Put("example.com", account); err != nil {
		t.Fatal(err)
	}
	if err := storage.Save(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("storage file: %v %v", info, err)
	}
	stored, err := NewFileStorage(path, 0o600).Fetch("example.com")
	if err != nil || stored != account {
		t.Fatalf("read back %+v %v", stored, err)
	}
}

func TestRegisterSendsAllowFromAndTakesOnly201(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if string(body) != `{"AllowFrom":["10.0.0.0/8"]}` {
			t.Errorf("body %s", body)
		}
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":"not_found"}`)
	}))
	defer api.Close()

	_, err := NewClient(api.URL).RegisterAccount([]string{"10.0.0.0/8"})
	if err == nil || !strings.Contains(err.Error(), "answered 404") {
		t.Fatalf("error %v", err)
	}
}

func TestUpdate(t *testing.T) {
	status := http.StatusOK
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]string
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Error(err)
		}
		if r.URL.Path != "/update" || r.Header.Get("X-Api-User") != "u" || r.Header.Get("X-Api-Key") != "p" ||
			len(body) != 2 || body["SubDomain"] != "s" || body["Txt"] != "value" {
			t.Errorf("unexpected %s %v %v", r.URL.Path, r.Header, body)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"txt":"value"}`)
	}))
	defer api.Close()

	client := NewClient(api.URL)
	account := Account{SubDomain: "s", Username: "u", Password: "p"}
	if err := client.UpdateTXTRecord(account, "value"); err != nil {
		t.Fatal(err)
	}
	status = http.StatusUnauthorized
	if err := client.UpdateTXTRecord(account, "value"); err == nil || !strings.Contains(err.Error(), "answered 401") {
		t.Fatalf("error %v", err)
	}
}

func TestUnreadableStorageIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "accounts.json")
	if err := os.WriteFile(path, []byte(`[]`), 0o600); err != nil {
		t.Fatal(err)
	}
	storage := NewFileStorage(path, 0o600)
	if _, err := storage.Fetch("example.com"); err == nil || errors.Is(err, ErrDomainNotFound) {
		t.Fatalf("Fetch: %v", err)
	}
	if err := storage.Save(); err == nil {
		t.Fatal("Save overwrote an unreadable file")
	}
}
