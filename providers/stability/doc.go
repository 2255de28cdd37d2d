// Package stability is intelligen's client for Stability AI's Stable Image
// API (v2beta): image agents over POST /v2beta/stable-image/generate/{core,
// ultra, sd3}. Generated code calls [New] for every agent with provider =
// "stability".
//
// It is not a general Stability SDK: no image-to-image, no upscale or edit
// endpoints, no legacy v1 engines, no raw image/* answers. Requests are
// multipart/form-data, as the API requires even with no file attached, and
// are sent with "Accept: application/json" so the answer is
// {"image":"<base64>","finish_reason","seed"}.
//
// # Endpoints and models
//
// The default base URL is https://api.stability.ai; a base_url given in the
// flow replaces it (without the /v2beta prefix). The API key is sent as
// "Authorization: Bearer". The agent's model picks the endpoint:
//
//	model                 endpoint                          model field
//	"" or "core"          /v2beta/stable-image/generate/core  not sent
//	"ultra"               /v2beta/stable-image/generate/ultra not sent
//	"sd3.5-large" etc.    /v2beta/stable-image/generate/sd3   the model
//
// The default model is core (Stable Image Core; the endpoints and sd3
// models were checked against Stability's API reference on 2026-12-04).
// The API takes aspect_ratio 1:1, 16:9, 21:9, 2:3, 3:2, 4:5, 5:4, 9:16 or
// 9:21 and a seed from 0 to 4294967294, which intelligen checks at
// generate time (docs/providers.md#parameters). Any model starting with "sd3" goes to the sd3
// endpoint with its name in the model field (sd3.5-large,
// sd3.5-large-turbo, sd3.5-medium, ...); any other model is an error. Only
// the image agent type is supported; another is an error from New and Call.
// The agent's mission is ignored: the API has no system instruction.
//
// # Params
//
// Only params that are set are sent, as form fields:
//
//	flow param       form field
//	(prompt)         prompt
//	negative_prompt  negative_prompt
//	aspect_ratio     aspect_ratio (1:1, 16:9, 21:9, 2:3, 3:2, 4:5, 5:4, 9:16, 9:21)
//	seed             seed (0 .. 4294967294)
//	format           output_format: png (default, always sent), jpeg or webp
//	extra            one form field per key: strings as given, null removes
//	                 the field, other JSON values as their JSON text;
//	                 overrides fields of the same name
//
// size and quality have no field in this API (use aspect_ratio) and are
// ignored, as are the text, speech, recognition and embed params. A format
// other than png, jpeg or webp is an error before anything is sent. The
// image's MIME type follows output_format (image/png, image/jpeg,
// image/webp).
//
// # Errors
//
// A non-2xx answer is a [*runtime.APIError] with the HTTP status, code =
// the body's name (such as "bad_request", "content_moderation") and message =
// its errors joined by "; ". An answer with finish_reason CONTENT_FILTERED
// is an error wrapping [ErrContentFiltered], which the runtime does not
// retry. The response's Model is the model asked for (core, ultra or the
// sd3 model); Stability reports no token usage.
package stability
