flow "routing" {
  description = "Routes a request by its urgency; skips move along data, not along order."
}

variable "urgent" {
  type    = bool
  default = true
}

variable "tier" {
  type    = string
  default = "gold"
}

variable "score" {
  type    = number
  default = 7
}

agent "writer" {
  type     = "text"
  provider = "openai"
}

task "classify" {
  agent = agent.writer
  input = "Classify the request."
}

task "escalate" {
  agent = agent.writer
  when  = var.urgent && var.score >= 5
  input = "Escalate: ${task.classify.output}"
}

task "answer" {
  agent = agent.writer
  when  = !var.urgent || (var.tier != "gold" && var.score < 3.5)
  input = "Answer directly: ${task.classify.output}"
}

task "check" {
  agent = agent.writer
  when  = task.classify.output == "never"
  input = "Double-check."
}

# Both alternatives may be skipped and there is no literal: reply may be
# skipped too (here escalate ran, so it runs).
task "reply" {
  agent = agent.writer
  input = "Reply with: ${coalesce(task.escalate.output, task.answer.output)}"
}

# A skipped task in after contributes no part; coalesce falls back to its
# literal.
task "note" {
  agent = agent.writer
  input = "Checked: ${coalesce(task.check.output, "not checked")}"
  after = [task.answer, task.classify]
}

# Needs a skipped task's output: skipped.
task "follow" {
  agent = agent.writer
  input = "Follow up on ${task.check.output}"
}

# Runs: follow in after only contributes no part.
task "archive" {
  agent = agent.writer
  input = "Archive."
  after = [task.follow]
}

# Every alternative was skipped and there is no literal: skipped.
task "final" {
  agent = agent.writer
  input = "${coalesce(task.follow.output, task.check.output)}"
}
