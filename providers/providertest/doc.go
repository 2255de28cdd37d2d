// Package providertest runs local fake servers that speak each provider's
// wire format, for tests of the provider clients and of generated flows
// that users want to run against something closer to the real services
// than the simulator.
//
// Each fake validates requests as the real API does (method, path, auth
// header, required fields, unknown fields where the provider rejects them,
// multipart bodies) and answers with the provider's real response and
// error shapes. Faults can be injected for the next requests: 429 with
// Retry-After, 500, 503, Anthropic's 529, malformed JSON, a truncated body,
// a slow answer, a reset connection.
//
// A chat request for a typed output (docs/providers.md#structured-output)
// has its structured-output field checked (present, well formed, and the
// strict rules where the provider enforces them) and is answered with
// JSON of its schema; [Server.Answer] queues the next answers' text
// instead, so that a test can make a model answer prose, truncated JSON
// or a wrong enum value.
//
// It is not a model: answers are deterministic functions of the request.
package providertest
