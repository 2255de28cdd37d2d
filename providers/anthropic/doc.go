// Package anthropic is intelligen's client for Anthropic's Messages API
// (POST /v1/messages), serving agents of type text and vision. Generated
// code calls [New] with the agent's configuration; the client implements
// [runtime.Agent].
//
// Each call sends one non-streaming request: the task's prompt as the user
// message (for vision, a base64 image block followed by a text block; the
// text block is left out when the prompt is empty, as the API rejects empty
// text blocks), and the agent's mission as the system prompt. Headers:
// x-api-key (the API key, only when one is set) and anthropic-version:
// 2023-06-01.
//
// Defaults:
//
//	base URL     https://api.anthropic.com (base_url replaces it; the client appends /v1/messages)
//	model        claude-sonnet-5 (text and vision): the current Sonnet on
//	             Anthropic's models list, checked 2026-12-04 (claude-sonnet-4-5
//	             is retired). It takes no temperature nor top_p: a flow that
//	             sets them names a model that does, such as claude-haiku-4-5
//	max_tokens   1024 when params.max_tokens is unset: the API requires it
//
// Params (docs/language.md#parameters) map to the request body as follows; only params that
// are set are sent:
//
//	flow param       Messages API field
//	temperature      temperature (the API accepts 0..1 and rejects more with 400)
//	top_p            top_p
//	max_tokens       max_tokens (default 1024)
//	stop             stop_sequences
//	seed             none: ignored, the API has no seed
//	extra            merged into the top level of the body, overriding fields
//	                 of the same name (e.g. extra = { top_k = 5 })
//
// Other params (size, quality, aspect_ratio, negative_prompt, voice, format,
// language, dimensions) belong to other agent types and are ignored.
//
// Per model (package models has the table; docs/providers.md#parameters):
// Claude Opus 4.1 and the 4.5 and 4.6 models reject temperature and top_p
// together, and Opus 4.7 and later, Sonnet 5 and later (the default among
// them) and the Fable and Mythos models take neither. The API answers
// those requests with 400, so the client fails before sending them; the
// flow's own model is checked when the flow is built.
//
// The response's text blocks are joined into [runtime.Response.Text]; its
// model and usage (input_tokens, output_tokens) are reported. An answer
// with stop_reason "refusal" and no text is an error wrapping [ErrRefused];
// an answer cut by max_tokens is returned as is.
//
// A non-2xx answer is a [*runtime.APIError] whose Code is the error body's
// error.type (e.g. "overloaded_error" for 529, "authentication_error" for
// 401), whose Message is error.message and whose RequestID is the
// request-id header. The client does not retry: the runtime does.
//
// It is not a general Anthropic SDK: no streaming, tools, multi-turn
// conversations, prompt caching, batches or beta features.
package anthropic
