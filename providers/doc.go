// Package providers holds intelligen's thin clients for model providers,
// one package each: openai, anthropic, gemini, mistral, stability, ollama,
// and openaicompat (vLLM, llama.cpp and other OpenAI-compatible servers).
//
// Each client implements [runtime.Agent] with plain net/http and
// encoding/json, sending exactly the request its provider documents, and
// turns the provider's error body into a [*runtime.APIError]. Clients do not
// retry: the runtime does, using the APIError's status and retry hints.
// Generated code imports only the provider packages its flow uses.
//
// Package providertest has local fake servers that speak each provider's
// wire format, for tests of clients and of generated flows.
//
// Package models holds the default model of each provider and agent type
// and the parameter limits each service enforces, per model: one table
// that the clients, the fakes and the checker in package ir all read
// (docs/providers.md#parameters).
//
// Internal packages hold what the clients share: wire (sending a request,
// errors, auth headers, agent kind checks), oaiwire (the OpenAI wire format,
// for openai and openaicompat) and clienttest (the clients' test support:
// golden files and the -update flag, APIError and key-leak assertions, the
// common faults, a retry run through the runtime).
//
// This package itself holds no code; it documents the tree.
package providers
