// Package par runs independent items of work on every core.
package par

import (
	"iter"
	"runtime"
	"sync"
)

// Strided runs work on goroutines and returns when all of them have:
// one goroutine for each grain items of n, at least one and at most one
// a processor. Goroutine w of workers is given the items w, w+workers,
// w+2·workers, … below n, so that it may keep scratch state of its own
// across them.
func Strided(n, grain int, work func(items iter.Seq[int])) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/grain))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(func(yield func(int) bool) {
				for k := w; k < n; k += workers {
					if !yield(k) {
						return
					}
				}
			})
		}()
	}
	wg.Wait()
}
