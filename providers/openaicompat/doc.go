// Package openaicompat is intelligen's thin net/http client for
// OpenAI-compatible servers: vLLM (provider = "vllm") and llama.cpp's
// llama-server (provider = "llamacpp"), for text (POST /chat/completions)
// and embed (POST /embeddings) agents. Generated code calls [New].
//
// The base URL is the agent's base_url, which includes the /v1, or the
// provider's default (see [DefaultBaseURL]): http://localhost:8000/v1 for
// vllm, http://localhost:8080/v1 for llamacpp. The API key is optional
// (there is no default variable); when set it is sent as
// "Authorization: Bearer", as `--api-key` expects.
//
// There is no fixed default model: these servers serve what they were
// started with. An agent without a model uses the first model of
// GET /models, asked once per client (a failed lookup is retried by the
// next call); this was still how vLLM and llama.cpp serve models when
// checked on 2026-12-04. The mission is sent as the system message.
//
// # Params
//
// Only params that are set are sent; other params are ignored.
//
//	param        text          embed
//	temperature  temperature   -
//	top_p        top_p         -
//	max_tokens   max_tokens    -
//	seed         seed          -
//	stop         stop          -
//	dimensions   -             dimensions
//	extra        merged into the JSON body, overriding (e.g. top_k, min_p, repetition_penalty)
//
// max_tokens is sent under its legacy name, which every compatible server
// accepts (unlike OpenAI's max_completion_tokens).
//
// # Tolerance
//
// Following the servers' differences (docs/providers.md#vllm-and-llamacpp), answers may
// carry unknown fields (llama.cpp's timings, vLLM's extras), content may be
// null or an array of text parts, choices may be null (an error: "no
// choices"), and error bodies may be OpenAI's nested shape with code as a
// string or an int, vLLM's older flat {"object":"error",...} shape, or
// vLLM's {"error":"Unauthorized"}; the APIError's code is the string code,
// else the error type. Errors name the agent's provider ("vllm: ...").
//
// The request and response structs and the error parser are shared with
// package openai (providers/internal/oaiwire): one wire, one place.
//
// It is not a streaming client, and it does not offer image, vision,
// speech or recognition agents.
package openaicompat
