package jobplane

import (
	"testing"
	"time"
)

func TestBackoffGrowsWithinBoundsAndResets(t *testing.T) {
	b := Backoff{Initial: 100 * time.Millisecond, Max: time.Second}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for i, full := range want {
		full *= time.Millisecond
		d := b.Next()
		if d < full/2 || d > full {
			t.Fatalf("delay %d = %v, want within [%v, %v]", i, d, full/2, full)
		}
	}
	b.Reset()
	if d := b.Next(); d > 100*time.Millisecond {
		t.Fatalf("after Reset: %v, want <= 100ms", d)
	}
}
