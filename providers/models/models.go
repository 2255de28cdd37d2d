package models

import (
	"slices"
	"strconv"
	"strings"
)

// The default model of each provider and agent type. The provider packages
// export them under their own names (anthropic.DefaultModel, ...).
const (
	OpenAIText        = "gpt-4o-mini"
	OpenAIVision      = "gpt-4o-mini"
	OpenAIImage       = "gpt-image-2.6-flare"
	OpenAISpeech      = "gpt-4o-mini-tts"
	OpenAIRecognition = "whisper-1"
	OpenAIEmbed       = "text-embedding-3-small"

	AnthropicText = "claude-sonnet-5" // text and vision; takes no temperature nor top_p

	GeminiText  = "gemini-3.8-flash" // text and vision
	GeminiEmbed = "gemini-embedding-001"

	MistralText  = "mistral-small-latest"
	MistralEmbed = "mistral-embed"

	OllamaText   = "llama3.2"
	OllamaVision = "llava"
	OllamaEmbed  = "nomic-embed-text"

	// StabilityImage is Stability's default: its Stable Image Core endpoint.
	StabilityImage = "core"
)

// defaults maps "provider/type" to its default model. vllm and llamacpp
// have none: a served model is whatever the server loaded.
var defaults = map[string]string{
	"openai/text": OpenAIText, "openai/vision": OpenAIVision, "openai/image": OpenAIImage,
	"openai/speech": OpenAISpeech, "openai/recognition": OpenAIRecognition, "openai/embed": OpenAIEmbed,
	"anthropic/text": AnthropicText, "anthropic/vision": AnthropicText,
	"gemini/text": GeminiText, "gemini/vision": GeminiText, "gemini/embed": GeminiEmbed,
	"mistral/text": MistralText, "mistral/embed": MistralEmbed,
	"ollama/text": OllamaText, "ollama/vision": OllamaVision, "ollama/embed": OllamaEmbed,
	"stability/image": StabilityImage,
}

// Default returns the model an agent of provider and type ("text",
// "image", ...) uses when it names none, or "" when there is none.
func Default(provider, typ string) string { return defaults[provider+"/"+typ] }

// Resolve returns model, or the default of provider and type when model is
// empty.
func Resolve(provider, typ, model string) string {
	if model != "" {
		return model
	}
	return Default(provider, typ)
}

// A Range is an inclusive range of numbers.
type Range struct{ Min, Max float64 }

// Contains reports whether v is in r.
func (r Range) Contains(v float64) bool { return v >= r.Min && v <= r.Max }

// Temperature returns the temperature range the provider accepts:
// Anthropic 0..1, Mistral 0..1.5, the others 0..2.
func Temperature(provider string) Range {
	switch provider {
	case "anthropic":
		return Range{0, 1}
	case "mistral":
		return Range{0, 1.5}
	}
	return Range{0, 2}
}

// Seed returns the seed range the provider accepts: Mistral's random_seed
// is non-negative, Gemini's seed is a 32-bit integer, Stability's is
// 0..4294967294; others take any 64-bit integer.
func Seed(provider string) (lo, hi int64) {
	switch provider {
	case "mistral":
		return 0, 1<<63 - 1
	case "gemini":
		return -1 << 31, 1<<31 - 1
	case "stability":
		return 0, 4294967294
	}
	return -1 << 63, 1<<63 - 1
}

