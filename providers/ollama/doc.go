// Package ollama is intelligen's client for Ollama's native API: text and
// vision agents over POST /api/chat and embed agents over POST /api/embed.
// Generated code calls [New] for every agent with provider = "ollama".
//
// Every chat request carries "stream": false, so the answer is one JSON
// object, not the NDJSON stream Ollama sends by default. It is not a
// general Ollama SDK: no streaming, no model management (pull, list), no
// tools, no /api/generate, and not the OpenAI-compatible /v1 endpoints
// (package openaicompat speaks those).
//
// # Endpoints and defaults
//
// The default base URL is http://localhost:11434; a base_url given in the
// flow replaces it (without the /api prefix). Ollama needs no key: the
// client sends "Authorization: Bearer <key>" only when a key is set (for a
// server behind an authenticating proxy).
//
// The default models are in Ollama's library (checked 2026-12-04); a model
// must have been pulled on the server first.
//
//	kind    request              default model
//	text    POST {base}/api/chat   llama3.2
//	vision  POST {base}/api/chat   llava
//	embed   POST {base}/api/embed  nomic-embed-text
//
// The agent's mission is sent as a leading "system" message, the prompt as
// one "user" message; a vision call puts its image in that message's
// "images" list, base64-encoded. An embed call sends the prompt as the
// "input" string and ignores the mission. Any other agent kind is an error
// from New and Call.
//
// # Params
//
// Only params that are set are sent:
//
//	flow param   wire field (text, vision)   wire field (embed)
//	temperature  options.temperature         ignored
//	top_p        options.top_p               ignored
//	max_tokens   options.num_predict         ignored
//	seed         options.seed                ignored
//	stop         options.stop                ignored
//	dimensions   ignored                     dimensions
//	extra        merged into the body        merged into the body
//
// Every other param (size, quality, aspect_ratio, negative_prompt, voice,
// format, language) has no Ollama field and is ignored. params.extra is
// merged at the top level of the body (keep_alive, format, think, ...),
// except its "options" object, whose fields are merged into the options
// above (extra = { options = { num_ctx = 8192 } } keeps temperature; a null
// field removes an option).
//
// # Errors
//
// A non-2xx answer is a [*runtime.APIError] with the HTTP status and the
// body's "error" text as message; Ollama gives no error code, so Code is
// empty. A 2xx answer carrying an "error" field is an error too. The
// response's model and usage (prompt_eval_count as input tokens,
// eval_count as output tokens) are reported in the [runtime.Response].
package ollama
