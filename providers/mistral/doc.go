// Package mistral is intelligen's client for Mistral AI's API: text agents
// over chat completions and embed agents over embeddings. Generated code
// calls [New] for every agent with provider = "mistral".
//
// It sends exactly the fields Mistral documents, with its own request
// structs: Mistral rejects unknown and OpenAI-only fields (such as
// max_completion_tokens) with HTTP 422, so this package never shares the
// OpenAI client's types. Requests are not streamed. It is not a general
// Mistral SDK: no tools, no streaming, no agents API, no vision (the flow
// language offers mistral for text and embed only, docs/providers.md#matrix).
//
// # Endpoints and defaults
//
// The default base URL is https://api.mistral.ai/v1; a base_url given in the
// flow replaces it and must include the /v1 prefix, like the default. The
// API key is sent as "Authorization: Bearer".
//
// The default models were checked against Mistral's list of current models
// on 2026-12-04.
//
//	kind   request                  default model
//	text   POST {base}/chat/completions   mistral-small-latest
//	embed  POST {base}/embeddings         mistral-embed
//
// The agent's mission is sent as a leading "system" message; the prompt as
// one "user" message. An embed call sends the prompt as a one-element input
// list. Any other agent kind is an error from New and from Call.
//
// # Params
//
// Only params that are set are sent:
//
//	flow param   wire field (text)      wire field (embed)
//	temperature  temperature            ignored
//	top_p        top_p                  ignored
//	max_tokens   max_tokens             ignored
//	seed         random_seed            ignored
//	stop         stop                   ignored
//	dimensions   ignored                output_dimension
//	extra        merged into the body   merged into the body
//
// Every other param (size, quality, aspect_ratio, negative_prompt, voice,
// format, language) has no Mistral field and is ignored. The API takes a
// temperature from 0 to 1.5 and a non-negative random_seed, and answers
// others with a 422; intelligen checks both at generate time.
// output_dimension is the embeddings API's documented field, for the
// models that have it (such as codestral-embed): mistral-embed always
// answers 1024 values and rejects it, so the client fails before sending
// params.dimensions to it (docs/providers.md#parameters).
// Fields of params.extra are merged over the body as given, so a field
// Mistral does not know comes back as a 422 error.
//
// # Errors
//
// A non-2xx answer is a [*runtime.APIError] with the HTTP status, the body's
// code (or its type when code is null) and message. A 422 is
// {"detail":[...]}, a list of validation details (older answers put it in
// message); it is rendered one "location: msg" per detail, joined by "; ",
// as in "body.top_p: Input should be a valid number", and its code is the
// first detail's type, as in "extra_forbidden". A reply with no choice, or with finish_reason "error", is an
// error too. The response's model and usage (prompt_tokens,
// completion_tokens) are reported in the [runtime.Response].
package mistral
