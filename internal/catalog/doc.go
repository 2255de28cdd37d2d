// Package catalog states the facts about providers and defaults that the
// checker (ir), the generator (gen), the runtime and the provider clients
// all read: which provider offers which agent type, which client package
// calls it, its API key variable, and the default per-call timeout and
// retry policy (docs/language.md#agent, docs/providers.md#matrix).
//
// It is a leaf: it imports only the standard library, so that user
// programs, which link package runtime, link no HCL or generator code
// through it. It holds data, not behaviour; it does not call providers.
package catalog
