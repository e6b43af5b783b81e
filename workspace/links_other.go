//go:build !unix

package workspace

import "io/fs"

// links returns how many names (hard links) a file has; where the system
// does not say, one.
func links(fi fs.FileInfo) uint64 {
	if fi == nil {
		return 0
	}
	return 1
}
