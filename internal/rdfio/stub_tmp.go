package rdfio

import (
	"errors"
	"io"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func parseJSONLD(r io.Reader, opt ParseOptions, b *rdf.BlankScope, fn func(rdf.Quad) error) error {
	return errors.New("todo")
}

type ContextLoader interface{}
