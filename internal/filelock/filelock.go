// Package filelock takes advisory locks on files without waiting. The lock
// is released when the file is closed or the process ends, even by a
// crash, so a lock is never left behind. The locks agree with those bbolt
// takes on its database files, so a lock taken here on a Bleve index's
// root.bolt fails while any process has that index open.
package filelock
