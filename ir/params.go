package ir

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/intelligen/intelligen/hclspec"
	"github.com/intelligen/intelligen/providers/models"
	"github.com/zclconf/go-cty/cty"
)

// paramExtra passes raw fields through to the request body, for every type.
const paramExtra = "extra"

type paramKind int

const (
	pFloat paramKind = iota
	pInt
	pString
	pStrings
)

type paramSpec struct {
	kind     paramKind
	min, max float64 // inclusive bounds for pFloat and pInt
}

var anyInt = paramSpec{kind: pInt, min: math.MinInt64, max: math.MaxInt64}

// paramSpecs are the checked params (docs/language.md#parameters).
var paramSpecs = map[string]paramSpec{
	"temperature":     {kind: pFloat, min: 0, max: 2},
	"top_p":           {kind: pFloat, min: 0, max: 1},
	"max_tokens":      {kind: pInt, min: 1, max: math.MaxInt32},
	"seed":            anyInt,
	"stop":            {kind: pStrings},
	"size":            {kind: pString},
	"quality":         {kind: pString},
	"aspect_ratio":    {kind: pString},
	"negative_prompt": {kind: pString},
	"voice":           {kind: pString},
	"format":          {kind: pString},
	"language":        {kind: pString},
	"dimensions":      {kind: pInt, min: 1, max: math.MaxInt32},
}

// paramsOf lists the params of each agent type, in the order of docs/language.md#parameters; extra is
// accepted everywhere.
var paramsOf = map[AgentType][]string{
	Text:        {"temperature", "top_p", "max_tokens", "seed", "stop"},
	Vision:      {"temperature", "top_p", "max_tokens", "seed", "stop"},
	Image:       {"size", "quality", "aspect_ratio", "negative_prompt", "seed"},
	Speech:      {"voice", "format"},
	Recognition: {"language"},
	Embed:       {"dimensions"},
}

// params checks ps against agent type t and returns base with ps merged
// over it. For extra, the objects are merged key by key.
func (c *checker) params(a *Agent, ps *hclspec.Params, base Params) Params {
	t := a.Type
	out := base
	out.Stop = append([]string(nil), base.Stop...)
	if ps == nil {
		return out
	}
	for _, p := range ps.Items {
		if p.Key == paramExtra {
			out.Extra = c.extra(p, base.Extra)
			continue
		}
		if !slices.Contains(paramsOf[t], p.Key) {
			valid := append(slices.Clone(paramsOf[t]), paramExtra)
			var of []string
			for _, at := range AgentTypes {
				if slices.Contains(paramsOf[at], p.Key) {
					of = append(of, string(at))
				}
			}
			detail := fmt.Sprintf("%s agents have no parameter %q.", capital(string(t)), p.Key)
			if len(of) > 0 {
				detail = fmt.Sprintf("%q is a parameter of %s agents, not of %s agents.", p.Key, strings.Join(of, " and "), t)
			} else {
				detail += hclspec.DidYouMean(p.Key, valid)
			}
			detail += fmt.Sprintf(" The parameters of %s agents are %s; use extra = { ... } to pass other fields to the provider unchecked.", t, strings.Join(valid, ", "))
			c.errorf(p.KeyRange.Ptr(), ps.Range.Ptr(), "Unsupported parameter", "%s", detail)
			continue
		}
		c.param(a, p, &out)
	}
	c.sampling(a, ps, out)
	return out
}

