# Skips under on_error = "continue" (docs/language.md#conditions):
#
#   gate (when false) -> e (needs it: skipped), d (after only: runs)
#   a (fails)         -> b (after), c (coalesce): neither is called
#   d -> f (when over d's output)
flow "skips" {
  on_error = "continue"
  log      = true
}

variable "open" {
  type    = bool
  default = false
}

agent "worker" {
  type     = "text"
  provider = "openai"
}

task "a" {
  agent = agent.worker
  input = "A"
}

task "gate" {
  agent = agent.worker
  when  = var.open
  input = "G"
}

task "b" {
  agent = agent.worker
  input = "B"
  after = [task.a]
}

task "c" {
  agent = agent.worker
  input = "C ${coalesce(task.a.output, "none")}"
}

task "d" {
  agent = agent.worker
  input = "D"
  after = [task.gate]
}

task "e" {
  agent = agent.worker
  input = "E ${task.gate.output}"
}

task "f" {
  agent = agent.worker
  when  = task.d.output != "x"
  input = "F"
}
