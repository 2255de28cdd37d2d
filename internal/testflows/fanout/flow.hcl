# Fan-out under cancellation (docs/language.md#fan-out): section runs
# once per topic, at most 3 at a time; article joins the sections.
flow "fanout" {
  on_error = "continue"
}

variable "topics" {
  type = list(string)
}

agent "writer" {
  type     = "text"
  provider = "openai"
}

task "section" {
  agent       = agent.writer
  for_each    = var.topics
  concurrency = 3
  input       = "Section ${each.index}: ${each.value}"
}

task "article" {
  agent = agent.writer
  input = "${join("\n\n", task.section.output)}"
}

task "aside" {
  agent = agent.writer
  input = "Aside"
}
