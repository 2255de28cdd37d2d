// Package gemini is intelligen's client for the Google Gemini API (v1beta),
// serving agents of type text and vision (models/{model}:generateContent)
// and embed (models/{model}:batchEmbedContents, with one request: the
// endpoint Google's Go SDK uses even for a single input). Generated code
// calls [New] with the agent's configuration; the client implements
// [runtime.Agent].
//
// Each call sends one non-streaming request. For text and vision, the
// task's prompt is the one user content (for vision, an inlineData part
// with the base64 image followed by a text part; the text part is left out
// when the prompt is empty), and the agent's mission is systemInstruction.
// The API key goes in the x-goog-api-key header, never in ?key=, so that it
// cannot leak through a logged URL.
//
// Defaults:
//
//	base URL   https://generativelanguage.googleapis.com, WITHOUT the API
//	           version: the client appends /v1beta/models/{model}:{method},
//	           so base_url must not end in /v1beta
//	model      gemini-3.8-flash (text, vision); gemini-embedding-001 (embed),
//	           checked against Google's list of current Gemini API models
//	           on 2026-12-04 (gemini-2.5-flash and text-embedding-004 are
//	           retired)
//
// A model may be given as "x" or as its resource name "models/x".
//
// Params (docs/language.md#parameters) map to the request body as follows; only params that
// are set are sent, and generationConfig is left out when none is:
//
//	flow param     Gemini field
//	temperature    generationConfig.temperature
//	top_p          generationConfig.topP
//	max_tokens     generationConfig.maxOutputTokens
//	stop           generationConfig.stopSequences
//	seed           generationConfig.seed (a 32-bit integer: larger is an error before sending)
//	dimensions     requests[0].outputDimensionality (embed)
//	extra          text, vision: merged into the top level of the body,
//	               overriding fields of the same name (so extra =
//	               { generationConfig = {...} } replaces the whole
//	               generationConfig built from the params);
//	               embed: merged into requests[0], the object holding the
//	               embedding's fields (e.g. extra = { taskType = "RETRIEVAL_QUERY" })
//
// Other params (size, quality, aspect_ratio, negative_prompt, voice,
// format, language; dimensions for text and vision; the text params for
// embed) have no field for these calls and are ignored.
//
// The first candidate's text parts (thought summaries excluded) are joined
// into [runtime.Response.Text]. Model is the answer's modelVersion (the
// requested model when absent); Usage is usageMetadata's promptTokenCount
// and candidatesTokenCount plus thoughtsTokenCount (thinking is billed as
// output). batchEmbedContents reports no usage. An answer cut by
// MAX_TOKENS is returned as is.
//
// A blocked prompt (no candidates, promptFeedback.blockReason) or a
// candidate that finished for SAFETY, RECITATION, BLOCKLIST,
// PROHIBITED_CONTENT, SPII or IMAGE_SAFETY is an error wrapping
// [ErrBlocked]; it is not retried, since the same request would be blocked
// again. A non-2xx answer is a [*runtime.APIError] whose Code is the
// Google RPC error body's error.status (e.g. "RESOURCE_EXHAUSTED",
// "INVALID_ARGUMENT") and whose Message is error.message. The client does
// not retry: the runtime does.
//
// It is not a general Gemini SDK: no streaming, tools, multi-turn chats,
// file uploads, safety settings, image output, Vertex AI or OAuth.
package gemini
