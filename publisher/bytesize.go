package publisher

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/skillsmap/skillsmap/internal/conneg"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// ByteSize is the size in bytes of a file the server offers for download,
// as a client that asks for no content coding and no language gets it,
// with the store at r's state: a dump, a named graph as a document
// (/graph/….ttl) or the map layer of the practices. ok is false for any
// other URL. The DCAT-AP catalog gives it as dcat:byteSize
// (catalog.Sizer).
//
// A dump's size is the size of its file, which is written once per store
// version and then serves the downloads too; a graph document is encoded
// once to count its bytes; the map layer comes from the cache the map
// reads.
func (s *Server) ByteSize(ctx context.Context, r store.Reader, downloadURL string) (size int64, ok bool, err error) {
	base := s.iris.Base()
	if !strings.HasPrefix(downloadURL, base) {
		return 0, false, nil
	}
	path := "/" + strings.TrimPrefix(downloadURL, base)
	switch {
	case path == "/map/practices.geojson":
		ix, err := s.index(ctx, r)
		if err != nil {
			return 0, false, err
		}
		langs := []string{"en"} // a request without Accept-Language
		body, err := ix.layer("practices:"+langs[0], func() ([]byte, error) { return s.practicesLayer(ix, langs, practiceFilter{}) })
		if err != nil {
			return 0, false, fmt.Errorf("size of the map layer: %w", err)
		}
		return int64(len(body)), true, nil
	case strings.HasPrefix(path, "/dump."):
		for _, d := range dumpFormats {
			if path != "/dump"+d.format.Extension() {
				continue
			}
			if file, err := s.dumps.file(ctx, s, d.format, false, r.Version()); err != nil {
				return 0, false, fmt.Errorf("size of %s: %w", path, err)
			} else if file.version == r.Version() {
				info, err := os.Stat(file.path)
				if err != nil {
					return 0, false, fmt.Errorf("size of %s: %w", path, err)
				}
				return info.Size(), true, nil
			}
			// The store changed since r: count r's version instead.
			var n countingWriter
			if err := s.streamQuads(ctx, r, &n, d.format, nil); err != nil {
				return 0, false, fmt.Errorf("size of %s: %w", path, err)
			}
			return int64(n), true, nil
		}
	case strings.HasPrefix(path, "/graph/"):
		for _, o := range graphOffers() {
			for _, suffix := range o.Suffixes {
				if o.MediaType == conneg.HTML || !strings.HasSuffix(path, suffix) {
					continue
				}
				g := rdf.IRI(s.publicURL(strings.TrimSuffix(path, suffix)))
				if info, ok := r.GraphInfo(g); !ok || info.Quads == 0 {
					return 0, false, nil
				}
				var n countingWriter
				if err := s.streamQuads(ctx, r, &n, o.Format, []rdf.Term{g}); err != nil {
					return 0, false, fmt.Errorf("size of %s: %w", path, err)
				}
				return int64(n), true, nil
			}
		}
	}
	return 0, false, nil
}

// countingWriter counts the bytes written to it.
type countingWriter int64

func (n *countingWriter) Write(p []byte) (int, error) {
	*n += countingWriter(len(p))
	return len(p), nil
}
