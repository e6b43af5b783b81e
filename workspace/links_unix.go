//go:build unix

package workspace

import (
	"io/fs"
	"syscall"
)

// links returns how many names (hard links) a file has.
func links(fi fs.FileInfo) uint64 {
	if fi == nil {
		return 0
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
