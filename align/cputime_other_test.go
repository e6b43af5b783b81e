//go:build !unix

package align

import "time"

// processCPU is not measured here.
func processCPU() time.Duration { return 0 }
