package results

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Read parses a result document in format f. CSV and TSV documents always
// give tables; JSON and XML give a table or a boolean.
func Read(r io.Reader, f Format) (res *Result, err error) {
	switch f {
	case JSON:
		return readJSON(r)
	case XML:
		return readXML(r)
	case CSV:
		return readCSV(r)
	case TSV:
		return readTSV(r)
	}
	return nil, fmt.Errorf("%w: %d", ErrUnknownFormat, f)
}

// ReadFile parses a result file, choosing the format by its extension
// (.srj, .srx, .csv, .tsv).
func ReadFile(path string) (*Result, error) {
	f, ok := ByExtension(filepath.Ext(path))
	if !ok {
		return nil, fmt.Errorf("%w: file %s", ErrUnknownFormat, path)
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	res, err := Read(file, f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return res, nil
}
