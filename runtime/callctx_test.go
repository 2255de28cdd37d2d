package runtime

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

func TestCallContextUnarmed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newCallContext(context.Background(), time.Second)
		if err := c.Err(); err != nil {
			t.Fatalf("Err before the deadline = %v", err)
		}
		if d, ok := c.Deadline(); !ok || d != time.Now().Add(time.Second) {
			t.Errorf("Deadline = %v, %v; want now+1s", d, ok)
		}
		time.Sleep(time.Second)
		// No one waited on Done, so no timer ran; Err still sees the deadline.
		if err := c.Err(); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Err at the deadline = %v, want DeadlineExceeded", err)
		}
		select {
		case <-c.Done():
		default:
			t.Error("Done not closed after Err reported the deadline")
		}
	})
}

func TestCallContextArmed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newCallContext(context.Background(), 2*time.Second)
		start := time.Now()
		<-c.Done()
		if got := time.Since(start); got != 2*time.Second {
			t.Errorf("Done closed after %v, want 2s", got)
		}
		if err := c.Err(); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Err = %v, want DeadlineExceeded", err)
		}
		c.release()
		if err := c.Err(); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Err after release = %v, want it to stay DeadlineExceeded", err)
		}
	})
}

func TestCallContextParent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancel := context.WithCancel(context.Background())
		c := newCallContext(parent, time.Hour)
		done := c.Done()
		go func() {
			time.Sleep(time.Second)
			cancel()
		}()
		<-done
		if err := c.Err(); !errors.Is(err, context.Canceled) {
			t.Errorf("Err = %v, want Canceled", err)
		}
		// A parent already done is seen without arming anything.
		c2 := newCallContext(parent, time.Hour)
		if err := c2.Err(); !errors.Is(err, context.Canceled) {
			t.Errorf("Err of a call under a cancelled parent = %v", err)
		}
		select {
		case <-newCallContext(parent, time.Hour).Done():
		default:
			t.Error("Done of a call under a cancelled parent is open")
		}
	})
}

func TestCallContextParentDeadlineEarlier(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		c := newCallContext(parent, time.Hour)
		if d, _ := c.Deadline(); d != time.Now().Add(time.Second) {
			t.Errorf("Deadline = %v, want the parent's", d)
		}
	})
}

func TestCallContextRelease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newCallContext(context.Background(), time.Hour)
		done := c.Done() // arms the timer and the parent watch
		c.release()
		select {
		case <-done:
		default:
			t.Fatal("Done open after release")
		}
		if err := c.Err(); !errors.Is(err, context.Canceled) {
			t.Errorf("Err after release = %v, want Canceled", err)
		}
		// synctest fails the test if the released timer or the parent watch
		// left a goroutine or timer running.

		// Released before anyone waited: Done is closed at once.
		c = newCallContext(context.Background(), time.Hour)
		c.release()
		select {
		case <-c.Done():
		default:
			t.Error("Done of a released call is open")
		}
		if err := c.Err(); !errors.Is(err, context.Canceled) {
			t.Errorf("Err of a call released before Done = %v, want Canceled", err)
		}
	})
}

func TestCallContextValue(t *testing.T) {
	type key struct{}
	parent := context.WithValue(context.Background(), key{}, "v")
	if got := newCallContext(parent, time.Second).Value(key{}); got != "v" {
		t.Errorf("Value = %v, want the parent's", got)
	}
}

// TestCallContextStartsOnFirstUse checks that the timeout runs from the
// agent's first look at its context, not from the context's creation.
func TestCallContextStartsOnFirstUse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newCallContext(context.Background(), time.Second)
		time.Sleep(time.Minute) // the agent computes without looking
		if err := c.Err(); err != nil {
			t.Fatalf("Err on first use = %v, want nil", err)
		}
		if d, _ := c.Deadline(); d != time.Now().Add(time.Second) {
			t.Errorf("Deadline = %v, want first use + 1s", d)
		}
		time.Sleep(time.Second)
		if err := c.Err(); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Err a timeout after first use = %v, want DeadlineExceeded", err)
		}
	})
}
