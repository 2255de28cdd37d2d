# a feeds b and c; d waits for both.
flow "diamond" {}

agent "writer" {
  type     = "text"
  provider = "anthropic"
}

task "a" {
  agent = agent.writer
  input = "start"
}

task "b" {
  agent = agent.writer
  input = "left of ${task.a.output}"
}

task "c" {
  agent = agent.writer
  input = "right of ${task.a.output}"
}

task "d" {
  agent = agent.writer
  input = "join"
  after = [task.b, task.c]
}
