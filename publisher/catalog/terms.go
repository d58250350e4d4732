package catalog

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// The terms the catalog writes come from package vocab (one set for every
// package), except DCAT-AP's own, which only the catalog uses.
var dcatapAvailability = rdf.IRI(nsDCATAP + "availability")
