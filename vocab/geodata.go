package vocab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultGeodataURL is GISCO's public distribution of the NUTS GeoJSON
// files, the default base of FetchGeodata.
const DefaultGeodataURL = "https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson/"

// ErrGeodataMissing is matched (errors.Is) by the error of LoadRegions and
// FindGeodataDir when the GISCO files are not there.
var ErrGeodataMissing = errors.New("NUTS geodata missing")

// GeodataMissingError says which geodata files are missing where, and how to
// get them. Everything but region lookups works without them.
type GeodataMissingError struct {
	Dirs    []string // the directories looked in
	Missing []string // the files missing (from the last directory)
}

func (e *GeodataMissingError) Error() string {
	where := "no geodata directory given"
	if len(e.Dirs) > 0 {
		where = "looked in " + strings.Join(e.Dirs, ", ")
	}
	return fmt.Sprintf("NUTS 2021 geodata missing (%s): need %s; download them with "+
		"`skillsmap geo fetch` (from %s) or pass --geo DIR",
		where, strings.Join(e.Missing, " and "), DefaultGeodataURL)
}

// Is makes errors.Is(err, ErrGeodataMissing) true.
func (e *GeodataMissingError) Is(target error) bool { return target == ErrGeodataMissing }

// geodataFiles are the files a geodata directory must hold.
var geodataFiles = []string{LabelFile, OutlineFile}

// checkGeodataDir returns a *GeodataMissingError unless dir holds both files.
func checkGeodataDir(dir string) error {
	var missing []string
	for _, f := range geodataFiles {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || !st.Mode().IsRegular() {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return &GeodataMissingError{Dirs: []string{dir}, Missing: missing}
	}
	return nil
}

// FindGeodataDir returns the first of candidates that holds both GISCO
// files. Empty candidates are skipped. The command passes, in order: the
// --geo flag, the configured directory, DATA/geo and ../shared/geo/nuts2021.
func FindGeodataDir(candidates ...string) (string, error) {
	var tried []string
	for _, dir := range candidates {
		if dir == "" {
			continue
		}
		tried = append(tried, dir)
		if checkGeodataDir(dir) == nil {
			return dir, nil
		}
	}
	return "", &GeodataMissingError{Dirs: tried, Missing: geodataFiles}
}

// FetchGeodata downloads LabelFile and OutlineFile from baseURL (""
// means DefaultGeodataURL) into dir, which it creates if needed. Each file is
// bounded in size and must parse as a NUTS feature collection; only when both
// do are they moved into place (temporary file and rename), so a failed
// download never replaces good files. A nil client means one with a
// ten-minute timeout.
func FetchGeodata(ctx context.Context, client *http.Client, baseURL, dir string) error {
	return fetchGeodata(ctx, client, baseURL, dir, maxGeodataBytes)
}

func fetchGeodata(ctx context.Context, client *http.Client, baseURL, dir string, limit int64) error {
	if baseURL == "" {
		baseURL = DefaultGeodataURL
	}
	base, err := url.Parse(baseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return fmt.Errorf("fetch geodata: base URL %q must be an http or https URL", baseURL)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Minute}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("fetch geodata: %w", err)
	}
	temps := map[string]string{}
	defer func() {
		for _, tmp := range temps {
			os.Remove(tmp) // no-op after a successful rename
		}
	}()
	for _, name := range geodataFiles {
		u := base.ResolveReference(&url.URL{Path: name})
		tmp, err := download(ctx, client, u.String(), dir, name, limit)
		if err != nil {
			return fmt.Errorf("fetch geodata: %w", err)
		}
		temps[name] = tmp
	}
	for _, name := range geodataFiles {
		if err := os.Rename(temps[name], filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("fetch geodata: %w", err)
		}
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // make the renames durable where the platform allows
		d.Close()
	}
	return nil
}

// download fetches one file into a temporary file in dir, checks that it
// parses, and returns the temporary file's path.
func download(ctx context.Context, client *http.Client, u, dir, name string, limit int64) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	req.Header.Set("Accept", "application/geo+json, application/json;q=0.9, */*;q=0.1")
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: GET %s: %s", name, u, resp.Status)
	}
	if resp.ContentLength > limit {
		return "", fmt.Errorf("%s: %d bytes is more than the limit of %d", name, resp.ContentLength, limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return "", fmt.Errorf("%s: read: %w", name, err)
	}
	if int64(len(data)) > limit {
		return "", fmt.Errorf("%s: more than the limit of %d bytes", name, limit)
	}
	if _, err := parseNUTSGeoJSON(data); err != nil {
		return "", fmt.Errorf("%s: downloaded file is not NUTS GeoJSON: %w", name, err)
	}
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("%s: write: %w", name, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return tmp, nil
}
