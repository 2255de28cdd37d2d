package intelligen_test

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/internal/simtest"
	"github.com/intelligen/intelligen/ir"
)

// TestGoldenTypedRuns checks what the typed and media golden cases print
// in simulation (want/run.txt, which TestGolden compares with the
// compiled flows' output) against docs/language.md#typed-outputs and
// docs/simulator.md#typed-outputs, computed with internal/simtest alone:
// each typed answer, and each prompt made from typed values.
func TestGoldenTypedRuns(t *testing.T) {
	for name, expect := range map[string]func(w *ir.Workflow) []string{
		"typed_schema": expectTypedSchema,
		"typed_inline": expectTypedInline,
		"media_inputs": expectMediaInputs,
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata/golden", name)
			w, _ := generate(t, dir)
			got, err := os.ReadFile(filepath.Join(dir, "want", "run.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.Join(expect(w), "\n") + "\n"; string(got) != want {
				t.Errorf("want/run.txt:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// taskType is the output type of task name.
func taskType(w *ir.Workflow, name string) *ir.Type {
	for _, t := range w.Tasks {
		if t.Name == name {
			return t.Type
		}
	}
	panic("no task " + name)
}

func decode(s string, v any) {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		panic(err)
	}
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func expectTypedSchema(w *ir.Workflow) []string {
	typ := taskType(w, "triage")
	triage := simtest.Typed(typ, "triage", "Triage this ticket: value of ticket!")
	var v struct {
		Category string
		Urgent   bool
		Score    float64
		Summary  string
		Tags     []string
		Owner    json.RawMessage
	}
	decode(triage, &v)
	var owner struct {
		Name, Email string
		Nick        *string
	}
	var nick string
	if string(v.Owner) != "null" {
		decode(string(v.Owner), &owner)
		if owner.Nick != nil {
			nick = *owner.Nick
		}
	}
	prompt := fmt.Sprintf("Answer the %s ticket (urgent: %t, score %s) about %s.\nTags: %s. Owner: %s <%s> aka %s.\nOwner as JSON: %s; team: 3.\n",
		v.Category, v.Urgent, num(v.Score), v.Summary, strings.Join(v.Tags, ", "), owner.Name, owner.Email, nick, v.Owner)
	recheck := simtest.Typed(typ, "recheck", "Check this verdict again.\n\n"+triage)
	return []string{
		"triage: " + triage,
		fmt.Sprintf("answer: %q", simtest.Text("answer", prompt)),
		"recheck: " + recheck,
	}
}

func expectTypedInline(w *ir.Workflow) []string {
	counts := simtest.Typed(taskType(w, "counts"), "counts", "Count words about islands")
	outline := simtest.Typed(taskType(w, "outline"), "outline", "Outline islands")
	meta := simtest.Typed(taskType(w, "meta"), "meta", "Describe islands")
	tone := simtest.Typed(taskType(w, "tone"), "tone", "Pick a tone, strict: true")
	length := simtest.Typed(taskType(w, "length"), "length", `How long? "islands"`)
	var m struct {
		Author struct {
			Name string
			Age  *float64
		}
		Mood    string
		Weights []float64
		Flags   []bool
		Levels  []string
	}
	decode(meta, &m)
	age := ""
	if m.Author.Age != nil {
		age = num(*m.Author.Age)
	}
	var weights, flags []string
	for _, x := range m.Weights {
		weights = append(weights, num(x))
	}
	for _, x := range m.Flags {
		flags = append(flags, strconv.FormatBool(x))
	}
	var l float64
	decode(length, &l)
	prompt := fmt.Sprintf("Write in the tone below, %s words, by %s (%s), %s: %s / %s / %s. Counts: %s.\n\n%s\n\n%s",
		num(l), m.Author.Name, age, m.Mood, strings.Join(weights, " | "), strings.Join(flags, ","), strings.Join(m.Levels, ","), counts, outline, tone)
	return []string{
		"counts: " + counts,
		"outline: " + outline,
		"meta: " + meta,
		"tone: " + tone,
		"length: " + length,
		fmt.Sprintf("write: %q", simtest.Text("write", prompt)),
	}
}

func expectMediaInputs(w *ir.Workflow) []string {
	photo, sketch, memo := []byte("value of photo"), []byte("value of sketch"), []byte("value of memo")
	paint := simtest.Image("paint", "A lighthouse")
	sum := sha256.Sum256(paint)
	return []string{
		fmt.Sprintf("paint: image/png, %d bytes, sha256 %x", len(paint), sum[:8]),
		fmt.Sprintf("compare: %q", simtest.Text("compare", "Compare these pictures.", paint, photo, sketch)),
		"objects: " + simtest.Typed(taskType(w, "objects"), "objects", "List what the photo shows.", photo),
		fmt.Sprintf("transcript: %q", simtest.Text("transcript", "", memo)),
	}
}
