package par

import (
	"iter"
	"runtime"
	"sync"
	"testing"
)

// TestStrided checks that every item is given once, to one goroutine,
// and that no more goroutines run than the processors and the grain
// allow.
func TestStrided(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	for _, tc := range []struct{ n, grain, wantMax int }{
		{0, 64, 1},
		{1, 64, 1},
		{63, 64, 1},
		{128, 64, min(procs, 2)},
		{10_000, 1, procs},
		{1001, 7, procs},
	} {
		var mu sync.Mutex
		seen := make([]int, tc.n)
		workers := 0
		Strided(tc.n, tc.grain, func(items iter.Seq[int]) {
			mu.Lock()
			workers++
			mu.Unlock()
			for k := range items {
				mu.Lock()
				seen[k]++
				mu.Unlock()
			}
		})
		for k, c := range seen {
			if c != 1 {
				t.Fatalf("n=%d grain=%d: item %d given %d times", tc.n, tc.grain, k, c)
			}
		}
		if workers < 1 || workers > tc.wantMax {
			t.Errorf("n=%d grain=%d: %d goroutines, want 1 to %d", tc.n, tc.grain, workers, tc.wantMax)
		}
	}
}

// TestStridedStop checks that a goroutine may stop taking its items.
func TestStridedStop(t *testing.T) {
	var mu sync.Mutex
	taken := 0
	Strided(1000, 1, func(items iter.Seq[int]) {
		for range items {
			mu.Lock()
			taken++
			mu.Unlock()
			break
		}
	})
	if taken < 1 || taken > runtime.GOMAXPROCS(0) {
		t.Errorf("%d items taken, one a goroutine wanted", taken)
	}
}
