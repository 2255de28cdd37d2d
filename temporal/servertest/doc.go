// Package servertest tests generated Temporal workflows against a real
// Temporal server started in process (go.temporal.io/server/temporaltest)
// on 127.0.0.1. It is a module of its own so that only these tests build
// the server, a large binary.
package servertest
