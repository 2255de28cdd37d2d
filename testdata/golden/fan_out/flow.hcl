flow "fanout" {
  description = "Writes one paragraph per topic, in parallel, then joins them."
  max_parallel = 3
}

variable "topics" {
  type        = list(string)
  default     = ["whales", "krill", "plankton"]
  description = "One paragraph each"
}

variable "none" {
  type    = list(string)
  default = []
}

variable "one" {
  type    = list(number)
  default = [1.5]
}

variable "flags" {
  type = list(bool)
}

agent "writer" {
  type     = "text"
  provider = "openai"
}

task "paragraph" {
  agent       = agent.writer
  for_each    = var.topics
  concurrency = 2
  input       = "Paragraph ${each.index} of ${join(", ", var.topics)}: ${each.value}"
}

# Fans out over another fan-out's output.
task "title" {
  agent    = agent.writer
  for_each = task.paragraph.output
  input    = "Title for: ${each.value}"
}

task "empty" {
  agent    = agent.writer
  for_each = var.none
  input    = "Never called: ${each.value}"
}

task "single" {
  agent    = agent.writer
  for_each = var.one
  input    = "Number ${each.value} at ${each.index}, flags ${join(" ", var.flags)}"
}

# Joins the fan-out: with join in the template, and as an after entry
# (its canonical JSON).
task "article" {
  agent = agent.writer
  input = "Join:\n${join("\n\n", task.paragraph.output)}"
  after = [task.title]
}

# Skips when the list is empty.
task "summary" {
  agent = agent.writer
  when  = length(task.empty.output) > 0 || length(var.none) > 0
  input = "Summarize ${join(", ", task.empty.output)}"
}
