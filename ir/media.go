package ir

import (
	"fmt"
	"strings"

	"github.com/intelligen/intelligen/hclspec"
)

// attach resolves t's attach entries (docs/language.md#media): a
// variable is kept for the port rules, a task becomes an edge.
func (c *checker) attach(t *Task, st *hclspec.Task) {
	if c.ty.attach == nil {
		c.ty.attach = make(map[*Task][]MediaInput)
	}
	for _, r := range st.Attach {
		switch r.Kind {
		case hclspec.RefVar:
			v := c.refVar(r, st.AttachRange)
			if v == nil {
				continue
			}
			c.ty.attach[t] = append(c.ty.attach[t], MediaInput{Var: v, Range: r.Range})
		case hclspec.RefTask:
			from := c.refTask(r, st.AttachRange)
			if from == nil {
				continue
			}
			e := &Edge{From: from, To: t, Via: ViaAttach, Range: r.Range}
			t.In = append(t.In, e)
			c.ty.attach[t] = append(c.ty.attach[t], MediaInput{Edge: e, Range: r.Range})
		}
	}
}

// mediaPorts applies the image and audio port rules to t, given its image
// and audio after edges: a vision task takes one or more images, the after
// ones then the attached ones; a recognition task exactly one audio.
func (c *checker) mediaPorts(t *Task, images, audios []*Edge) {
	st := c.srcTask[t]
	atype := t.Agent.Type
	attached := c.ty.attach[t]
	if len(attached) > 0 && atype != Vision && atype != Recognition {
		c.errorf(st.AttachRange, st.DefRange.Ptr(), "Attach on a task without media input",
			"The task %q uses the %s agent %q, which takes no images or audio. attach feeds tasks of vision agents (images) and recognition agents (audio); remove it, or use such an agent.", t.Name, atype, t.Agent.Name)
		return
	}
	var imgs, auds []MediaInput
	for _, e := range images {
		imgs = append(imgs, MediaInput{Edge: e, Range: e.Range})
	}
	for _, e := range audios {
		auds = append(auds, MediaInput{Edge: e, Range: e.Range})
	}
	for _, m := range attached {
		var typ ValueType
		switch {
		case m.Var != nil && m.Var.Type == ImageVar:
			typ = ImageValue
		case m.Var != nil && m.Var.Type == AudioVar:
			typ = AudioValue
		case m.Edge != nil:
			typ = m.Edge.Type
			if typ == "" {
				continue // the source's agent is invalid, already reported
			}
		}
		switch {
		case typ == ImageValue && atype == Vision:
			imgs = append(imgs, m)
		case typ == AudioValue && atype == Recognition:
			auds = append(auds, m)
		case typ == ImageValue || typ == AudioValue:
			c.errorf(m.Range.Ptr(), st.AttachRange, "Incompatible input type",
				"%s is %s, but task %q uses agent %q, %s %s agent, which accepts %s. %s",
				mediaName(m), valueNoun(typ), t.Name, t.Agent.Name, article(string(atype)), atype, accepts(atype), mediaHint(typ))
		default:
			var what string
			if m.Var != nil {
				what = fmt.Sprintf("a %s variable", m.Var.Type)
			} else {
				what = fmt.Sprintf("%s, the output of the %s agent %q", valueNoun(typ), m.Edge.From.Agent.Type, m.Edge.From.Agent.Name)
			}
			c.errorf(m.Range.Ptr(), st.AttachRange, "Invalid attach entry",
				"%s is %s. attach takes images and audio only: a variable with type = image or type = audio, or the output of an image or speech task.", mediaName(m), what)
		}
	}
	switch atype {
	case Vision:
		t.Images = imgs
		if len(imgs) == 0 {
			c.errorf(st.NameRange.Ptr(), st.DefRange.Ptr(), "Missing image input",
				"The task %q uses the vision agent %q, which needs at least one image: add an image task (%s image agent) to after, as in after = [task.NAME], or attach an image variable, as in attach = [var.photo].", t.Name, t.Agent.Name, strings.Join(providersOffering(Image), " or "))
		}
	case Recognition:
		switch {
		case len(auds) == 0:
			c.errorf(st.NameRange.Ptr(), st.DefRange.Ptr(), "Missing audio input",
				"The task %q uses the recognition agent %q, which needs exactly one audio: add a speech task to after, as in after = [task.NAME], or attach an audio variable, as in attach = [var.recording].", t.Name, t.Agent.Name)
		case len(auds) > 1:
			for _, m := range auds[1:] {
				c.errorf(m.Range.Ptr(), nil, "Too many audio inputs",
					"The task %q uses the recognition agent %q, which takes exactly one audio, but %s is the second one (the first is %s at %s). Remove one of them.", t.Name, t.Agent.Name, mediaName(m), mediaName(auds[0]), at(auds[0].Range))
			}
		default:
			t.Audio = &auds[0]
		}
	}
}

// mediaName is a media input as written: var.photo or task.logo.
func mediaName(m MediaInput) string {
	if m.Var != nil {
		return "var." + m.Var.Name
	}
	return "task." + m.Edge.From.Name
}

func mediaHint(v ValueType) string {
	if v == ImageValue {
		return "Images feed tasks of vision agents."
	}
	return "Audio feeds tasks of recognition agents."
}

// mediaDefault reports the default of an image or audio variable.
func (c *checker) mediaDefault(v *Variable, d *hclspec.Value) {
	c.errorf(d.Range.Ptr(), span(d.NameRange, d.Range), "Invalid default value",
		"The %s variable %q has no default: the program always passes it in Input. Remove the default.", v.Type, v.Name)
}
