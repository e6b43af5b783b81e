//go:build !unix

package lexicon

import "time"

// processCPU is not measured here.
func processCPU() time.Duration { return 0 }