// param checks one known param of agent a and stores it in out.
func (c *checker) param(a *Agent, p *hclspec.Param, out *Params) {
	spec, narrowed := providerSpec(a.Provider, p.Key, paramSpecs[p.Key])
	v := p.Value
	bad := func(format string, args ...any) {
		c.errorf(p.Range.Ptr(), span(p.KeyRange, p.Range), "Invalid parameter value", format, args...)
	}
	if v.IsNull() {
		bad("The parameter %q must not be null. Remove it to use the provider's default.", p.Key)
		return
	}
	switch spec.kind {
	case pFloat, pInt:
		if v.Type() != cty.Number {
			bad("The parameter %q must be a number, not %s.", p.Key, hclspec.TypeNoun(v.Type()))
			return
		}
		bf := v.AsBigFloat()
		f, _ := bf.Float64()
		if spec.kind == pInt {
			i, acc := bf.Int64()
			if !bf.IsInt() || acc != big.Exact {
				bad("The parameter %q must be a whole number.", p.Key)
				return
			}
			if float64(i) < spec.min || float64(i) > spec.max {
				c.errorf(p.Range.Ptr(), span(p.KeyRange, p.Range), "Invalid number", "The parameter %q must be %s%s; got %d.", p.Key, bounds(spec, true), narrowed, i)
				return
			}
			switch p.Key {
			case "max_tokens":
				out.MaxTokens = new(int(i))
			case "dimensions":
				if !c.dimensions(a, p) {
					return
				}
				out.Dimensions = new(int(i))
			case "seed":
				out.Seed = new(i)
			}
			return
		}
		if f < spec.min || f > spec.max || math.IsNaN(f) {
			c.errorf(p.Range.Ptr(), span(p.KeyRange, p.Range), "Invalid number", "The parameter %q must be %s%s; got %s.", p.Key, bounds(spec, false), narrowed, bf.Text('g', -1))
			return
		}
		if !c.samplingParam(a, p) {
			return
		}
		switch p.Key {
		case "temperature":
			out.Temperature = new(f)
		case "top_p":
			out.TopP = new(f)
		}
	case pString:
		if v.Type() != cty.String {
			bad("The parameter %q must be a string, not %s.", p.Key, hclspec.TypeNoun(v.Type()))
			return
		}
		s := v.AsString()
		switch p.Key {
		case "size":
			out.Size = new(s)
		case "quality":
			out.Quality = new(s)
		case "aspect_ratio":
			out.AspectRatio = new(s)
		case "negative_prompt":
			out.NegativePrompt = new(s)
		case "voice":
			out.Voice = new(s)
		case "format":
			out.Format = new(s)
		case "language":
			out.Language = new(s)
		}
		c.imageParam(a, p, s)
	case pStrings:
		t := v.Type()
		if !(t.IsTupleType() || t.IsListType()) {
			bad("The parameter %q must be a list of strings, as in [\"\\n\\n\", \"END\"].", p.Key)
			return
		}
		var ss []string
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.IsNull() || e.Type() != cty.String {
				bad("The parameter %q must be a list of strings, as in [\"\\n\\n\", \"END\"].", p.Key)
				return
			}
			ss = append(ss, e.AsString())
		}
		if n := models.MaxStop(a.Provider); n > 0 && len(ss) > n {
			c.errorf(p.Range.Ptr(), span(p.KeyRange, p.Range), "Too many stop sequences",
				"The provider %q accepts at most %d stop sequences; got %d. Remove %d of them (see docs/providers.md#parameters).", a.Provider, n, len(ss), len(ss)-n)
			return
		}
		out.Stop = ss
	}
}

func bounds(s paramSpec, isInt bool) string {
	switch {
	case s.min == math.MinInt64 && s.max == math.MaxInt64:
		return "a whole number"
	case (s.max == math.MaxInt32 || s.max >= math.MaxInt64) && s.min >= 0: // no upper bound worth naming
		return fmt.Sprintf("at least %s", num(s.min))
	case isInt:
		return fmt.Sprintf("a whole number from %s to %s", num(s.min), num(s.max))
	}
	return fmt.Sprintf("from %s to %s", num(s.min), num(s.max))
}

// num formats a bound without an exponent.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// extra checks an extra object and merges it over base (a JSON object).
func (c *checker) extra(p *hclspec.Param, base []byte) []byte {
	t := p.Value.Type()
	if p.Value.IsNull() || !(t.IsObjectType() || t.IsMapType()) {
		c.errorf(p.Range.Ptr(), span(p.KeyRange, p.Range), "Invalid parameter value",
			"extra must be an object of fields to pass through, as in extra = { logprobs = true }.")
		return base
	}
	obj := map[string]any{}
	if base != nil {
		dec := json.NewDecoder(bytes.NewReader(base))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil {
			obj = map[string]any{} // cannot happen: base came from here
		}
	}
	for k, v := range jsonValue(p.Value).(map[string]any) {
		obj[k] = v
	}
	data, err := json.Marshal(obj) // sorts object keys
	if err != nil {
		c.errorf(p.Range.Ptr(), nil, "Invalid parameter value", "extra cannot be encoded as JSON: %v.", err)
		return base
	}
	return data
}

// jsonValue converts a known cty value to a value encoding/json encodes
// deterministically (maps sort their keys).
func jsonValue(v cty.Value) any {
	if v.IsNull() {
		return nil
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString()
	case t == cty.Number:
		return json.Number(v.AsBigFloat().Text('g', -1))
	case t == cty.Bool:
		return v.True()
	case t.IsObjectType() || t.IsMapType():
		m := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			m[k.AsString()] = jsonValue(e)
		}
		return m
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		l := []any{}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			l = append(l, jsonValue(e))
		}
		return l
	}
	return nil
}
