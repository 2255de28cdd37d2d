package runtime

import (
	"context"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryHint reads the retry advice of a provider's HTTP response headers,
// for provider clients to store in [APIError.RetryAfter] and
// [APIError.ShouldRetry]:
//
//   - retry-after-ms: milliseconds, possibly fractional (OpenAI, Anthropic);
//   - Retry-After: delay-seconds, possibly fractional, or an HTTP date;
//     retry-after-ms wins when both are valid;
//   - x-should-retry: "true" or "false" (the Stainless SDKs' verdict).
//
// after is 0 when no header gave a usable wait (absent, malformed,
// negative, or a date in the past); should is nil when x-should-retry is
// absent or neither "true" nor "false".
func RetryHint(h http.Header) (after time.Duration, should *bool) {
	return retryHint(h, time.Now())
}

func retryHint(h http.Header, now time.Time) (after time.Duration, should *bool) {
	switch strings.ToLower(strings.TrimSpace(h.Get("X-Should-Retry"))) {
	case "true":
		should = new(true)
	case "false":
		should = new(false)
	}
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && ms > 0 && !math.IsInf(ms, 0) {
			return durationOf(ms * float64(time.Millisecond)), should
		}
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.ParseFloat(v, 64); err == nil {
			if s > 0 && !math.IsInf(s, 0) {
				after = durationOf(s * float64(time.Second))
			}
			return after, should
		}
		if t, err := http.ParseTime(v); err == nil {
			if d := t.Sub(now); d > 0 {
				after = d
			}
		}
	}
	return after, should
}

// durationOf converts nanoseconds to a Duration, saturating instead of
// overflowing for absurd header values.
func durationOf(ns float64) time.Duration {
	if ns >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(ns)
}

// Temporary reports whether err is worth retrying: an [APIError] that says
// so (status 408, 409, 429, ≥500, or x-should-retry: true), a network
// error, a timeout, or a response body cut short (io.ErrUnexpectedEOF).
// Cancellation is not, nor is a malformed body. A deadline counts as a
// timeout: callers check their own context before retrying, as the runtime
// does.
func Temporary(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Temporary()
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr)
}

// jitter returns d scaled by a random factor in (0.75, 1], as the
// Stainless SDKs do: never above the cap, never below 3/4 of the step.
func jitter(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (1 - rand.Float64()/4))
}
