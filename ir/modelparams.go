package ir

import (
	"fmt"
	"slices"
	"strings"

	"github.com/intelligen/intelligen/hclspec"
	"github.com/intelligen/intelligen/providers/models"
)

// This file holds the checks of params that depend on the agent's provider
// and model: the limits the services enforce and answer with a 400 or 422
// (docs/providers.md#parameters). Their tables live in package models,
// which the clients read too.

// providerSpec narrows the spec of key to what provider accepts. narrowed
// is the phrase a range diagnostic adds when it did, as in
// ` with provider "mistral"`.
func providerSpec(provider, key string, spec paramSpec) (_ paramSpec, narrowed string) {
	switch key {
	case "temperature":
		r := models.Temperature(provider)
		spec.min, spec.max = r.Min, r.Max
	case "seed":
		lo, hi := models.Seed(provider)
		spec.min, spec.max = float64(lo), float64(hi)
	default:
		return spec, ""
	}
	if spec == paramSpecs[key] {
		return spec, ""
	}
	return spec, fmt.Sprintf(" with provider %q", provider)
}

// model returns a's model, or its provider's default for its type.
func (a *Agent) model() string { return models.Resolve(a.Provider, string(a.Type), a.Model) }

// modelPhrase names a's model for a detail: `The model "x"`, or `The model
// "x" (the default of anthropic text agents)`.
func (a *Agent) modelPhrase() string {
	if a.Model == "" {
		return fmt.Sprintf("The model %q (the default of %s %s agents)", a.model(), a.Provider, a.Type)
	}
	return fmt.Sprintf("The model %q", a.Model)
}

// imageParam checks size, quality and aspect_ratio (value v) against the
// OpenAI image model of a, and aspect_ratio against Stability's ratios.
func (c *checker) imageParam(a *Agent, p *hclspec.Param, v string) {
	if a.Type != Image {
		return
	}
	if a.Provider == "stability" && p.Key == "aspect_ratio" && !slices.Contains(models.StabilityAspects, v) {
		c.errorf(p.Range.Ptr(), span(p.KeyRange, p.Range), "Parameter value not accepted by provider",
			"The provider \"stability\" takes no aspect_ratio %q; its values are %s. See docs/providers.md#parameters.", v, quoted(models.StabilityAspects))
		return
	}
	if a.Provider != "openai" {
		return
	}
	m, ok := models.OpenAIImageModel(a.model())
	if !ok {
		if p.Key == "aspect_ratio" {
			c.warnf(p.Range.Ptr(), span(p.KeyRange, p.Range), "Parameter not sent",
				"%s has no known size for aspect_ratio %q, so it is not sent. Set size instead, as the model documents it (see docs/providers.md#parameters).", a.modelPhrase(), v)
		}
		return
	}
	var valid []string
	switch p.Key {
	case "size":
		valid = m.Sizes
	case "quality":
		valid = m.Qualities
	case "aspect_ratio":
		valid = m.AspectNames()
	default:
		return
	}
	if slices.Contains(valid, v) {
		return
	}
	c.errorf(p.Range.Ptr(), span(p.KeyRange, p.Range), "Parameter value not accepted by model",
		"%s takes no %s %q; its values are %s. See docs/providers.md#parameters.", a.modelPhrase(), p.Key, v, quoted(valid))
}

// dimensions checks that a's embedding model can be asked for a number of
// dimensions, and reports whether it can.
func (c *checker) dimensions(a *Agent, p *hclspec.Param) bool {
	if models.Dimensions(a.Provider, a.model()) {
		return true
	}
	c.errorf(p.KeyRange.Ptr(), span(p.KeyRange, p.Range), "Parameter not accepted by model",
		"%s always answers embeddings of its own size: it takes no dimensions. Remove dimensions, or choose a model that takes it (see docs/providers.md#parameters).", a.modelPhrase())
	return false
}

// samplingParam reports temperature or top_p, p, on a model that takes
// neither, and reports whether the model takes it.
func (c *checker) samplingParam(a *Agent, p *hclspec.Param) bool {
	if models.SamplingOf(a.Provider, a.model()) != models.SamplingNone {
		return true
	}
	c.errorf(p.KeyRange.Ptr(), span(p.KeyRange, p.Range), "Parameter not accepted by model",
		"%s takes no %s: %s answers 400 \"`%s` is deprecated for this model\". Remove it, or choose a model that takes it, such as claude-haiku-4-5 (see docs/providers.md#parameters).", a.modelPhrase(), p.Key, a.Provider, p.Key)
	return false
}

// sampling reports temperature and top_p set together, in out, for a model
// that rejects them together. It reports at the last of the two that ps
// sets, so a conflict in an agent's params is reported once, at the agent,
// and not again at each of its tasks.
func (c *checker) sampling(a *Agent, ps *hclspec.Params, out Params) {
	if ps == nil || out.Temperature == nil || out.TopP == nil || models.SamplingOf(a.Provider, a.model()) != models.SamplingOne {
		return
	}
	var at *hclspec.Param
	for _, p := range ps.Items {
		if p.Key == "temperature" || p.Key == "top_p" {
			at = p
		}
	}
	if at == nil {
		return
	}
	c.errorf(at.KeyRange.Ptr(), span(at.KeyRange, at.Range), "Parameters not accepted together",
		"%s does not accept temperature and top_p together: %s answers 400 \"`temperature` and `top_p` cannot both be specified for this model\". Set only one of them (see docs/providers.md#parameters).", a.modelPhrase(), a.Provider)
}

// quoted lists values as `"a", "b", "c"`.
func quoted(values []string) string {
	return strings.Join(quoteAll(values), ", ")
}

// mission warns when a's mission is not sent: OpenAI's tts-1 and tts-1-hd
// take no instructions, which is where a speech agent's mission goes.
func (c *checker) mission(a *Agent, m *hclspec.String) {
	if m == nil || m.Value == "" || a.Provider != "openai" || a.Type != Speech || models.SpeechInstructions(a.model()) {
		return
	}
	c.warnf(m.Range.Ptr(), span(m.NameRange, m.Range), "Mission not sent",
		"%s takes no instructions, which is where the mission of a speech agent goes: the mission is left out of its requests. Remove it, or use a model such as gpt-4o-mini-tts (see docs/providers.md#parameters).", a.modelPhrase())
}
