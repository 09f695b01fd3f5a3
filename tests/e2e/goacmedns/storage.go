// Package goacmedns stands in for github.com/cpu/goacmedns v0.1.1, which Debian does not
// package, so that lego's own acme-dns provider (providers/dns/acmedns, from Debian's lego
// source) can be built for the end-to-end suite. It offers only what that provider calls, with
// goacmedns's documented behaviour and wire format; the code is this project's own.
package goacmedns

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// Account is an acme-dns account as POST /register answers it and the storage file holds it.
type Account struct {
	FullDomain string `json:"fulldomain"`
	SubDomain  string `json:"subdomain"`
	Username   string `json:"username"`
	Password   string `json:"password"`
	// ServerURL is the API base the account was registered with; empty in older files.
	ServerURL string `json:"server_url"`
}

// Storage holds the account of each name the client validates.
type Storage interface {
	// Fetch answers the account of domain, or ErrDomainNotFound.
	Fetch(domain string) (Account, error)
	// Put keeps account as the one of domain, until Save writes it out.
	Put(domain string, account Account) error
	// Save writes every account out.
	Save() error
}

// ErrDomainNotFound is Fetch's answer for a name without an account.
var ErrDomainNotFound = errors.New("requested domain is not present in storage")

// fileStorage is a JSON file: an object of accounts keyed by name.
type fileStorage struct {
	path     string
	mode     os.FileMode
	accounts map[string]Account
	// Why the file could not be read, when it exists: answered by Fetch rather than treating
	// the name as new (goacmedns ignores it, and lego would then register over the file).
	loadErr error
}

// NewFileStorage reads the accounts at path, if the file exists; Save creates it with mode.
func NewFileStorage(path string, mode os.FileMode) Storage {
	storage := &fileStorage{path: path, mode: mode, accounts: map[string]Account{}}
	content, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		storage.loadErr = fmt.Errorf("reading the acme-dns storage file: %w", err)
	default:
		if err := json.Unmarshal(content, &storage.accounts); err != nil {
			storage.loadErr = fmt.Errorf("%s is not an object of acme-dns accounts by name: %w", path, err)
		}
	}
	return storage
}

func (s *fileStorage) Fetch(domain string) (Account, error) {
	if s.loadErr != nil {
		return Account{}, s.loadErr
	}
	account, found := s.accounts[domain]
	if !found {
		return Account{}, ErrDomainNotFound
	}
	return account, nil
}

func (s *fileStorage) Put(domain string, account Account) error {
	s.accounts[domain] = account
	return nil
}

func (s *fileStorage) Save() error {
	if s.loadErr != nil {
		return s.loadErr
	}
	content, err := json.Marshal(s.accounts)
	if err != nil {
		return fmt.Errorf("encoding the acme-dns accounts: %w", err)
	}
	if err := os.WriteFile(s.path, content, s.mode); err != nil {
		return fmt.Errorf("writing the acme-dns storage file: %w", err)
	}
	return nil
}