// StabilityAspects are the aspect ratios Stability's v2beta stable-image
// endpoints draw.
var StabilityAspects = []string{"1:1", "16:9", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21"}

// MaxStop returns how many stop sequences the provider accepts, or 0 for
// no documented limit. OpenAI's Chat Completions takes at most 4.
func MaxStop(provider string) int {
	if provider == "openai" {
		return 4
	}
	return 0
}

// Sampling is which of temperature and top_p a model takes.
type Sampling int

// The sampling rules of models.
const (
	// SamplingBoth: temperature and top_p, alone or together.
	SamplingBoth Sampling = iota
	// SamplingOne: temperature or top_p, not both in one request (400
	// "`temperature` and `top_p` cannot both be specified for this
	// model").
	SamplingOne
	// SamplingNone: neither temperature nor top_p nor top_k (400
	// "`temperature` is deprecated for this model").
	SamplingNone
)

// SamplingOf returns the sampling rule of a model of provider. Anthropic's
// Claude Opus 4.1 and its 4.5 and 4.6 models take temperature or top_p,
// not both; Opus 4.7 and later, Sonnet 5 and later, and the Fable and
// Mythos models take neither. model may carry a date suffix
// (claude-sonnet-4-5-20250929) or a platform prefix
// (anthropic.claude-haiku-4-5-...). Other providers, and models it does
// not know, take both.
func SamplingOf(provider, model string) Sampling {
	if provider != "anthropic" {
		return SamplingBoth
	}
	family, major, minor, ok := claudeVersion(model)
	switch {
	case !ok:
		return SamplingBoth
	case family == "fable" || family == "mythos",
		family == "opus" && (major > 4 || major == 4 && minor >= 7),
		family == "sonnet" && major >= 5:
		return SamplingNone
	case major > 4 || major == 4 && minor >= 1:
		return SamplingOne
	}
	return SamplingBoth
}

// claudeVersion parses the name of a current Claude model,
// claude-<family>-<major>[-<minor>][-<date>]. Names of the claude-3-x
// generation (claude-3-5-sonnet-...) and names it does not know report
// false.
func claudeVersion(model string) (family string, major, minor int, ok bool) {
	i := strings.LastIndex(model, "claude-")
	if i < 0 {
		return "", 0, 0, false
	}
	f := strings.Split(model[i+len("claude-"):], "-")
	if len(f) < 2 || !slices.Contains([]string{"opus", "sonnet", "haiku", "fable", "mythos"}, f[0]) {
		return "", 0, 0, false
	}
	major, err := strconv.Atoi(f[1])
	if err != nil || len(f[1]) > 2 {
		return "", 0, 0, false
	}
	if len(f) > 2 && len(f[2]) <= 2 { // a minor version, not a date
		minor, _ = strconv.Atoi(f[2])
	}
	return f[0], major, minor, true
}

// An ImageModel is what an OpenAI image model accepts.
type ImageModel struct {
	Name      string            // "gpt-image-1", "dall-e-3", "dall-e-2"
	Sizes     []string          // values of size
	Qualities []string          // values of quality; "auto", the API's default, for every model
	Aspects   map[string]string // aspect_ratio → the size drawn for it
	// OutputFormat reports whether the model takes output_format (png,
	// jpeg, webp); the DALL·E models do not.
	OutputFormat bool
}

// AspectNames returns the aspect ratios of m, sorted.
func (m ImageModel) AspectNames() []string {
	var s []string
	for a := range m.Aspects {
		s = append(s, a)
	}
	slices.Sort(s)
	return s
}

var (
	gptImage = ImageModel{
		Name:         "gpt-image-1",
		Sizes:        []string{"1024x1024", "1024x1536", "1536x1024", "auto"},
		Qualities:    []string{"low", "medium", "high", "auto"},
		Aspects:      map[string]string{"1:1": "1024x1024", "3:2": "1536x1024", "2:3": "1024x1536"},
		OutputFormat: true,
	}
	dallE3 = ImageModel{
		Name:      "dall-e-3",
		Sizes:     []string{"1024x1024", "1024x1792", "1792x1024"},
		Qualities: []string{"standard", "hd", "auto"},
		Aspects:   map[string]string{"1:1": "1024x1024", "7:4": "1792x1024", "4:7": "1024x1792"},
	}
	dallE2 = ImageModel{
		Name:      "dall-e-2",
		Sizes:     []string{"256x256", "512x512", "1024x1024"},
		Qualities: []string{"standard", "auto"},
		Aspects:   map[string]string{"1:1": "1024x1024"},
	}
)

// OpenAIImageModel returns what the OpenAI image model accepts: the
// gpt-image-1 family (gpt-image-1, gpt-image-1-mini, gpt-image-1.5),
// dall-e-3 or dall-e-2. It reports false for a model it does not know,
// the later GPT image models among them (gpt-image-2.6-flare, ...), whose
// sizes and qualities the service checks.
func OpenAIImageModel(model string) (ImageModel, bool) {
	switch {
	case model == "gpt-image-1", strings.HasPrefix(model, "gpt-image-1-"), strings.HasPrefix(model, "gpt-image-1."):
		return gptImage, true
	case model == "dall-e-3":
		return dallE3, true
	case model == "dall-e-2":
		return dallE2, true
	}
	return ImageModel{}, false
}

// GPTImage reports whether model is one of OpenAI's GPT image models,
// which answer base64 images and take output_format.
func GPTImage(model string) bool { return strings.HasPrefix(model, "gpt-image-") }

// SpeechInstructions reports whether an OpenAI text-to-speech model takes
// instructions (the agent's mission): gpt-4o-mini-tts and later do, tts-1
// and tts-1-hd do not.
func SpeechInstructions(model string) bool { return !strings.HasPrefix(model, "tts-1") }

// Dimensions reports whether an embedding model of provider can be asked
// for a number of dimensions: not OpenAI's text-embedding-ada-002,
// Mistral's mistral-embed or Gemini's embedding-001. Models it does not
// know are taken to accept it.
func Dimensions(provider, model string) bool {
	switch provider {
	case "openai":
		return model != "text-embedding-ada-002"
	case "mistral":
		return model != "mistral-embed" && !strings.HasPrefix(model, "mistral-embed-")
	case "gemini":
		return strings.TrimPrefix(model, "models/") != "embedding-001"
	}
	return true
}

// StabilityModels are the model names a stability agent may give: the
// Stable Image endpoints core and ultra, and the models of its sd3
// endpoint. Other names starting with "sd3" are sent to the sd3 endpoint
// as given, so that new sd3 models need no new intelligen.
var StabilityModels = []string{StabilityImage, "ultra", "sd3.5-large", "sd3.5-large-turbo", "sd3.5-medium"}

// StabilityEndpoint returns the path segment of a Stability model's
// endpoint and the value of its model form field ("" = not sent); ok is
// false for a name that names no endpoint. "" is the default model.
func StabilityEndpoint(model string) (path, field string, ok bool) {
	switch {
	case model == "" || model == StabilityImage:
		return StabilityImage, "", true
	case model == "ultra":
		return "ultra", "", true
	case strings.HasPrefix(model, "sd3"):
		return "sd3", model, true
	}
	return "", "", false
}
