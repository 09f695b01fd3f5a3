package goacmedns

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"time"
)

// Client calls an acme-dns API: POST <base>/register and POST <base>/update.
type Client struct {
	baseURL string
	http    *http.Client
}

// NewClient calls the acme-dns API at baseURL (without a trailing /register or /update).
func NewClient(baseURL string) *Client {
	return &Client{baseURL: baseURL, http: &http.Client{Timeout: 30 * time.Second}}
}

// The request bodies as goacmedns v0.1.1 sends them: its structs carry no JSON tags, so the
// keys are the Go field names, which acme-dns (Go's encoding/json) matches case-insensitively.
type registration struct {
	AllowFrom []string `json:"AllowFrom"`
}

type update struct {
	SubDomain string `json:"SubDomain"`
	Txt       string `json:"Txt"`
}

// RegisterAccount creates an account; allowFrom, when not empty, limits the networks that may
// update it. acme-dns answers a new account with 201.
func (c *Client) RegisterAccount(allowFrom []string) (Account, error) {
	var body []byte
	if len(allowFrom) > 0 {
		encoded, err := json.Marshal(registration{AllowFrom: allowFrom})
		if err != nil {
			return Account{}, fmt.Errorf("encoding the acme-dns registration: %w", err)
		}
		body = encoded
	}
	answer, err := c.post("register", body, nil, http.StatusCreated)
	if err != nil {
		return Account{}, err
	}
	var account Account
	if err := json.Unmarshal(answer, &account); err != nil {
		return Account{}, fmt.Errorf("reading the acme-dns account: %w", err)
	}
	account.ServerURL = c.baseURL
	return account, nil
}

// UpdateTXTRecord publishes value at the account's subdomain; acme-dns answers 200.
func (c *Client) UpdateTXTRecord(account Account, value string) error {
	body, err := json.Marshal(update{SubDomain: account.SubDomain, Txt: value})
	if err != nil {
		return fmt.Errorf("encoding the acme-dns update: %w", err)
	}
	headers := map[string]string{"X-Api-User": account.Username, "X-Api-Key": account.Password}
	_, err = c.post("update", body, headers, http.StatusOK)
	return err
}

// post sends a JSON body to <base>/<operation> and answers the response body when the status
// is the expected one.
func (c *Client) post(operation string, body []byte, headers map[string]string, expected int) ([]byte, error) {
	url := c.baseURL + "/" + operation
	request, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("acme-dns %s: %w", operation, err)
	}
	request.Header.Set("Content-Type", "application/json")
	request.Header.Set("User-Agent", fmt.Sprintf("goacmedns (%s; %s)", runtime.GOOS, runtime.GOARCH))
	for name, value := range headers {
		request.Header.Set(name, value)
	}
	response, err := c.http.Do(request)
	if err != nil {
		return nil, fmt.Errorf("acme-dns %s: %w", operation, err)
	}
	defer response.Body.Close()
	answer, err := io.ReadAll(response.Body)
	if err != nil {
		return nil, fmt.Errorf("acme-dns %s: reading the answer: %w", operation, err)
	}
	if response.StatusCode != expected {
		return nil, fmt.Errorf("acme-dns %s: POST %s answered %d, not %d: %s",
			operation, url, response.StatusCode, expected, answer)
	}
	return answer, nil
}
