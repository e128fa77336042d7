package jobplane

import (
	"context"
	"math/rand"
	"time"
)

// Backoff gives exponentially growing, jittered delays between reconnects.
// The zero value starts at 100 ms and caps at 10 s.
type Backoff struct {
	Initial  time.Duration
	Max      time.Duration
	failures int
}

// Next returns the delay before the next attempt and counts a failure.
func (b *Backoff) Next() time.Duration {
	initial, max := b.Initial, b.Max
	if initial <= 0 {
		initial = 100 * time.Millisecond
	}
	if max <= 0 {
		max = 10 * time.Second
	}
	d := initial
	for i := 0; i < b.failures && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	b.failures++
	// Full jitter between d/2 and d, so workers that lost one server do not
	// reconnect in lockstep.
	return d/2 + time.Duration(rand.Int63n(int64(d/2)+1))
}

// Reset starts over after a success.
func (b *Backoff) Reset() { b.failures = 0 }

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
