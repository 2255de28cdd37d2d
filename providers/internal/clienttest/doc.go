// Package clienttest is the test support shared by the provider clients'
// tests: golden request files, assertions on errors (their
// [*runtime.APIError] fields, that they show no API key), the faults every
// client is tested against, a retry run through the runtime, a fake with
// canned answers, and the parts of a recorded multipart request.
//
// It is imported only by _test.go files. Importing it registers the
// -update flag once per test binary: `go test -update` (or
// INTELLIGEN_UPDATE=1) rewrites the golden files instead of comparing.
package clienttest
