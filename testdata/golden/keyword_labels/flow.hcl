# Labels that are Go keywords, the names generated code uses, and dashes.
flow "names" {
  package = "names"
}

variable "ctx" {}
variable "in" {
  default = "in-default"
}
variable "strconv" {
  type    = number
  default = 1.5
}
variable "r" {
  type = bool
}
variable "time" {
  default = "now"
}
variable "json" {
  type = number
}
variable "Output" {
  default = "o"
}

agent "runtime" {
  type     = "text"
  provider = "openai"
}

agent "context" {
  type     = "text"
  provider = "openai"
}

agent "func" {
  type     = "text"
  provider = "openai"
}

task "ctx" {
  agent = agent.runtime
  input = "${var.ctx} ${var.in} ${var.strconv} ${var.r} ${var.time} ${var.json} ${var.Output}"
}

task "err" {
  agent = agent.context
  input = task.ctx.output
}

task "in" {
  agent = agent.func
  input = "${task.ctx.output}${task.err.output}"
}

task "out" {
  agent = agent.runtime
  after = [task.in]
}

task "f" {
  agent = agent.runtime
  input = "f"
  after = [task.out]
}

task "r" {
  agent = agent.runtime
  after = [task.f]
}

task "wg" {
  agent = agent.runtime
  after = [task.r]
}

task "runtime" {
  agent = agent.runtime
  after = [task.wg]
}

task "context" {
  agent = agent.runtime
  after = [task.runtime]
}

task "errors" {
  agent = agent.runtime
  after = [task.context]
}

task "strconv" {
  agent = agent.runtime
  after = [task.errors]
}

task "json" {
  agent = agent.runtime
  after = [task.strconv]
}

task "Flow" {
  agent = agent.runtime
  after = [task.json]
}

task "New" {
  agent = agent.runtime
  after = [task.Flow]
}

task "Run" {
  agent = agent.runtime
  after = [task.New]
}

task "Input" {
  agent = agent.runtime
  after = [task.Run]
}

task "Output" {
  agent = agent.runtime
  after = [task.Input]
}

task "func" {
  agent = agent.func
  after = [task.Output]
}

task "type" {
  agent = agent.func
  after = [task.func]
}

task "string" {
  agent = agent.func
  after = [task.type]
}

task "my-task" {
  agent = agent.func
  input = "${task.type.output}/${task.string.output}"
}

task "ok" {
  agent = agent.func
  after = [task.my-task]
}

task "time" {
  agent = agent.func
  input = "${task.ok.output}${task.ok.output}"
  after = [task.ok]
}

task "prompt" {
  agent = agent.func
  after = [task.time]
}
