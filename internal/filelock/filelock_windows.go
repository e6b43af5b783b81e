//go:build windows

package filelock

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// TryLock takes an exclusive lock on f without waiting. It returns false
// when another open file holds a lock on the same file. Like bbolt, it
// locks the last byte of the largest file, so the file's contents stay
// readable by others.
func TryLock(f *os.File) (bool, error) {
	const last = 1<<32 - 1
	ol := &windows.Overlapped{Offset: last, OffsetHigh: last}
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false, nil
	}
	return err == nil, err
}
